/*
 * Coverage of a cell's measure: which figures its filter keeps, and when it keeps none, which filter removed
 * them. The figures come from the API's own fact listing (`fundingFacts` / `outputFacts`, preferred versions:
 * schema/operations/notebook-ui.graphql, FundingCoverage and OutputCoverage), through a `CountFacts` the caller
 * gives (the page's HTTP client, a test's server).
 */

/** The fact table a cell reads: outputs for `outputTrend`, `outputs`, `outputFacts`; funding otherwise. */
export type FactKind = "funding" | "output";

/** A cell's measure: the fact table and the `FactFilterInput` it sends (its years folded in). */
export interface CellMeasure {
  readonly kind: FactKind;
  readonly filter: Readonly<Record<string, unknown>>;
}

/** One preferred figure, as the coverage operations list it. */
export interface CoverageFact {
  readonly area: string;
  readonly areaName: string;
  readonly yearFrom: number;
  readonly yearTo: number;
  readonly stage: string;
  readonly fundingSource: string;
  readonly level: string;
}

/** The figures a filter keeps: how many, and (up to the operations' page of 1000) which. */
export interface Coverage {
  readonly totalCount: number;
  readonly facts: ReadonlyArray<CoverageFact>;
}

export type CountFacts = (kind: FactKind, filter: Readonly<Record<string, unknown>>) => Promise<Coverage>;

/** Filter fields an explanation names, with how to say them and the fact field to group by. */
const FILTERS: ReadonlyArray<{
  readonly key: string;
  readonly label: string;
  readonly group: ((fact: CoverageFact) => string) | null;
}> = [
  { key: "areas", label: "area", group: (fact) => `${fact.areaName} (${fact.area})` },
  { key: "years", label: "years", group: (fact) => yearsOf(fact) },
  { key: "stages", label: "stage", group: (fact) => fact.stage },
  { key: "fundingSources", label: "funding source", group: (fact) => fact.fundingSource },
  { key: "levels", label: "published level", group: (fact) => fact.level },
  { key: "regions", label: "region", group: null },
  { key: "periods", label: "period", group: null },
  { key: "budgetLevels", label: "budget level", group: null },
  { key: "details", label: "level of detail", group: null },
  { key: "activities", label: "activity", group: null },
  { key: "outputTypes", label: "output type", group: null },
  { key: "sources", label: "source", group: null },
  { key: "sourceUrls", label: "source address", group: null },
];

const OUTPUT_FIELDS = /^\s*(?:query\b[^{]*)?\{\s*(?:\w+\s*:\s*)?(outputTrend|outputs|outputFacts)\b/;

/**
 * The measure of a cell from the variables it sent: its `filter` object, with the `from`/`to` years of a
 * trend folded in as `years` when the filter has none. Undefined when the cell sends no filter.
 */
export function cellMeasure(
  query: string,
  variables: Readonly<Record<string, unknown>> | null,
): CellMeasure | undefined {
  const filter = variables?.["filter"];
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) return undefined;
  const kind: FactKind = OUTPUT_FIELDS.test(query) ? "output" : "funding";
  const from = variables?.["from"];
  const to = variables?.["to"];
  const withYears =
    (filter as Record<string, unknown>)["years"] === undefined &&
    typeof from === "number" &&
    typeof to === "number"
      ? { ...filter, years: { from, to } }
      : filter;
  return { kind, filter: withYears as Record<string, unknown> };
}

/**
 * Why the measure has no figures, as sentences: each filter whose removal alone brings figures back, with what
 * there is instead (the values that do have figures, and how many). Empty when the filter does keep figures
 * (the analysis then had nothing to show for another reason, said by the last sentence).
 *
 * @example for Thái Nguyên in the north's plan → ["No figures match area Thái Nguyên (19), years 2021–2025,
 *   stage PLAN and funding source TOTAL together.", "The area filter removed everything: with the others, 5
 *   figures exist, for Khu vực phía Bắc (north) 5.", …]
 */
export async function explainEmptyResult(
  measure: CellMeasure,
  count: CountFacts,
  areaName: (id: string) => string = (id) => id,
): Promise<ReadonlyArray<string>> {
  const describeValue = (key: string, value: unknown): string =>
    key === "areas" && Array.isArray(value)
      ? value.map((id) => areaName(String(id))).join(", ")
      : describeText(key, value);
  const describeFilters = (filter: Readonly<Record<string, unknown>>, present: typeof FILTERS): string => {
    if (present.length === 0) return "the cell's measure";
    const parts = present.map(({ key, label }) => `${label} ${describeValue(key, filter[key])}`);
    return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  };
  const all = await count(measure.kind, measure.filter);
  const present = FILTERS.filter(({ key }) => isSet(measure.filter[key]));
  if (all.totalCount > 0) {
    return [
      `${figures(all.totalCount)} ${all.totalCount === 1 ? "matches" : "match"} ${describeFilters(measure.filter, present)}, but the query's own arguments leave no rows.`,
    ];
  }
  const lines = [`No figures match ${describeFilters(measure.filter, present)} together.`];
  let explained = false;
  for (const filter of present) {
    const { [filter.key]: _, ...others } = measure.filter;
    const relaxed = await count(measure.kind, others);
    if (relaxed.totalCount === 0) continue;
    explained = true;
    const groups = filter.group === null ? "" : `: ${describeGroups(relaxed, filter.group)}`;
    lines.push(
      `The ${filter.label} filter (${describeValue(filter.key, measure.filter[filter.key])}) removed everything: without it, ${figures(relaxed.totalCount)} ${relaxed.totalCount === 1 ? "matches" : "match"}${groups}.`,
    );
  }
  if (!explained)
    lines.push("No single filter explains it: without any one of them, still no figures match.");
  return lines;
}

/** Figures per area id among `coverage`'s facts: what the area picker shows beside each area. */
export function figuresByArea(coverage: Coverage): ReadonlyMap<string, number> {
  return countBy(coverage.facts, (fact) => fact.area);
}

/** Figures per year among `coverage`'s facts (a multi-year figure counts in its last year). */
export function figuresByYear(coverage: Coverage): ReadonlyMap<number, number> {
  const counts = new Map<number, number>();
  for (const fact of coverage.facts) counts.set(fact.yearTo, (counts.get(fact.yearTo) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => a - b));
}

/** The measure without one filter field: what a picker for that field should count against. */
export function withoutFilter(measure: CellMeasure, key: string): CellMeasure {
  const { [key]: _, ...rest } = measure.filter;
  return { kind: measure.kind, filter: rest };
}

function countBy<K>(facts: ReadonlyArray<CoverageFact>, key: (fact: CoverageFact) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const fact of facts) counts.set(key(fact), (counts.get(key(fact)) ?? 0) + 1);
  return counts;
}

function describeGroups(coverage: Coverage, group: (fact: CoverageFact) => string): string {
  const counts = [...countBy(coverage.facts, group)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = counts.slice(0, 6).map(([value, n]) => `${value} ${n}`);
  if (counts.length > 6) shown.push(`and ${counts.length - 6} more`);
  const partial =
    coverage.facts.length < coverage.totalCount ? ` (among the first ${coverage.facts.length})` : "";
  return `${shown.join(", ")}${partial}`;
}

function describeText(key: string, value: unknown): string {
  if (key === "years" && typeof value === "object" && value !== null) {
    const { from, to } = value as { from?: number; to?: number };
    return from === to ? String(from ?? "…") : `${from ?? "…"}–${to ?? "…"}`;
  }
  return Array.isArray(value) ? value.join(", ") : String(value);
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return !Array.isArray(value) || value.length > 0;
}

function yearsOf(fact: CoverageFact): string {
  return fact.yearFrom === fact.yearTo ? String(fact.yearTo) : `${fact.yearFrom}–${fact.yearTo}`;
}

function figures(n: number): string {
  return n === 1 ? "1 figure" : `${n} figures`;
}
