import { sql, type RawBuilder } from "kysely";
import { areaKeySql, type BoundaryName } from "../boundary.js";
import { factFilterSql, type FactFilter } from "../fact-filter.js";
import type { FactTableDef } from "../fact-table.js";
import { areaPopulationSql } from "../value-basis.js";

/** One side of a comparison: funding amounts, or the amounts of output rows (outputs), passing `filter`. */
export interface CompareSelection {
  readonly table: FactTableDef;
  readonly filter: FactFilter;
}

export interface CompareSpec {
  readonly selections: ReadonlyArray<CompareSelection>;
  readonly boundary: BoundaryName;
  /** Also return the population (thousands) of each area and year. */
  readonly perCapita: boolean;
}

/** A source behind a figure. */
export interface CompareSourceRow {
  readonly id: number;
  readonly title: string;
  readonly url: string;
}

/** A selection's amount for one year span and area (under the boundary), with what it is made of. */
export interface CompareRow {
  readonly sel: number;
  readonly year_from: number;
  readonly year_to: number;
  readonly area_key: string;
  readonly amount_vnd: number;
  readonly fact_count: number;
  readonly alternatives: number;
  readonly levels: ReadonlyArray<string>;
  readonly stages: ReadonlyArray<string>;
  readonly periods: ReadonlyArray<string>;
  readonly funding_sources: ReadonlyArray<string>;
  readonly sources: ReadonlyArray<CompareSourceRow>;
  readonly population_thousands: number | null;
}

/**
 * The facts of every selection, summed in DuckDB per selection, year span and area (`compareShape` adds
 * them up and compares).
 *
 * - Facts: those passing the selection's filter (core `factFilterSql`); funding facts without activity
 *   breakdowns (unless the filter names activities) and without province/district budget splits, so a local
 *   total is never added to its own parts; output facts only where they state an amount.
 * - Same figure from several sources: only the ETL's preferred fact unless the selection picks sources; among
 *   picked sources, the one giving the most facts across all selections wins, ties by the lowest source id,
 *   and the rest are counted in `alternatives`.
 * - Years: only the spans that have facts appear; a missing year is absent, never zero. Nothing is divided.
 *
 * Example: selections [north 2024 FY plan total] and [north 2023 FY plan total] → rows
 * (sel 0, 2024, north, 170.8e9) and (sel 1, 2023, north, 186.5e9).
 */
export function compareQuery(spec: CompareSpec): RawBuilder<CompareRow> {
  const areaKey = areaKeySql(spec.boundary);
  const branches = spec.selections.map((selection, index) => {
    const { table, filter } = selection;
    const where = factFilterSql(filter, table, spec.boundary);
    const funding = !table.hasOutputType;
    const extra = funding
      ? sql`${filter.activities === null ? sql`f.activity_code IS NULL` : sql`TRUE`} AND f.budget_level IS NULL`
      : sql`f.amount_vnd IS NOT NULL`;
    return sql`SELECT CAST(${index} AS INTEGER) AS sel, f.year_from, f.year_to, f.period, f.stage, ${areaKey} AS area_key,
      f.area_id, f.funding_source, ${funding ? sql`f.activity_code` : sql`f.output_type`} AS kind_key,
      ${funding ? sql`f.project` : sql`CAST(NULL AS VARCHAR)`} AS project, f.geo_level,
      f.source_id, CAST(f.amount_vnd AS DOUBLE) AS amount_vnd
      FROM ${sql.table(table.table)} f LEFT JOIN area a ON a.area_id = f.area_id
      WHERE ${where} AND ${extra}`;
  });
  const population = spec.perCapita
    ? sql`(SELECT ap.population_thousands FROM area_population ap WHERE ap.area_id = g.area_key AND ap.year = g.year_from AND g.year_from = g.year_to)`
    : sql`CAST(NULL AS DOUBLE)`;
  const withPopulation = spec.perCapita ? sql`area_population AS (${areaPopulationSql()}),` : sql``;
  return sql<CompareRow>`WITH ${withPopulation}
tagged AS (${sql.join(branches, sql` UNION ALL `)}),
ranked AS (
  SELECT t.*, row_number() OVER (figure ORDER BY coverage DESC, source_id) AS pick, count(*) OVER figure AS versions
  FROM (SELECT *, count(*) OVER (PARTITION BY source_id) AS coverage FROM tagged) t
  WINDOW figure AS (PARTITION BY sel, year_from, year_to, period, stage, area_id, funding_source, kind_key, project)
),
grouped AS (
  SELECT r.sel, r.year_from, r.year_to, r.area_key, sum(r.amount_vnd) AS amount_vnd,
    CAST(count(*) AS INTEGER) AS fact_count, CAST(sum(r.versions - 1) AS INTEGER) AS alternatives,
    list(DISTINCT r.geo_level ORDER BY r.geo_level) AS levels, list(DISTINCT r.stage ORDER BY r.stage) AS stages,
    list(DISTINCT r.period ORDER BY r.period) AS periods,
    list(DISTINCT r.funding_source ORDER BY r.funding_source) AS funding_sources,
    list(DISTINCT {'id': s.source_id, 'title': s.title, 'url': s.url}) AS sources
  FROM ranked r JOIN source s ON s.source_id = r.source_id
  WHERE r.pick = 1
  GROUP BY r.sel, r.year_from, r.year_to, r.area_key
)
SELECT g.*, ${population} AS population_thousands FROM grouped g
ORDER BY g.sel, g.year_from, g.year_to, g.area_key`;
}
