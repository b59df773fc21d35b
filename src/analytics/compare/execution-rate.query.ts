import { sql, type RawBuilder } from "kysely";
import { areaKeySql, type BoundaryName } from "../boundary.js";
import { factFilter, factFilterSql, type FactFilter } from "../fact-filter.js";
import { FACT_TABLES } from "../fact-table.js";

export interface ExecutionRateSpec {
  /** The executed figures: their stages must be allocated, estimated or actual; single years only. */
  readonly filter: FactFilter;
  readonly boundary: BoundaryName;
}

/** One executed figure beside its year's plan and the same period one year earlier (VND). */
export interface ExecutionRateRow {
  readonly area_key: string;
  readonly year: number;
  readonly period: string;
  readonly stage: string;
  readonly funding_source: string;
  readonly executed_vnd: number;
  readonly plan_vnd: number | null;
  readonly last_year_vnd: number | null;
  readonly executed_sources: ReadonlyArray<number>;
  readonly plan_sources: ReadonlyArray<number> | null;
  readonly last_year_sources: ReadonlyArray<number> | null;
}

/**
 * Execution rates, aggregated in DuckDB: every executed figure (allocated, estimated or actual funding passing
 * `filter`, single-year facts) with the full-year plan of the same area (under the boundary), funding source
 * and year, and the figure of the same period and stage one year earlier (cùng kỳ).
 *
 * - Formula (done by `shapeExecutionRates`): rate = executed ÷ plan × 100; change vs last year =
 *   (executed ÷ last year − 1) × 100.
 * - Missing plan or last year: the column is null (never zero), and the shaper gives the reason; a zero plan
 *   gives a null rate there too. Multi-year spans are left out (a plan is yearly).
 * - Same figure from several sources: the ETL's preferred fact unless the filter picks sources; among picked
 *   sources, the one that gives the most figures in the request wins (so the executed figure's own report
 *   supplies its plan when it has it), ties by the lowest source id.
 * - Province/district budget splits and activity breakdowns are left out: totals only.
 *
 * Example (XVIII report): north 2024 H1 estimated total 34.7 bn with plan 170.8 → row (north, 2024, H1,
 * estimated, total, executed 34.7e9, plan 170.8e9, last_year null) → rate 20.3161…%.
 */
export function executionRateQuery(spec: ExecutionRateSpec): RawBuilder<ExecutionRateRow> {
  const table = FACT_TABLES.funding;
  const { filter, boundary } = spec;
  const years = filter.years;
  const executed = factFilter({ ...filter, stages: filter.stages ?? ["allocated", "estimated", "actual"] });
  const plan = factFilter({ ...filter, stages: ["plan"], periods: ["FY"] });
  const lastYear = factFilter({
    ...executed,
    years: years === null ? null : { from: years.from - 1, to: years.to - 1 },
  });
  const areaKey = areaKeySql(boundary);
  const branch = (role: string, f: FactFilter) =>
    sql`SELECT ${role} AS role, f.year_from AS year, f.period, f.stage, ${areaKey} AS area_key, f.area_id,
      f.funding_source, f.activity_code, f.project, f.source_id, CAST(f.amount_vnd AS DOUBLE) AS amount_vnd
      FROM funding_fact f LEFT JOIN area a ON a.area_id = f.area_id
      WHERE ${factFilterSql(f, table, boundary)} AND f.year_from = f.year_to AND f.budget_level IS NULL
        AND ${f.activities === null ? sql`f.activity_code IS NULL` : sql`TRUE`}`;
  return sql<ExecutionRateRow>`WITH
tagged AS (
  ${branch("executed", executed)} AND f.stage <> 'plan'
  UNION ALL ${branch("plan", plan)}
  UNION ALL ${branch("last", lastYear)} AND f.stage <> 'plan'
),
ranked AS (
  SELECT t.*, row_number() OVER (figure ORDER BY coverage DESC, source_id) AS pick
  FROM (SELECT *, count(*) OVER (PARTITION BY source_id) AS coverage FROM tagged) t
  WINDOW figure AS (PARTITION BY role, year, period, stage, area_id, funding_source, activity_code, project)
),
sums AS (
  SELECT role, area_key, year, period, stage, funding_source, sum(amount_vnd) AS amount_vnd,
    list(DISTINCT source_id ORDER BY source_id) AS sources
  FROM ranked WHERE pick = 1 GROUP BY ALL
)
SELECT e.area_key, e.year, e.period, e.stage, e.funding_source, e.amount_vnd AS executed_vnd,
  p.amount_vnd AS plan_vnd, l.amount_vnd AS last_year_vnd,
  e.sources AS executed_sources, p.sources AS plan_sources, l.sources AS last_year_sources
FROM sums e
LEFT JOIN sums p ON p.role = 'plan' AND p.area_key = e.area_key AND p.year = e.year AND p.funding_source = e.funding_source
LEFT JOIN sums l ON l.role = 'last' AND l.area_key = e.area_key AND l.year = e.year - 1 AND l.period = e.period
  AND l.stage = e.stage AND l.funding_source = e.funding_source
WHERE e.role = 'executed'
ORDER BY e.area_key, e.year, e.period, e.stage, e.funding_source`;
}
