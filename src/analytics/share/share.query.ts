import { sql, type RawBuilder } from "kysely";
import { areaKeySql, type BoundaryName } from "../boundary.js";
import { factFilterSql, type FactFilter } from "../fact-filter.js";
import { FACT_TABLES } from "../fact-table.js";
import { areaPopulationSql } from "../value-basis.js";

/** The dimension that splits a whole into parts. */
export type SharePartsBy = "area" | "fundingSource" | "budgetLevel";

/**
 * A normalized share request over funding facts.
 * - `parts`: the facts that are parts (say, the north's national and local plans);
 * - `whole`: the facts that are the whole's published total (the north's total plan). The two must not overlap.
 * - `perCapita`: also return the population (thousands) of each part's and whole's area and year.
 */
export interface ShareSpec {
  readonly partsBy: SharePartsBy;
  readonly parts: FactFilter;
  readonly whole: FactFilter;
  readonly boundary: BoundaryName;
  readonly perCapita: boolean;
}

/** A source behind a figure. */
export interface ShareSourceRow {
  readonly id: number;
  readonly title: string;
  readonly url: string;
}

/**
 * One row per part present in a slice (or one row with a null `part_key` for a slice that has only its whole).
 * A slice is one year span, period and stage, plus the area (unless parts are areas) and the funding source
 * (unless parts are funding sources). Amounts are VND; `whole_vnd` is the whole's published total (null when
 * not published), `parts_sum_vnd` the sum of the parts present.
 */
export interface ShareRow {
  readonly year_from: number;
  readonly year_to: number;
  readonly period: string;
  readonly stage: string;
  readonly slice_area: string | null;
  readonly slice_funding_source: string | null;
  readonly part_key: string | null;
  readonly part_vnd: number | null;
  readonly part_level: string | null;
  readonly part_sources: ReadonlyArray<ShareSourceRow> | null;
  /** Facts of other sources that give the same figures and were set aside. */
  readonly part_alternatives: number | null;
  readonly part_population_thousands: number | null;
  readonly rank: number | null;
  readonly whole_area: string | null;
  readonly whole_vnd: number | null;
  readonly whole_sources: ReadonlyArray<ShareSourceRow> | null;
  readonly whole_alternatives: number | null;
  readonly whole_population_thousands: number | null;
  readonly parts_sum_vnd: number | null;
  readonly part_count: number;
  /** True when the slice's parts are published at different levels (region and province): their sum overlaps. */
  readonly mixed_levels: boolean;
}

/**
 * Parts of a whole per slice, aggregated in DuckDB; `shapeShares` turns the rows into shares.
 *
 * - Which facts: funding facts passing `parts` or `whole` (core `factFilterSql`), without activity breakdowns
 *   unless the filter names activities, and without province/district budget splits unless parts are budget
 *   levels. The whole's facts never enter the sum of the parts, so a region's published total is never added
 *   to its provinces, nor a nation's to its regions.
 * - Same figure, several sources (the nationwide 2024 local plan is 202 in one source and 202.3 in another):
 *   the core filter reads only the ETL's preferred fact of each figure (202.3) unless the caller picks
 *   sources; among picked sources, the one that gives the most figures of the slice wins, ties by the lowest
 *   source id, and the others are counted in `*_alternatives`.
 * - Rank: 1 for the largest part of a slice (ties share a rank).
 * - Years: a slice exists only where a part or the whole has a fact; a missing year has no row (never a zero).
 *   Multi-year spans (2021-2025 5Y) are slices of their own, never added to single years.
 * - Nothing is divided here, so no denominator can be zero.
 *
 * Example: parts = north 2024 FY plan, national and local; whole = north 2024 FY plan, total; by fundingSource →
 * rows (national: part_vnd 71.5e9, rank 2) and (local: 99.2e9, rank 1), each with whole_vnd 170.8e9 and
 * parts_sum_vnd 170.7e9.
 */
export function shareQuery(spec: ShareSpec): RawBuilder<ShareRow> {
  const table = FACT_TABLES.funding;
  const areaKey = areaKeySql(spec.boundary);
  const partsWhere = factFilterSql(spec.parts, table, spec.boundary);
  const wholeWhere = factFilterSql(spec.whole, table, spec.boundary);
  const noActivity = (filter: FactFilter) =>
    filter.activities === null ? sql`f.activity_code IS NULL` : sql`TRUE`;
  const partBudget =
    spec.partsBy === "budgetLevel" ? sql`f.budget_level IS NOT NULL` : sql`f.budget_level IS NULL`;
  const partCondition = sql<boolean>`(${partsWhere} AND ${noActivity(spec.parts)} AND ${partBudget})`;
  const wholeCondition = sql<boolean>`(${wholeWhere} AND ${noActivity(spec.whole)} AND f.budget_level IS NULL)`;

  const sliceArea = spec.partsBy === "area" ? sql`CAST(NULL AS VARCHAR)` : areaKey;
  const sliceSource = spec.partsBy === "fundingSource" ? sql`CAST(NULL AS VARCHAR)` : sql`f.funding_source`;
  const partKey =
    spec.partsBy === "area"
      ? areaKey
      : spec.partsBy === "fundingSource"
        ? sql`f.funding_source`
        : sql`f.budget_level`;
  const slice = sql`year_from, year_to, period, stage, slice_area, slice_funding_source`;
  const sliceOf = (alias: string) =>
    sql.join(
      ["year_from", "year_to", "period", "stage", "slice_area", "slice_funding_source"].map(
        (c) => sql`${sql.ref(`${alias}.${c}`)}`,
      ),
    );
  const sameSlice = (left: string, right: string) =>
    sql.join(
      ["year_from", "year_to", "period", "stage", "slice_area", "slice_funding_source"].map(
        (c) => sql`${sql.ref(`${left}.${c}`)} IS NOT DISTINCT FROM ${sql.ref(`${right}.${c}`)}`,
      ),
      sql` AND `,
    );
  const population = (areaRef: RawBuilder<unknown>) =>
    spec.perCapita
      ? sql`(SELECT ap.population_thousands FROM area_population ap WHERE ap.area_id = ${areaRef} AND ap.year = s.year_from AND s.year_from = s.year_to)`
      : sql`CAST(NULL AS DOUBLE)`;
  const withPopulation = spec.perCapita ? sql`area_population AS (${areaPopulationSql()}),` : sql``;
  const partArea = spec.partsBy === "area" ? sql`p.part_key` : sql`s.slice_area`;
  const wholeArea = spec.partsBy === "area" ? sql`w.whole_area` : sql`s.slice_area`;

  return sql<ShareRow>`WITH ${withPopulation}
tagged AS (
  SELECT CASE WHEN ${wholeCondition} THEN 'whole' ELSE 'part' END AS role,
    f.year_from, f.year_to, f.period, f.stage,
    ${sliceArea} AS slice_area, ${sliceSource} AS slice_funding_source,
    ${partKey} AS part_key, ${areaKey} AS area_key,
    f.area_id, f.funding_source, f.budget_level, f.activity_code, f.project, f.geo_level, f.source_id,
    CAST(f.amount_vnd AS DOUBLE) AS amount_vnd
  FROM funding_fact f LEFT JOIN area a ON a.area_id = f.area_id
  WHERE ${partCondition} OR ${wholeCondition}
),
ranked AS (
  SELECT t.*,
    row_number() OVER (figure ORDER BY coverage DESC, source_id) AS pick,
    count(*) OVER figure AS versions
  FROM (SELECT *, count(*) OVER (PARTITION BY ${slice}, source_id) AS coverage FROM tagged) t
  WINDOW figure AS (PARTITION BY role, year_from, year_to, period, stage, area_id, funding_source, budget_level, activity_code, project)
),
chosen AS (
  SELECT r.*, {'id': r.source_id, 'title': src.title, 'url': src.url} AS src
  FROM ranked r JOIN source src ON src.source_id = r.source_id WHERE r.pick = 1
),
parts AS (
  SELECT ${slice}, part_key, sum(amount_vnd) AS part_vnd, min(geo_level) AS part_level,
    count(DISTINCT geo_level) AS level_count,
    list(DISTINCT src ORDER BY src.id) AS part_sources, CAST(sum(versions - 1) AS INTEGER) AS part_alternatives
  FROM chosen WHERE role = 'part' GROUP BY ALL
),
whole AS (
  SELECT ${slice}, min(area_key) AS whole_area, sum(amount_vnd) AS whole_vnd,
    list(DISTINCT src ORDER BY src.id) AS whole_sources, CAST(sum(versions - 1) AS INTEGER) AS whole_alternatives
  FROM chosen WHERE role = 'whole' GROUP BY ALL
),
slices AS (SELECT ${slice} FROM parts UNION SELECT ${slice} FROM whole)
SELECT ${sliceOf("s")},
  p.part_key, p.part_vnd, p.part_level, p.part_sources, p.part_alternatives,
  ${population(partArea)} AS part_population_thousands,
  CASE WHEN p.part_key IS NULL THEN NULL
    ELSE CAST(rank() OVER (PARTITION BY ${sliceOf("s")} ORDER BY p.part_vnd DESC NULLS LAST) AS INTEGER) END AS rank,
  ${wholeArea} AS whole_area, w.whole_vnd, w.whole_sources, w.whole_alternatives,
  ${population(wholeArea)} AS whole_population_thousands,
  sum(p.part_vnd) OVER slice AS parts_sum_vnd,
  CAST(count(p.part_key) OVER slice AS INTEGER) AS part_count,
  coalesce(max(p.level_count) OVER slice > 1 OR min(p.part_level) OVER slice <> max(p.part_level) OVER slice, FALSE) AS mixed_levels
FROM slices s
LEFT JOIN parts p ON ${sameSlice("s", "p")}
LEFT JOIN whole w ON ${sameSlice("s", "w")}
WINDOW slice AS (PARTITION BY ${sliceOf("s")})
ORDER BY s.year_from, s.year_to, s.period, s.stage, s.slice_area NULLS FIRST, s.slice_funding_source NULLS FIRST,
  rank NULLS LAST, p.part_key`;
}
