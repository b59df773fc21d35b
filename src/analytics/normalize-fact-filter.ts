import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import { PERIOD_SPELLINGS, parsePeriod, type PeriodCode } from "../shared/period.js";
import { normalizeName } from "../shared/vietnamese-text.js";
import type { AreaLevel, FundingSource, OutputStage } from "../warehouse/tables.js";
import type { BoundaryName } from "./boundary.js";
import { DIMENSIONS, type DimensionName } from "./dimensions.js";
import { factFilter, type FactFilter, type YearRange } from "./fact-filter.js";
import type { FactTableDef } from "./fact-table.js";
import type { CatalogArea, FilterCatalog } from "./filter-catalog.js";
import { AnalyticsInputError } from "./input-error.js";

/** A filter as the API receives it: every field optional, areas and periods as typed by a person. */
export interface FactFilterInput {
  readonly areas?: ReadonlyArray<string> | null;
  readonly levels?: ReadonlyArray<AreaLevel> | null;
  readonly regions?: ReadonlyArray<string> | null;
  readonly years?: { readonly from?: number | null; readonly to?: number | null } | null;
  readonly periods?: ReadonlyArray<string> | null;
  readonly fundingSources?: ReadonlyArray<FundingSource> | null;
  readonly stages?: ReadonlyArray<OutputStage> | null;
  readonly activities?: ReadonlyArray<string> | null;
  readonly outputTypes?: ReadonlyArray<string> | null;
  readonly sources?: ReadonlyArray<number> | null;
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
 * argument, quotes the culprit and suggests a fix. Areas are found by id, Vietnamese name, name without
 * diacritics, English name or alias (`"Ha Giang"`, `"TP HCM"`); under MERGED_2025 a pre-2025 province counts
 * as the 2025 province it merged into. When every area has one level and no levels are given, that level is
 * pinned (a region's total is never summed with provinces). Years must lie in the data's range; periods
 * accept `FY`, `H1`, `6 tháng`, `9M`…
 * Example: `{ areas: ["Bac"], stages: ["plan"] }` → AnalyticsInputError `Unknown area "Bac" in argument
 * "filter.areas". Did you mean "Bắc Giang" (24), …?`.
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
  for (const id of value.sources ?? []) {
    if (!catalog.sourceIds.has(id)) {
      throw new AnalyticsInputError(
        `Unknown source ${id} in argument "${argument}.sources". Source ids run from ${Math.min(...catalog.sourceIds)} to ${Math.max(...catalog.sourceIds)}; list them with the sources query.`,
        `${argument}.sources`,
      );
    }
  }
  return factFilter({
    areaIds,
    levels,
    regionIds: regions,
    years,
    periods,
    fundingSources: value.fundingSources ?? null,
    stages: value.stages ?? null,
    activities: activities ?? null,
    outputTypes: outputTypes ?? null,
    sourceIds: value.sources ?? null,
  });
}

/**
 * The area a person means: by id, then by any spelling of its name (diacritics, case and `tỉnh`/`TP`
 * prefixes ignored); a name shared by a pre-2025 province and its 2025 successor picks the unit of the
 * boundary. Throws with a did-you-mean over names and ids.
 */
export function resolveArea(
  text: string,
  catalog: FilterCatalog,
  boundary: BoundaryName,
  argumentName: string,
): CatalogArea {
  const byId = catalog.areasById.get(text.trim());
  if (byId !== undefined) return byId;
  const key = normalizeName(text);
  const matches = catalog.areas.filter((a) =>
    [a.nameVi, a.nameAscii, a.nameEn, ...a.aliases].some((name) => normalizeName(name) === key),
  );
  const preferred = boundary === "MERGED_2025" ? "2025" : "historical";
  const match = matches.find((a) => a.boundary === preferred) ?? matches[0];
  if (match !== undefined) return match;
  const spellings = new Map<string, CatalogArea>();
  for (const a of catalog.areas) {
    for (const name of [a.nameVi, a.nameAscii, a.id, ...a.aliases])
      if (!spellings.has(name)) spellings.set(name, a);
  }
  const suggestions = didYouMean(text, [...spellings.keys()]);
  const seen = new Set<string>();
  const unique = suggestions.filter((s) => {
    const id = (spellings.get(s) as CatalogArea).id;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const hint = formatDidYouMean(unique, (s) => {
    const area = spellings.get(s) as CatalogArea;
    return `"${area.nameVi}" (${area.id})`;
  });
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
