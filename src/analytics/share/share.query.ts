import { sql, type RawBuilder } from "kysely";
import type { DimensionName } from "../../model/index.js";
import type { BoundaryName } from "../boundary.js";
import { DIMENSIONS } from "../dimensions.js";
import {
  aggregateMeasureColumns,
  factAggregateSql,
  type AggregateMeasures,
  type FactAggregateSpec,
  type ProvenanceWanted,
} from "../fact-aggregate.query.js";
import { summedDetail, type FactFilter } from "../fact-filter.js";
import { FACT_TABLES } from "../fact-table.js";
import type { ValueBasis } from "../value-basis.js";
import type { RollupSet } from "../../warehouse/rollup-catalog.js";
import type { FactDomain } from "../fact-domain.js";

/** The dimension that splits a whole into parts. */
export type SharePartsBy = "area" | "fundingSource" | "budgetLevel";

/**
 * A normalized share request over funding facts.
 * - `parts`: the facts that are parts (say, the north's national and local plans);
 * - `whole`: the facts that are the whole's published total (the north's total plan). The two must not overlap.
 */
export interface ShareSpec {
  readonly partsBy: SharePartsBy;
  readonly parts: FactFilter;
  readonly whole: FactFilter;
  readonly boundary: BoundaryName;
  readonly basis: ValueBasis;
  /** Where the parts' and wholes' figures come from, in the same statement; absent or null: not asked. */
  readonly provenance?: ProvenanceWanted | null;
  /** The snapshot's rollups (`FactAggregateSpec.rollups`); absent or null: the facts. */
  readonly rollups?: RollupSet | null;
  /** What the snapshot's facts hold (`FactAggregateSpec.domain`); absent or null: the filter as given. */
  readonly domain?: FactDomain | null;
}

/** The three aggregates of a share: each part, the sum of the parts present, and the whole's published total. */
export type ShareRole = "part" | "sum" | "whole";

/** A core aggregate row of one role; key columns `k_year`, `k_period`, `k_stage`, `k_area`, `k_funding_source`,
 * `k_budget_level`, `k_level` (null where the role is not grouped by them). */
export type ShareRow = AggregateMeasures & { readonly role: ShareRole } & Readonly<Record<string, unknown>>;

/** The keys that make a slice of a share: one year span, period and stage, plus the area (unless parts are
 * areas) and the funding source (unless parts are funding sources). */
export function shareSliceKeys(partsBy: SharePartsBy): ReadonlyArray<DimensionName> {
  return Object.freeze([
    "year",
    "period",
    "stage",
    ...(partsBy === "area" ? [] : (["area"] as const)),
    ...(partsBy === "fundingSource" ? [] : (["fundingSource"] as const)),
  ]);
}

const COLUMNS: ReadonlyArray<DimensionName> = Object.freeze([
  "year",
  "period",
  "stage",
  "area",
  "fundingSource",
  "budgetLevel",
  "level",
]);

/**
 * The core aggregate specs of a share. Every role takes one level of detail (`summedDetail`: the one the filter
 * names, else all activities, or single activities when the filter names activities) and one version per figure (the core's preferred-figure rule);
 * parts by budget level take the province and district splits, every other role only unsplit figures, so a
 * local total is never added to its own parts. Parts and sums are grouped by level too, so parts published at
 * different levels (a region and its provinces) are seen, never silently summed.
 */
export function shareSpecs(spec: ShareSpec): Readonly<Record<ShareRole, FactAggregateSpec>> {
  const slice = shareSliceKeys(spec.partsBy);
  const base = {
    table: FACT_TABLES.funding,
    boundary: spec.boundary,
    basis: spec.basis,
    yearly: null,
    rollups: spec.rollups ?? null,
    domain: spec.domain ?? null,
  };
  const parts = {
    ...base,
    filter: spec.parts,
    detail: summedDetail(spec.parts),
    budgetSplit: spec.partsBy === "budgetLevel",
  };
  // The sum of the parts takes the parts' provenance (the shaper merges it); only parts and wholes read their own.
  const provenance = spec.provenance ?? null;
  return Object.freeze({
    part: { ...parts, provenance, groupBy: [...slice, spec.partsBy, "level"] },
    sum: { ...parts, groupBy: [...slice, "level"], sumsAcross: [spec.partsBy] },
    whole: {
      ...base,
      filter: spec.whole,
      detail: summedDetail(spec.whole),
      budgetSplit: false,
      provenance,
      groupBy: [...slice, ...(spec.partsBy === "area" ? (["area"] as const) : []), "level"],
    },
  });
}

/**
 * Parts of a whole per slice, aggregated in DuckDB in one statement of three core aggregates (`shareSpecs`);
 * `shapeShares` turns the rows into shares.
 *
 * - Which facts: funding facts passing `parts` or `whole`; the whole's facts never enter the sum of the parts, so
 *   a region's published total is never added to its provinces, nor a nation's to its regions.
 * - Same figure, several sources (the nationwide 2024 local plan is 202 in one source and 202.3 in another): one
 *   version per figure, by the core's rule (the preferred one; among sources the caller picks, the best-ranked).
 * - Years: a slice exists only where a part or the whole has a fact; a missing year has no row (never a zero).
 *   Multi-year spans (2021-2025 5Y) are slices of their own, never added to single years.
 * - Values on the value basis come from the core (per capita: each area-year's population once).
 *
 * Example: parts = north 2024 FY plan, national and local; whole = north 2024 FY plan, total; by fundingSource →
 * rows (part national 71.5e9), (part local 99.2e9), (sum 170.7e9), (whole 170.8e9).
 */
export function shareQuery(spec: ShareSpec): RawBuilder<ShareRow> {
  const specs = shareSpecs(spec);
  const branches = (Object.keys(specs) as ShareRole[]).map((role) => {
    const columns = COLUMNS.map((name) => {
      const column = DIMENSIONS[name].column;
      return specs[role].groupBy.includes(name)
        ? sql`CAST(a.${sql.id(column)} AS VARCHAR) AS ${sql.id(column)}`
        : sql`CAST(NULL AS VARCHAR) AS ${sql.id(column)}`;
    });
    // The role is one of ours, not a request's value: a literal.
    return sql`SELECT ${sql.lit(role)} AS role, ${sql.join([...columns, ...aggregateMeasureColumns(specs[role], "a")])}
      FROM (${factAggregateSql(specs[role])}) AS a`;
  });
  return sql<ShareRow>`${sql.join(branches, sql` UNION ALL `)}`;
}
