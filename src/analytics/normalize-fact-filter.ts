import { VOCABULARY_FILTERS } from "../model/index.js";
import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import { PERIOD_SPELLINGS, parsePeriod, type PeriodCode } from "../shared/period.js";
import { normalizeName } from "../shared/vietnamese-text.js";
import type { BoundaryName } from "./boundary.js";
import { areasNamed, suggestAreas } from "./catalog/area-match.js";
import { DIMENSIONS, type DimensionName } from "./dimensions.js";
import { factFilter, type FactFilter, type VocabularyFilters, type YearRange } from "./fact-filter.js";
import type { FactTableDef } from "./fact-table.js";
import type { CatalogArea, FilterCatalog } from "./filter-catalog.js";
import { AnalyticsInputError } from "./input-error.js";

/**
 * A filter as the API receives it: every field optional, areas and periods as typed by a person, sources by id
 * or address; the vocabulary filters (`levels`, `fundingSources`, `budgetLevels`, `stages`) as their values.
 */
export interface FactFilterInput extends Partial<VocabularyFilters> {
  readonly areas?: ReadonlyArray<string> | null;
  readonly regions?: ReadonlyArray<string> | null;
  readonly years?: { readonly from?: number | null; readonly to?: number | null } | null;
  readonly periods?: ReadonlyArray<string> | null;
  readonly activities?: ReadonlyArray<string> | null;
  readonly outputTypes?: ReadonlyArray<string> | null;
  readonly sources?: ReadonlyArray<number> | null;
  readonly sourceUrls?: ReadonlyArray<string> | null;
}

export interface NormalizeContext {
  readonly catalog: FilterCatalog;
  readonly table: FactTableDef;
  readonly boundary: BoundaryName;
  /** The argument's name in messages: `filter`. */
  readonly argument: string;
}

/**
 * Parses loose filter input into a strict `FactFilter`, or throws an AnalyticsInputError that names the
 * argument, quotes the culprit and suggests a fix. Areas are found as `resolveArea` says (`"North"`, `"hanoi"`,
 * `"TP.HCM"`); under MERGED_2025 a pre-2025 province counts as the 2025 province it merged into. When every
 * area has one level and no levels are given, that level is pinned (a region's total is never summed with
 * provinces). Years must lie in the data's range; periods accept `FY`, `H1`, `6 tháng`, `9M`…; sources are
 * ids (`sources`) or addresses (`sourceUrls`, trimmed, exact), and both together mean either. The vocabulary
 * filters pass through as given.
 * Example: `{ areas: ["Tây Nguyên"], stages: ["plan"] }` → AnalyticsInputError `Unknown area "Tây Nguyên" in
 * argument "filter.areas". Did you mean "Khu vực miền Trung - Tây Nguyên" (central-highlands)?`;
 * `{ areas: ["hanoi"], sourceUrls: ["sources/2024-05-north-conference-xviii.txt"] }` → `areaIds: ["01"]`,
 * `sourceIds: [the file's id]`.
 */
export function normalizeFactFilter(
  input: FactFilterInput | null | undefined,
  context: NormalizeContext,
): FactFilter {
  const { catalog, table, boundary, argument } = context;
  const value = input ?? {};
  const areas = value.areas?.map((text) => resolveArea(text, catalog, boundary, `${argument}.areas`)) ?? null;
  const areaIds = areas?.map((a) => areaUnder(a, boundary, catalog).id) ?? null;
  let levels = value.levels ?? null;
  if (levels === null && areas !== null && areas.length > 0) {
    const areaLevels = new Set(areas.map((a) => areaUnder(a, boundary, catalog).level));
    if (areaLevels.size === 1) levels = [...areaLevels];
  }
  const regions =
    value.regions?.map((text) => {
      const area = resolveArea(text, catalog, "HISTORICAL", `${argument}.regions`);
      if (area.level !== "region") {
        throw new AnalyticsInputError(
          `"${text}" in argument "${argument}.regions" is a ${area.level}, not a region. Use "${argument}.areas" for it, or a region such as "north".`,
          `${argument}.regions`,
        );
      }
      return area.id;
    }) ?? null;
  const range = table.kind === "funding" ? catalog.fundingYears : catalog.outputYears;
  let years: YearRange | null = null;
  if (value.years) {
    const from = value.years.from ?? range?.from ?? 0;
    const to = value.years.to ?? range?.to ?? 0;
    checkYear(from, range, `${argument}.years.from`);
    checkYear(to, range, `${argument}.years.to`);
    if (to < from) {
      throw new AnalyticsInputError(
        `The years in argument "${argument}.years" end (${to}) before they start (${from}). Swap them.`,
        `${argument}.years`,
      );
    }
    years = { from, to };
  }
  const periods = value.periods?.map((text) => normalizePeriod(text, `${argument}.periods`)) ?? null;
  const activities = value.activities?.map((code) =>
    known(code, catalog.activities, "activity", `${argument}.activities`),
  );
  const outputTypes = value.outputTypes?.map((code) =>
    known(code, catalog.outputTypes, "output type", `${argument}.outputTypes`),
  );
  // The vocabulary filters pass through: GraphQL has checked their values against the enums.
  const vocabularies = Object.fromEntries(
    VOCABULARY_FILTERS.map(({ field }) => [field, (value as Record<string, unknown>)[field] ?? null]),
  ) as VocabularyFilters;
  return factFilter({
    ...vocabularies,
    areaIds,
    levels,
    regionIds: regions,
    years,
    periods,
    activities: activities ?? null,
    outputTypes: outputTypes ?? null,
    sourceIds: resolveSources(value.sources, value.sourceUrls, catalog, argument),
  });
}

/**
 * The source ids a filter names, by id and by address (either: the union), or null when it names none.
 * Ids are checked against the snapshot; an address is the source's `url`, trimmed, matched exactly.
 */
function resolveSources(
  ids: ReadonlyArray<number> | null | undefined,
  urls: ReadonlyArray<string> | null | undefined,
  catalog: FilterCatalog,
  argument: string,
): ReadonlyArray<number> | null {
  if ((ids === null || ids === undefined) && (urls === null || urls === undefined)) return null;
  for (const id of ids ?? []) {
    if (!catalog.sourceIds.has(id)) {
      throw new AnalyticsInputError(
        `Unknown source ${id} in argument "${argument}.sources"; list the sources with the sources query, or filter by address with "${argument}.sourceUrls".`,
        `${argument}.sources`,
      );
    }
  }
  const byUrl = (url: string): number => {
    const id = catalog.sourceIdsByUrl.get(url.trim());
    if (id !== undefined) return id;
    const hint = formatDidYouMean(didYouMean(url.trim(), [...catalog.sourceIdsByUrl.keys()]));
    throw new AnalyticsInputError(
      `Unknown source address ${JSON.stringify(url)} in argument "${argument}.sourceUrls".${hint || " List the sources and their addresses with the sources query."}`,
      `${argument}.sourceUrls`,
    );
  };
  return [...(ids ?? []), ...(urls ?? []).map(byUrl)];
}

/**
 * The area a person means, by `areasNamed` (src/analytics/catalog/area-match.ts): its id in any case (`"North"`,
 * `"vn"`), else any spelling of its name with diacritics, case, spaces and `tỉnh`/`TP` prefixes ignored
 * (`"hanoi"`, `"dak lak"`, `"TP.HCM"`), else its initials (`"hcm"`) when they fit one place only. A name shared
 * by a pre-2025 province and its 2025 successor picks the unit of the boundary. Throws with a did-you-mean
 * (`suggestAreas`) otherwise.
 */
export function resolveArea(
  text: string,
  catalog: FilterCatalog,
  boundary: BoundaryName,
  argumentName: string,
): CatalogArea {
  // The units of the boundary first: they are picked, and named in messages, before the others.
  const preferred = boundary === "MERGED_2025" ? "2025" : "historical";
  const areas = [...catalog.areas].sort(
    (a, b) => Number(b.boundary === preferred) - Number(a.boundary === preferred),
  );
  const describe = (a: CatalogArea) => `"${a.nameVi}" (${a.id})`;
  const named = areasNamed(text, areas);
  if (named !== null) {
    // Initials can fit different places ("hn": Hà Nội, Hà Nam); one place's units share its name.
    const places = new Map<string, CatalogArea>();
    for (const a of named.areas)
      if (!places.has(normalizeName(a.nameVi))) places.set(normalizeName(a.nameVi), a);
    if (named.match === "abbreviation" && places.size > 1) {
      throw new AnalyticsInputError(
        `Area "${text}" in argument "${argumentName}" is ambiguous: it may be ${[...places.values()].map(describe).join(" or ")}. Give the area's id or full name.`,
        argumentName,
      );
    }
    return named.areas[0];
  }
  const hint = formatDidYouMean(suggestAreas(text, areas).map(describe), (s) => s);
  throw new AnalyticsInputError(
    `Unknown area "${text}" in argument "${argumentName}".${hint || " List the areas with the areas query."}`,
    argumentName,
  );
}

/** The unit an area counts as under a boundary: a pre-2025 province's successor under MERGED_2025. */
export function areaUnder(area: CatalogArea, boundary: BoundaryName, catalog: FilterCatalog): CatalogArea {
  if (boundary !== "MERGED_2025" || area.level !== "province" || area.successorId === null) return area;
  return catalog.areasById.get(area.successorId) ?? area;
}

/** Refuses a year outside the data's range, naming the range. */
export function checkYear(year: number, range: YearRange | null, argumentName: string): void {
  if (range === null) return;
  if (!Number.isInteger(year) || year < range.from || year > range.to) {
    throw new AnalyticsInputError(
      `The year ${year} in argument "${argumentName}" is outside the data's range ${range.from}–${range.to}. Pick a year in that range.`,
      argumentName,
    );
  }
}

/** A period code from any accepted spelling (`FY`, `cả năm`, `H1`, `6 tháng`, `9M`…), or a did-you-mean error. */
export function normalizePeriod(text: string, argumentName: string): PeriodCode {
  const code = parsePeriod(text);
  if (code !== null) return code;
  throw new AnalyticsInputError(
    `Unknown period "${text}" in argument "${argumentName}".${formatDidYouMean(didYouMean(text, PERIOD_SPELLINGS)) || " Periods are FY, H1, 8M, 9M, 11M, 18M, 2Y, 3Y, 5Y, 7Y, 10Y, CUMULATIVE and PROGRAMME."}`,
    argumentName,
  );
}

/** Checks a groupBy list against the fact table: no repeats, only dimensions the table has. */
export function normalizeGroupBy(
  dimensions: ReadonlyArray<DimensionName>,
  table: FactTableDef,
  argumentName: string,
  forbidden: ReadonlyArray<DimensionName> = [],
): ReadonlyArray<DimensionName> {
  const seen = new Set<DimensionName>();
  for (const name of dimensions) {
    if (!DIMENSIONS[name].appliesTo(table) || forbidden.includes(name)) {
      throw new AnalyticsInputError(
        `Cannot group ${table.kind} by "${name}" in argument "${argumentName}": ${forbidden.includes(name) ? "it is already the axis of this analysis" : `${table.kind} facts have no ${name}`}.`,
        argumentName,
      );
    }
    seen.add(name);
  }
  return Object.freeze([...seen]);
}

function known(code: string, values: ReadonlyArray<string>, what: string, argumentName: string): string {
  if (values.includes(code)) return code;
  throw new AnalyticsInputError(
    `Unknown ${what} "${code}" in argument "${argumentName}".${formatDidYouMean(didYouMean(code, values))}`,
    argumentName,
  );
}
