import { sql, type RawBuilder } from "kysely";
import {
  DIMENSION_NAMES,
  basisDimensionNames,
  dimensionApplies,
  dimensionSpec,
  type DimensionName,
  type LabelSource,
} from "../model/index.js";
import { areaKeySql, type BoundaryName } from "./boundary.js";
import type { FactTableDef } from "./fact-table.js";

export type { DimensionName, LabelSource };

export interface DimensionDef {
  readonly name: DimensionName;
  /** The result column of the key: `k_area`. A fixed identifier, never user text. */
  readonly column: string;
  /** The key's SQL over the fact `f` and its area `a` under a boundary. */
  readonly key: (boundary: BoundaryName) => RawBuilder<unknown>;
  /** True when `key` reads the area row `a`. */
  readonly needsArea: (boundary: BoundaryName) => boolean;
  /** The storage columns of the fact `f` that `key` reads (what a rollup must keep to answer it). */
  readonly reads: ReadonlyArray<string>;
  readonly label: LabelSource;
  /** Whether the fact table has this dimension. */
  readonly appliesTo: (table: FactTableDef) => boolean;
}

/**
 * Keys that are not one storage column of the fact. Every other dimension's key is its column in the model
 * (`src/model/dimensions.ts`), so a new dimension with a column needs no entry here.
 * - `area` under MERGED_2025 is the province a pre-2025 province merged into;
 * - `region` is the region a regional fact was published for, or the khuyến công region of a province
 *   (`area.region_id`); nation-level facts have none;
 * - `year` keys a fact by its span encoded as `year_from * 10000 + year_to` (20242024 for 2024, 20212025 for
 *   2021–2025), so a multi-year total is never added to a single year; `decodeYearKey` turns it back;
 */
const COMPUTED_KEYS: Partial<
  Record<
    DimensionName,
    {
      key: (b: BoundaryName) => RawBuilder<unknown>;
      needsArea: (b: BoundaryName) => boolean;
      reads: ReadonlyArray<string>;
    }
  >
> = {
  area: { key: areaKeySql, needsArea: (b) => b === "MERGED_2025", reads: ["area_id"] },
  region: {
    key: () => sql`(CASE f.geo_level WHEN 'region' THEN f.area_id WHEN 'province' THEN a.region_id END)`,
    needsArea: () => true,
    reads: ["geo_level", "area_id"],
  },
  year: {
    key: () => sql`(CAST(f.year_from AS INTEGER) * 10000 + f.year_to)`,
    needsArea: () => false,
    reads: ["year_from", "year_to"],
  },
};

/** The level of detail of a funding fact: `project`, `activity` or `total` (stored at load by `detailOf`). */
export function detailSql(): RawBuilder<string> {
  return sql<string>`f.detail`;
}

function define(name: DimensionName): DimensionDef {
  const spec = dimensionSpec(name);
  const computed = COMPUTED_KEYS[name];
  const column = spec.columns.funding?.[0] ?? spec.columns.outputs?.[0];
  if (computed === undefined && column === undefined) {
    throw new Error(`Dimension ${name} has neither a storage column nor a computed key.`);
  }
  return Object.freeze({
    name,
    column: `k_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
    key: computed?.key ?? (() => sql.ref(`f.${column as string}`)),
    needsArea: computed?.needsArea ?? (() => false),
    reads: Object.freeze([...(computed?.reads ?? [column as string])]),
    label: spec.label,
    appliesTo: (table: FactTableDef) => dimensionApplies(name, table.kind),
  });
}

/** The frozen registry of dimensions and their SQL, derived from the model. */
export const DIMENSIONS: Readonly<Record<DimensionName, DimensionDef>> = Object.freeze(
  Object.fromEntries(DIMENSION_NAMES.map((name) => [name, define(name)])) as Record<
    DimensionName,
    DimensionDef
  >,
);

/**
 * The dimensions that make figures comparable (the model's `basis`): a group never adds a regional total to
 * provinces, a plan to an actual, a full year to nine months, national to total funding, persons to models, a
 * local total to its province and district budgets, or a total for all activities to the activity or project
 * figures it is made of. Unless grouped by the caller or pinned by the filter to one value, they are added to
 * every grouping and reported as the row's basis.
 */
export function basisDimensions(table: FactTableDef): ReadonlyArray<DimensionName> {
  return basisDimensionNames(table.kind);
}

/** Whether a basis dimension is listed among a row's keys when not grouped (else it only separates groups). */
export function basisShownInKeys(name: DimensionName): boolean {
  return dimensionSpec(name).basis === "key";
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
