import { sql, type RawBuilder } from "kysely";
import type {
  AreaLevel,
  Bound,
  BudgetLevel,
  Certainty,
  FundingSource,
  Scope,
  Stage,
} from "../model/index.js";
import type { BoundaryName } from "./boundary.js";
import { factFilterSql, type FactFilter } from "./fact-filter.js";
import { FACT_TABLES, type FactKind } from "./fact-table.js";

/**
 * The quality filters of a fact list: each a list of accepted values, or null for "any" (an empty list matches
 * nothing, as in `FactFilter`).
 */
export interface FactQualityFilter {
  readonly scopes: ReadonlyArray<Scope> | null;
  readonly bounds: ReadonlyArray<Bound> | null;
  readonly certainties: ReadonlyArray<Certainty> | null;
}

/** A page of individual facts of one table: which facts, which of their versions, and the page. */
export interface FactsSpec<K extends FactKind = FactKind> {
  readonly kind: K;
  readonly filter: FactFilter;
  readonly quality: FactQualityFilter;
  readonly boundary: BoundaryName;
  /** "each-source": every version of each figure; "preferred": the versions the sums use. */
  readonly versions: "preferred" | "each-source";
  readonly limit: number;
  readonly offset: number;
}

/**
 * One fact as listed: the fact's own columns, its area's name and its source. `amount_vnd` is VND as a double
 * (exact below 2^53 VND), null for outputs published without one.
 */
export interface FactRow {
  readonly fact_id: number;
  readonly area_id: string;
  readonly area_name: string;
  readonly level: AreaLevel;
  readonly year_from: number;
  readonly year_to: number;
  readonly period: string;
  readonly funding_source: FundingSource;
  readonly stage: Stage;
  readonly amount_vnd: number | null;
  readonly source_id: number;
  readonly source_title: string;
  readonly source_url: string;
  readonly preferred: boolean;
  readonly preference: number;
  readonly note: string | null;
  readonly scope: Scope;
  readonly bound: Bound;
  readonly certainty: Certainty;
  readonly origin: string;
  /** The facts that pass before paging. */
  readonly total_count: number | bigint;
}

export interface FundingFactRow extends FactRow {
  readonly budget_level: BudgetLevel | null;
  readonly activity_code: string | null;
  readonly project: string | null;
}

export interface OutputFactRow extends FactRow {
  readonly output_type: string;
  readonly quantity: number;
  readonly quantity_unit: string;
}

/** The row of each fact table. */
export interface FactRowOf {
  readonly funding: FundingFactRow;
  readonly outputs: OutputFactRow;
}

/** The columns only one fact table has, as `FundingFactRow` and `OutputFactRow` name them. */
const OWN_COLUMNS: Readonly<Record<FactKind, ReadonlyArray<RawBuilder<unknown>>>> = Object.freeze({
  funding: [sql`f.budget_level`, sql`f.activity_code`, sql`f.project`],
  outputs: [sql`f.output_type`, sql`CAST(f.quantity AS DOUBLE) AS quantity`, sql`f.unit AS quantity_unit`],
});

/**
 * The facts of `spec.kind` that pass `spec.filter` (`factFilterSql`, with `spec.versions`) and the quality
 * filters (`f.scope IN (…) AND f.bound IN (…) AND f.certainty IN (…)`, bound), each with `total_count` (facts
 * before paging), ordered by area, year_from, year_to, period, stage, funding source, then preference (the
 * preferred version first) and fact_id so pages are stable, and paged by `limit`/`offset` (bound). Nothing is
 * summed, so nothing is missing or divided: a figure stated by two sources is two rows, and a filter that
 * matches nothing gives no rows. Areas are the ones the facts were published for; the boundary only decides
 * which facts an area filter matches (under MERGED_2025, "2025-37" matches the facts of 35 Hà Nam, 36 Nam Định
 * and 37 Ninh Bình).
 * Example: funding, filter areas ["66"] years 2021–2025 periods ["5Y"], each-source → two rows, one figure
 * (total, actual) from two sources: fact 86 (104e9 VND, preferred, preference 1, incl-non-budget, at-least)
 * then fact 85 (48e9 VND, preference 2, whole, at-least), total_count 2; with "preferred", fact 86 only.
 */
export function factsSql<K extends FactKind>(spec: FactsSpec<K>): RawBuilder<FactRowOf[K]> {
  const columns = [
    sql`f.fact_id`,
    sql`f.area_id`,
    sql`a.name_vi AS area_name`,
    sql`f.geo_level AS level`,
    sql`f.year_from`,
    sql`f.year_to`,
    sql`f.period`,
    sql`f.funding_source`,
    sql`f.stage`,
    sql`CAST(f.amount_vnd AS DOUBLE) AS amount_vnd`,
    sql`f.source_id`,
    sql`s.title AS source_title`,
    sql`s.url AS source_url`,
    sql`f.preferred`,
    sql`f.preference`,
    sql`f.note`,
    sql`f.scope`,
    sql`f.bound`,
    sql`f.certainty`,
    sql`f.origin`,
    ...OWN_COLUMNS[spec.kind],
    sql`count(*) OVER () AS total_count`,
  ];
  return sql<FactRowOf[K]>`SELECT ${sql.join(columns)}
    FROM ${factsFromSql(spec)}
    ORDER BY f.area_id, f.year_from, f.year_to, f.period, f.stage, f.funding_source, f.preference, f.fact_id
    LIMIT ${spec.limit} OFFSET ${spec.offset}`;
}

/**
 * The number of facts `factsSql` pages through: it reads the count from its first row, so a page past the end
 * (no rows) needs this query to still say how many facts there are.
 */
export function factsCountSql(spec: FactsSpec): RawBuilder<{ readonly total_count: number | bigint }> {
  return sql<{ readonly total_count: number | bigint }>`SELECT count(*) AS total_count
    FROM ${factsFromSql(spec)}`;
}

/** The facts `f` with their area `a` and source `s`, and the WHERE condition of the spec. */
function factsFromSql(spec: FactsSpec): RawBuilder<unknown> {
  const { quality } = spec;
  const table = FACT_TABLES[spec.kind];
  const conditions: RawBuilder<boolean>[] = [factFilterSql(spec.filter, table, spec.boundary, spec.versions)];
  const inList = (column: string, values: ReadonlyArray<string> | null) => {
    if (values === null) return;
    conditions.push(
      values.length === 0
        ? sql<boolean>`FALSE`
        : sql<boolean>`${sql.ref(`f.${column}`)} IN (${sql.join(values)})`,
    );
  };
  inList("scope", quality.scopes);
  inList("bound", quality.bounds);
  inList("certainty", quality.certainties);
  return sql`${sql.table(table.table)} AS f
    JOIN area AS a ON a.area_id = f.area_id
    JOIN source AS s ON s.source_id = f.source_id
    WHERE ${sql.join(conditions, sql` AND `)}`;
}
