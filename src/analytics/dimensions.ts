import { sql, type RawBuilder } from "kysely";
import { areaKeySql, type BoundaryName } from "./boundary.js";
import type { FactTableDef } from "./fact-table.js";

/** The dimensions facts can be grouped by. */
export type DimensionName =
  | "area"
  | "level"
  | "region"
  | "year"
  | "period"
  | "fundingSource"
  | "budgetLevel"
  | "stage"
  | "activity"
  | "detail"
  | "outputType"
  | "source"
  | "unit";

/** Where a dimension's human label comes from, joined after aggregation on the key. */
export type LabelSource = "area" | "activity" | "source" | null;

export interface DimensionDef {
  readonly name: DimensionName;
  /** The result column of the key: `k_area`. A fixed identifier, never user text. */
  readonly column: string;
  /** The key's SQL over the fact `f` and its area `a` under a boundary. */
  readonly key: (boundary: BoundaryName) => RawBuilder<unknown>;
  /** True when `key` reads the area row `a`. */
  readonly needsArea: (boundary: BoundaryName) => boolean;
  readonly label: LabelSource;
  /** Whether the fact table has this dimension. */
  readonly appliesTo: (table: FactTableDef) => boolean;
}

const always = (): boolean => true;
const never = (): boolean => false;

const def = (
  name: DimensionName,
  key: (boundary: BoundaryName) => RawBuilder<unknown>,
  options: Partial<Pick<DimensionDef, "needsArea" | "label" | "appliesTo">> = {},
): DimensionDef =>
  Object.freeze({
    name,
    column: `k_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
    key,
    needsArea: options.needsArea ?? never,
    label: options.label ?? null,
    appliesTo: options.appliesTo ?? always,
  });

/**
 * The frozen registry of groupable dimensions and their SQL. `year` keys a fact by its span encoded as
 * `year_from * 10000 + year_to` (20242024 for 2024, 20212025 for 2021–2025), so a multi-year total is never
 * added to a single year; `decodeYearKey` turns it back. `region` is the region a regional fact was published
 * for, or the khuyến công region of a province (`area.region_id`); nation-level facts have none.
 */
export const DIMENSIONS: Readonly<Record<DimensionName, DimensionDef>> = Object.freeze({
  area: def("area", areaKeySql, { needsArea: (b) => b === "MERGED_2025", label: "area" }),
  level: def("level", () => sql`f.geo_level`),
  region: def(
    "region",
    () => sql`(CASE f.geo_level WHEN 'region' THEN f.area_id WHEN 'province' THEN a.region_id END)`,
    { needsArea: always, label: "area" },
  ),
  year: def("year", () => sql`(CAST(f.year_from AS INTEGER) * 10000 + f.year_to)`),
  period: def("period", () => sql`f.period`),
  fundingSource: def("fundingSource", () => sql`f.funding_source`),
  budgetLevel: def("budgetLevel", () => sql`f.budget_level`, { appliesTo: (t) => t.hasBudgetLevel }),
  stage: def("stage", () => sql`f.stage`),
  activity: def("activity", () => sql`f.activity_code`, {
    label: "activity",
    appliesTo: (t) => t.hasActivity,
  }),
  // A funding figure for all activities, one for a single activity and one for a single project (đề án) are
  // different levels of detail of the same money: summing them together would count it twice.
  detail: def(
    "detail",
    () =>
      sql`(CASE WHEN f.project IS NOT NULL THEN 'project' WHEN f.activity_code IS NOT NULL THEN 'activity' ELSE 'total' END)`,
    { appliesTo: (t) => t.hasActivity },
  ),
  outputType: def("outputType", () => sql`f.output_type`, { appliesTo: (t) => t.hasOutputType }),
  source: def("source", () => sql`f.source_id`, { label: "source" }),
  unit: def("unit", () => sql`f.unit`, { appliesTo: (t) => t.hasOutputType }),
});

/**
 * The dimensions that make figures comparable: a group never adds a regional total to provinces, a plan to
 * an actual, a full year to nine months, national to total funding, persons to models, or a total for all
 * activities to the activity or project figures it is made of. Unless grouped by the caller or pinned by the
 * filter to one value, they are added to every grouping and reported as the row's basis.
 */
export function basisDimensions(table: FactTableDef): ReadonlyArray<DimensionName> {
  return table.hasOutputType
    ? ["level", "stage", "period", "fundingSource", "unit"]
    : ["level", "stage", "period", "fundingSource", "detail"];
}

/** `{from, to}` of a `year` key: `decodeYearKey(20212025)` → `{from: 2021, to: 2025}`. */
export function decodeYearKey(key: number): { readonly from: number; readonly to: number } {
  return { from: Math.floor(key / 10000), to: key % 10000 };
}

/** The text of a year key: "2024", or "2021-2025" for a span. */
export function yearKeyText(key: number): string {
  const { from, to } = decodeYearKey(key);
  return from === to ? String(from) : `${from}-${to}`;
}
