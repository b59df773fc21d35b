import { sql, type RawBuilder } from "kysely";
import { DIMENSIONS, basisDimensions, type DimensionDef, type DimensionName } from "./dimensions.js";
import { factFilterSql, filterNeedsArea, type FactFilter, type YearRange } from "./fact-filter.js";
import type { FactTableDef } from "./fact-table.js";
import type { BoundaryName } from "./boundary.js";
import { areaPopulationSql, type ValueBasis } from "./value-basis.js";

/**
 * What to aggregate: facts of `table` passing `filter`, grouped by `groupBy` (plus the basis dimensions the
 * filter does not pin to one value), areas under `boundary`, valued on `basis`. With `yearly`, rows are also
 * keyed by year (`year`), only single-year facts of `yearly.period` are summed, and span facts
 * (year_from ≠ year_to) overlapping the span are counted in `span_fact_count` instead.
 */
export interface FactAggregateSpec {
  readonly table: FactTableDef;
  readonly filter: FactFilter;
  readonly boundary: BoundaryName;
  readonly groupBy: ReadonlyArray<DimensionName>;
  readonly basis: ValueBasis;
  readonly yearly: { readonly period: string; readonly span: YearRange } | null;
}

/** The key columns of an aggregate and the basis values the filter pins (the same for every row). */
export interface AggregateKeys {
  readonly dimensions: ReadonlyArray<DimensionDef>;
  /** The dimensions a row's `keys` list: all but the level of detail when the caller did not group by it
   * (it is reported in the row's basis, like the other basis dimensions, and only separates groups). */
  readonly shown: ReadonlyArray<DimensionDef>;
  readonly pinned: Readonly<Partial<Record<DimensionName, string>>>;
}

/** One aggregated row as DuckDB returns it; read it through `aggregateKeys(spec).dimensions` columns. */
export type AggregateRow = Readonly<Record<string, unknown>>;

/**
 * The grouping of an aggregate: the caller's dimensions first, in order, then each basis dimension (level,
 * stage, period, funding source; unit for outputs) that is neither grouped nor pinned by the filter to a
 * single value. In yearly mode the period is pinned to `yearly.period`.
 * Example: funding, groupBy [area], filter stages [plan] → dimensions area, level, period, fundingSource;
 * pinned {stage: "plan"}.
 */
export function aggregateKeys(spec: FactAggregateSpec): AggregateKeys {
  const { filter } = spec;
  const single = <T>(values: ReadonlyArray<T> | null): T | undefined =>
    values !== null && values.length === 1 ? values[0] : undefined;
  const pinnedValues: Partial<Record<DimensionName, string | undefined>> = {
    level: single(filter.levels),
    stage: single(filter.stages),
    period: spec.yearly !== null ? spec.yearly.period : single(filter.periods),
    fundingSource: single(filter.fundingSources),
  };
  const dims: DimensionDef[] = spec.groupBy.map((name) => DIMENSIONS[name]);
  const pinned: Partial<Record<DimensionName, string>> = {};
  for (const name of basisDimensions(spec.table)) {
    if (spec.groupBy.includes(name)) continue;
    const value = pinnedValues[name];
    if (value === undefined) dims.push(DIMENSIONS[name]);
    else pinned[name] = value;
  }
  const shown = dims.filter((d) => d.name !== "detail" || spec.groupBy.includes("detail"));
  return Object.freeze({
    dimensions: Object.freeze(dims),
    shown: Object.freeze(shown),
    pinned: Object.freeze(pinned),
  });
}

/**
 * The aggregate as a SQL subquery (no ORDER BY). Columns: one per key dimension (`k_area`…), `year` when
 * yearly, and
 * - `amount_vnd` DOUBLE: Σ amount_vnd of the summed facts (null when none has an amount);
 * - `value_vnd` DOUBLE: the amount on the value basis, still in VND (CURRENT: = amount_vnd; CONSTANT, not
 *   yearly: Σ amount × factor(year), null when a summed fact's year has no factor or the fact spans years;
 *   PER_CAPITA: VND per person = Σ amount / (Σ population_thousands × 1000) over the distinct area-years of
 *   the group, null when any of them has no population or a fact spans years; yearly CONSTANT is left to the
 *   shaper and equals amount_vnd here);
 * - `quantity` (outputs): Σ quantity; `amount_fact_count` (outputs): facts with an amount;
 * - `fact_count`, `span_fact_count` (yearly: span facts left out), `population_thousands` (PER_CAPITA),
 *   `missing` (cells without factor or population, as `area:from-to`), `factor_years` (CONSTANT).
 * Zero population → null value. Example: funding, filter areas [north] stages [plan] fundingSources [total],
 * yearly FY 2021–2025, CURRENT → rows (year 2021, amount_vnd 142200000000), (2022, 174300000000),
 * (2023, 186500000000), (2024, 170800000000); no row for 2025.
 */
export function factAggregateSql(spec: FactAggregateSpec): RawBuilder<AggregateRow> {
  const { table, boundary, basis, yearly } = spec;
  const { dimensions } = aggregateKeys(spec);
  const needsArea = filterNeedsArea(spec.filter, boundary) || dimensions.some((d) => d.needsArea(boundary));
  const from = sql`${sql.table(table.table)} AS f${needsArea ? sql` LEFT JOIN area a ON a.area_id = f.area_id` : sql``}`;
  let where = factFilterSql(spec.filter, table, boundary);
  if (yearly !== null) {
    where = sql<boolean>`${where} AND f.year_from <= ${yearly.span.to} AND f.year_to >= ${yearly.span.from} AND (f.year_from <> f.year_to OR f.period = ${yearly.period})`;
  }
  const keySelects = dimensions.map((d) => sql`${d.key(boundary)} AS ${sql.id(d.column)}`);
  const keyRefs = dimensions.map((d) => sql.id(d.column));
  if (yearly !== null) {
    keySelects.push(sql`f.year_from AS year`);
    keyRefs.push(sql.id("year"));
  }
  const single = yearly !== null ? sql` FILTER (WHERE f.year_from = f.year_to)` : sql``;
  const measures = [
    sql`CAST(sum(f.amount_vnd)${single} AS DOUBLE) AS amount_vnd`,
    sql`count(*)${single} AS fact_count`,
    yearly !== null
      ? sql`count(*) FILTER (WHERE f.year_from <> f.year_to) AS span_fact_count`
      : sql`0 AS span_fact_count`,
  ];
  if (table.hasOutputType) {
    measures.push(sql`CAST(sum(f.quantity)${single} AS DOUBLE) AS quantity`);
    measures.push(
      yearly !== null
        ? sql`count(f.amount_vnd) FILTER (WHERE f.year_from = f.year_to) AS amount_fact_count`
        : sql`count(f.amount_vnd) AS amount_fact_count`,
    );
  }
  const twoLevel = basis.kind === "PER_CAPITA" || (basis.kind === "CONSTANT" && yearly === null);
  if (!twoLevel) {
    return sql<AggregateRow>`SELECT ${sql.join([...keySelects, ...measures, sql`CAST(sum(f.amount_vnd)${single} AS DOUBLE) AS value_vnd`])}
      FROM ${from} WHERE ${where}${groupBy(keyRefs)}`;
  }
  // Two levels: cells keyed by year span (and area for PER_CAPITA), so each factor or population is applied
  // once per cell, then summed per group.
  const cellSelects = [...keySelects, sql`f.year_from AS c_year_from`, sql`f.year_to AS c_year_to`];
  const cellRefs = [...keyRefs, sql.id("c_year_from"), sql.id("c_year_to")];
  if (basis.kind === "PER_CAPITA") {
    cellSelects.push(sql`f.area_id AS c_area_id`);
    cellRefs.push(sql.id("c_area_id"));
  }
  const outerKeys = keyRefs.map((ref) => sql`c.${ref}`);
  const sums = [
    sql`CAST(sum(c.amount_vnd) AS DOUBLE) AS amount_vnd`,
    sql`CAST(sum(c.fact_count) AS BIGINT) AS fact_count`,
    sql`CAST(sum(c.span_fact_count) AS BIGINT) AS span_fact_count`,
  ];
  if (table.hasOutputType) {
    sums.push(sql`CAST(sum(c.quantity) AS DOUBLE) AS quantity`);
    sums.push(sql`CAST(sum(c.amount_fact_count) AS BIGINT) AS amount_fact_count`);
  }
  const cellSpan = sql`c.c_area_id || ':' || c.c_year_from || '-' || c.c_year_to`;
  let join: RawBuilder<unknown>;
  let valued: RawBuilder<unknown>[];
  if (basis.kind === "PER_CAPITA") {
    join = sql`LEFT JOIN area_population p ON p.area_id = c.c_area_id AND p.year = c.c_year_from AND c.c_year_from = c.c_year_to`;
    const lacking = sql`c.amount_vnd IS NOT NULL AND p.population_thousands IS NULL`;
    valued = [
      sql`sum(p.population_thousands) FILTER (WHERE c.amount_vnd IS NOT NULL) AS population_thousands`,
      sql`CASE WHEN count(*) FILTER (WHERE ${lacking}) = 0 THEN sum(c.amount_vnd) / NULLIF(sum(p.population_thousands) FILTER (WHERE c.amount_vnd IS NOT NULL) * 1000, 0) END AS value_vnd`,
      sql`list(DISTINCT ${cellSpan}) FILTER (WHERE ${lacking}) AS missing`,
    ];
  } else {
    const factors =
      basis.kind === "CONSTANT" ? [...basis.factors.byYear.values()].filter((f) => f.factor !== null) : [];
    const table =
      factors.length === 0
        ? sql`(SELECT CAST(NULL AS INTEGER) AS year, CAST(NULL AS DOUBLE) AS factor WHERE FALSE)`
        : sql`(VALUES ${sql.join(factors.map((f) => sql`(CAST(${f.year} AS INTEGER), CAST(${f.factor} AS DOUBLE))`))})`;
    join = sql`LEFT JOIN ${table} AS fx(year, factor) ON fx.year = c.c_year_from AND c.c_year_from = c.c_year_to`;
    const lacking = sql`c.amount_vnd IS NOT NULL AND fx.factor IS NULL`;
    valued = [
      sql`CASE WHEN count(*) FILTER (WHERE ${lacking}) = 0 THEN sum(c.amount_vnd * fx.factor) END AS value_vnd`,
      sql`list(DISTINCT c.c_year_from || '-' || c.c_year_to) FILTER (WHERE ${lacking}) AS missing`,
      sql`list(DISTINCT c.c_year_from ORDER BY c.c_year_from) FILTER (WHERE c.amount_vnd IS NOT NULL AND fx.factor IS NOT NULL) AS factor_years`,
    ];
  }
  const inner = sql`SELECT ${sql.join([...cellSelects, ...measures])} FROM ${from} WHERE ${where}${groupBy(cellRefs)}`;
  const population =
    basis.kind === "PER_CAPITA" ? sql`WITH area_population AS (${areaPopulationSql()}) ` : sql``;
  return sql<AggregateRow>`${population}SELECT ${sql.join([...outerKeys, ...sums, ...valued])}
    FROM (${inner}) AS c ${join}${groupBy(outerKeys)}`;
}

function groupBy(refs: ReadonlyArray<RawBuilder<unknown>>): RawBuilder<unknown> {
  return refs.length === 0 ? sql`` : sql` GROUP BY ${sql.join(refs)}`;
}

/**
 * The distinct sources of the facts behind each aggregate row: columns the key dimensions (and `year` when
 * yearly), `source_id`, `source_title`, `source_url`. Yearly, only the single-year facts summed into points.
 * A separate query so the main aggregate stays a single hash aggregation; run it only when sources are asked for.
 */
export function factSourcesSql(spec: FactAggregateSpec): RawBuilder<AggregateRow> {
  const { table, boundary, yearly } = spec;
  const { dimensions } = aggregateKeys(spec);
  const needsArea = filterNeedsArea(spec.filter, boundary) || dimensions.some((d) => d.needsArea(boundary));
  const from = sql`${sql.table(table.table)} AS f${needsArea ? sql` LEFT JOIN area a ON a.area_id = f.area_id` : sql``}`;
  let where = factFilterSql(spec.filter, table, boundary);
  if (yearly !== null) {
    where = sql<boolean>`${where} AND f.year_from = f.year_to AND f.year_from BETWEEN ${yearly.span.from} AND ${yearly.span.to} AND f.period = ${yearly.period}`;
  }
  const keySelects = dimensions.map((d) => sql`${d.key(boundary)} AS ${sql.id(d.column)}`);
  if (yearly !== null) keySelects.push(sql`f.year_from AS year`);
  return sql<AggregateRow>`SELECT g.*, s.title AS source_title, s.url AS source_url
    FROM (SELECT DISTINCT ${sql.join([...keySelects, sql`f.source_id`])} FROM ${from} WHERE ${where}) AS g
    JOIN source s ON s.source_id = g.source_id
    ORDER BY g.source_id`;
}
