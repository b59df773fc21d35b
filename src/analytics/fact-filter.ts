import { sql, type RawBuilder } from "kysely";
import {
  VOCABULARY_FILTERS,
  dimensionSpec,
  type DIMENSION_MODEL,
  type Detail,
  type DimensionName,
  type Values,
} from "../model/index.js";
import { areaKeySql, type BoundaryName } from "./boundary.js";
import type { RegionAreas } from "./fact-domain.js";
import type { FactTableDef } from "./fact-table.js";

/** An inclusive span of years. */
export interface YearRange {
  readonly from: number;
  readonly to: number;
}

type Model = typeof DIMENSION_MODEL;

/**
 * One list per vocabulary filter of the model (`VOCABULARY_FILTERS`): `levels`, `fundingSources`, `budgetLevels`,
 * `stages`, each of its vocabulary's values. A dimension that gains a `filter` in src/model appears here.
 */
export type VocabularyFilters = {
  readonly [D in DimensionName as Model[D]["filter"] & string]: ReadonlyArray<
    Values<Model[D]["vocabulary"]>
  > | null;
};

/**
 * A normalized, immutable filter over facts: each field is a list of accepted values, or null for "any".
 * Build it with `normalizeFactFilter` (user input) or `factFilter` (code); never from raw user strings.
 * - `areaIds`: area ids under the query's boundary (with MERGED_2025 a 2025 province matches the facts of
 *   its pre-2025 provinces too).
 * - `regionIds`: facts published for these regions, and facts of their member provinces in the fact's first
 *   year (`area_membership`).
 * - `years`: facts whose whole year span lies inside (`year_from >= from AND year_to <= to`).
 * - the vocabulary filters (`VocabularyFilters`): facts whose column holds one of the values.
 */
export interface FactFilter extends VocabularyFilters {
  readonly areaIds: ReadonlyArray<string> | null;
  readonly regionIds: ReadonlyArray<string> | null;
  readonly years: YearRange | null;
  readonly periods: ReadonlyArray<string> | null;
  readonly activities: ReadonlyArray<string> | null;
  readonly outputTypes: ReadonlyArray<string> | null;
  readonly sourceIds: ReadonlyArray<number> | null;
}

/** The filter that accepts every fact. */
export const ANY_FACT: FactFilter = Object.freeze({
  areaIds: null,
  regionIds: null,
  years: null,
  periods: null,
  activities: null,
  outputTypes: null,
  sourceIds: null,
  ...vocabularyFilters(() => null),
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
    regionIds: list(parts.regionIds),
    years: parts.years ? Object.freeze({ from: parts.years.from, to: parts.years.to }) : null,
    periods: list(parts.periods),
    activities: list(parts.activities),
    outputTypes: list(parts.outputTypes),
    sourceIds: list(parts.sourceIds),
    ...vocabularyFilters((field) => list(vocabularyValues(parts, field))),
  });
}

/** The vocabulary filters, each field's list given by `value`. */
function vocabularyFilters(value: (field: string) => ReadonlyArray<string> | null): VocabularyFilters {
  return Object.fromEntries(
    VOCABULARY_FILTERS.map(({ field }) => [field, value(field)]),
  ) as VocabularyFilters;
}

/** The list a filter, or part of one, holds for the vocabulary filter `field` (`"levels"`), or null. */
function vocabularyValues(filter: Partial<VocabularyFilters>, field: string): ReadonlyArray<string> | null {
  return (filter as Readonly<Record<string, ReadonlyArray<string> | null | undefined>>)[field] ?? null;
}

/**
 * The one level of detail an analysis that sums a figure takes (share, compare, execution rates: a total is never
 * added to its own parts): the level the filter names when it names one (`details`), else single activities when
 * it names activities, else all activities (`total`). With several levels named, the rule without them; the
 * filter still admits only the levels it names.
 * Example: `{}` → total; `{ activities: ["KC01"] }` → activity; `{ details: ["project"] }` → project.
 */
export function summedDetail(filter: FactFilter): Detail {
  if (filter.details !== null && filter.details.length === 1) return filter.details[0];
  return filter.activities === null ? "total" : "activity";
}

/** True when the filter reads the fact's area row (`a`), which the query must then join. */
export function filterNeedsArea(filter: FactFilter, boundary: BoundaryName): boolean {
  return boundary === "MERGED_2025" && filter.areaIds !== null;
}

/**
 * The WHERE condition of `filter` over the fact `f` (and its area `a` when `filterNeedsArea`), every value
 * bound as a parameter. A vocabulary filter reads its dimension's storage column in the model
 * (`DIMENSION_MODEL[d].columns[kind][0]`: `stages` → `f.stage`). Fields the table lacks (activity and budget
 * level on outputs, output type on funding) match nothing when set.
 * A region filter reads `area_membership` per fact, unless `regionAreas` gives the same regions resolved to
 * their member areas from the snapshot (src/analytics/fact-domain.ts): then it is lists of bound area ids.
 * Example: `{ areaIds: ["north"], stages: ["plan"], years: {from: 2021, to: 2025} }` →
 * `f.area_id IN ($1) AND f.year_from >= $2 AND f.year_to <= $3 AND f.stage IN ($4) AND f.preferred`.
 */
export function factFilterSql(
  filter: FactFilter,
  table: FactTableDef,
  boundary: BoundaryName,
  versions: "preferred" | "each-source" = "preferred",
  regionAreas: RegionAreas | null = null,
): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  if (filter.areaIds !== null) parts.push(inList(areaKeySql(boundary), filter.areaIds));
  if (filter.regionIds !== null) {
    const regions = filter.regionIds;
    parts.push(
      regions.length === 0
        ? sql<boolean>`FALSE`
        : regionAreas !== null && sameList(regionAreas.regionIds, regions)
          ? resolvedRegionSql(regionAreas)
          : sql<boolean>`(f.area_id IN (${sql.join(regions)}) OR EXISTS (SELECT 1 FROM area_membership m WHERE m.area_id = f.area_id AND m.region_id IN (${sql.join(regions)}) AND f.year_from BETWEEN m.from_year AND m.to_year))`,
    );
  }
  if (filter.years !== null) {
    parts.push(sql<boolean>`f.year_from >= ${filter.years.from} AND f.year_to <= ${filter.years.to}`);
  }
  if (filter.periods !== null) parts.push(inList(sql`f.period`, filter.periods));
  for (const { dimension, field } of VOCABULARY_FILTERS) {
    const values = vocabularyValues(filter, field);
    if (values === null) continue;
    // The column's name comes from the model, never from the request.
    const column = dimensionSpec(dimension).columns[table.kind]?.[0];
    parts.push(column === undefined ? sql<boolean>`FALSE` : inList(sql.ref(`f.${column}`), values));
  }
  if (filter.activities !== null) {
    parts.push(table.hasActivity ? inList(sql`f.activity_code`, filter.activities) : sql<boolean>`FALSE`);
  }
  if (filter.outputTypes !== null) {
    parts.push(table.hasOutputType ? inList(sql`f.output_type`, filter.outputTypes) : sql<boolean>`FALSE`);
  }
  parts.push(versionsSql(filter.sourceIds, table, versions));
  return parts.length === 0 ? sql<boolean>`TRUE` : sql<boolean>`${sql.join(parts, sql` AND `)}`;
}

/**
 * `column` is one of `values` (FALSE for none): `IN ($1)` for one value, `list_contains($1, column)` with the
 * values as one list parameter for several. DuckDB plans every execution of a statement with parameters again
 * (a plan that reads a table is never cached), and each value of an `IN` list is an expression to bind; from about
 * six values its `IN` also becomes a join. One list parameter planned and ran in the same time for 2 values and
 * faster from 6 (a region's 29 provinces, prepared and run alone: 1.8 instead of 2.5 ms on a rollup, 57 instead of
 * 64 ms on 10M facts).
 */
function inList(column: RawBuilder<unknown>, values: ReadonlyArray<string>): RawBuilder<boolean> {
  if (values.length === 0) return sql<boolean>`FALSE`;
  if (values.length === 1) return sql<boolean>`${column} IN (${values[0]})`;
  return sql<boolean>`list_contains(${values}, ${column})`;
}

/**
 * The region filter over lists of areas (`regionAreas` in src/analytics/fact-domain.ts): the regions' own facts
 * and their members' as `IN` lists, a member for part of the years with its years, e.g.
 * `(list_contains($1, f.area_id) OR (f.area_id IN ($2) AND f.year_from BETWEEN $3 AND $4))`.
 */
function resolvedRegionSql(regions: RegionAreas): RawBuilder<boolean> {
  const parts = [inList(sql`f.area_id`, [...regions.regionIds, ...regions.always])];
  for (const { from, to, areaIds } of regions.during) {
    parts.push(sql<boolean>`(${inList(sql`f.area_id`, areaIds)} AND f.year_from BETWEEN ${from} AND ${to})`);
  }
  return parts.length === 1 ? parts[0] : sql<boolean>`(${sql.join(parts, sql` OR `)})`;
}

function sameList(a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Which versions of each figure pass (one rule for every analysis; docs/analytics.md, "Which source counts").
 * Sources that disagree on a figure are all kept; a sum takes one version per figure so no figure is counted
 * twice: the preferred one (`f.preferred`, rank 1 of the ETL's ranking); with sources picked, the best-ranked
 * version among those sources (no picked version of the same figure ranks before it: `preference` among the
 * versions sharing its `figure_id`, which the ETL gives the versions of a figure: `figureIdentityColumns`).
 * "each-source" keeps every source's own version, for rows grouped by source.
 */
function versionsSql(
  sourceIds: ReadonlyArray<number> | null,
  table: FactTableDef,
  versions: "preferred" | "each-source",
): RawBuilder<boolean> {
  if (sourceIds === null) return versions === "preferred" ? sql<boolean>`f.preferred` : sql<boolean>`TRUE`;
  if (sourceIds.length === 0) return sql<boolean>`FALSE`;
  const picked = sql<boolean>`f.source_id IN (${sql.join(sourceIds)})`;
  if (versions === "each-source") return picked;
  // Other versions of the same figure share its `figure_id` (null: the figure has no other version).
  return sql<boolean>`${picked} AND NOT EXISTS (SELECT 1 FROM ${sql.table(table.table)} x
    WHERE x.figure_id = f.figure_id AND x.source_id IN (${sql.join(sourceIds)}) AND x.preference < f.preference)`;
}
