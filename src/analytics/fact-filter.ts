import { sql, type RawBuilder } from "kysely";
import type { AreaLevel, FundingSource, OutputStage } from "../warehouse/tables.js";
import { areaKeySql, type BoundaryName } from "./boundary.js";
import type { FactTableDef } from "./fact-table.js";

/** An inclusive span of years. */
export interface YearRange {
  readonly from: number;
  readonly to: number;
}

/**
 * A normalized, immutable filter over facts: each field is a list of accepted values, or null for "any".
 * Build it with `normalizeFactFilter` (user input) or `factFilter` (code); never from raw user strings.
 * - `areaIds`: area ids under the query's boundary (with MERGED_2025 a 2025 province matches the facts of
 *   its pre-2025 provinces too).
 * - `regionIds`: facts published for these regions, and facts of their member provinces in the fact's first
 *   year (`area_membership`).
 * - `years`: facts whose whole year span lies inside (`year_from >= from AND year_to <= to`).
 */
export interface FactFilter {
  readonly areaIds: ReadonlyArray<string> | null;
  readonly levels: ReadonlyArray<AreaLevel> | null;
  readonly regionIds: ReadonlyArray<string> | null;
  readonly years: YearRange | null;
  readonly periods: ReadonlyArray<string> | null;
  readonly fundingSources: ReadonlyArray<FundingSource> | null;
  readonly stages: ReadonlyArray<OutputStage> | null;
  readonly activities: ReadonlyArray<string> | null;
  readonly outputTypes: ReadonlyArray<string> | null;
  readonly sourceIds: ReadonlyArray<number> | null;
}

/** The filter that accepts every fact. */
export const ANY_FACT: FactFilter = Object.freeze({
  areaIds: null,
  levels: null,
  regionIds: null,
  years: null,
  periods: null,
  fundingSources: null,
  stages: null,
  activities: null,
  outputTypes: null,
  sourceIds: null,
});

/**
 * A frozen filter from a partial one (lists are copied, de-duplicated and frozen; empty lists stay empty and
 * match nothing). `factFilter({ areaIds: ["north"], stages: ["plan"] })`.
 */
export function factFilter(parts: Partial<FactFilter>): FactFilter {
  const list = <T>(values: ReadonlyArray<T> | null | undefined): ReadonlyArray<T> | null =>
    values === null || values === undefined ? null : Object.freeze([...new Set(values)]);
  return Object.freeze({
    areaIds: list(parts.areaIds),
    levels: list(parts.levels),
    regionIds: list(parts.regionIds),
    years: parts.years ? Object.freeze({ from: parts.years.from, to: parts.years.to }) : null,
    periods: list(parts.periods),
    fundingSources: list(parts.fundingSources),
    stages: list(parts.stages),
    activities: list(parts.activities),
    outputTypes: list(parts.outputTypes),
    sourceIds: list(parts.sourceIds),
  });
}

/** True when the filter reads the fact's area row (`a`), which the query must then join. */
export function filterNeedsArea(filter: FactFilter, boundary: BoundaryName): boolean {
  return boundary === "MERGED_2025" && filter.areaIds !== null;
}

/**
 * The WHERE condition of `filter` over the fact `f` (and its area `a` when `filterNeedsArea`), every value
 * bound as a parameter. Fields the table lacks (activity on outputs, output type on funding) match nothing
 * when set. Example: `{ areaIds: ["north"], stages: ["plan"], years: {from: 2021, to: 2025} }` →
 * `f.area_id IN ($1) AND f.year_from >= $2 AND f.year_to <= $3 AND f.stage IN ($4) AND f.preferred`.
 */
export function factFilterSql(
  filter: FactFilter,
  table: FactTableDef,
  boundary: BoundaryName,
): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  const inList = (column: RawBuilder<unknown>, values: ReadonlyArray<unknown>): RawBuilder<boolean> =>
    values.length === 0 ? sql<boolean>`FALSE` : sql<boolean>`${column} IN (${sql.join(values)})`;
  if (filter.areaIds !== null) parts.push(inList(areaKeySql(boundary), filter.areaIds));
  if (filter.levels !== null) parts.push(inList(sql`f.geo_level`, filter.levels));
  if (filter.regionIds !== null) {
    const regions = filter.regionIds;
    parts.push(
      regions.length === 0
        ? sql<boolean>`FALSE`
        : sql<boolean>`(f.area_id IN (${sql.join(regions)}) OR EXISTS (SELECT 1 FROM area_membership m WHERE m.area_id = f.area_id AND m.region_id IN (${sql.join(regions)}) AND f.year_from BETWEEN m.from_year AND m.to_year))`,
    );
  }
  if (filter.years !== null) {
    parts.push(sql<boolean>`f.year_from >= ${filter.years.from} AND f.year_to <= ${filter.years.to}`);
  }
  if (filter.periods !== null) parts.push(inList(sql`f.period`, filter.periods));
  if (filter.fundingSources !== null) parts.push(inList(sql`f.funding_source`, filter.fundingSources));
  if (filter.stages !== null) parts.push(inList(sql`f.stage`, filter.stages));
  if (filter.activities !== null) {
    parts.push(table.hasActivity ? inList(sql`f.activity_code`, filter.activities) : sql<boolean>`FALSE`);
  }
  if (filter.outputTypes !== null) {
    parts.push(table.hasOutputType ? inList(sql`f.output_type`, filter.outputTypes) : sql<boolean>`FALSE`);
  }
  // Sources that disagree on a figure are all kept; unless the caller picks sources, sums use the one
  // preferred fact per figure (see warehouse-ddl.ts), so no figure is counted twice.
  if (filter.sourceIds !== null) parts.push(inList(sql`f.source_id`, filter.sourceIds));
  else parts.push(sql<boolean>`f.preferred`);
  return parts.length === 0 ? sql<boolean>`TRUE` : sql<boolean>`${sql.join(parts, sql` AND `)}`;
}
