import { sql, type RawBuilder } from "kysely";
import { VOCABULARY_FILTERS, type Detail } from "../model/index.js";
import {
  DIMENSIONS,
  basisDimensions,
  basisShownInKeys,
  detailSql,
  type DimensionDef,
  type DimensionName,
} from "./dimensions.js";
import { factFilterSql, filterNeedsArea, type FactFilter, type YearRange } from "./fact-filter.js";
import type { FactTableDef } from "./fact-table.js";
import type { BoundaryName } from "./boundary.js";
import { areaPopulationSql, type ValueBasis } from "./value-basis.js";
import { ROLLUP_MEASURES } from "../warehouse/rollup-definitions.js";
import type { RollupSet, RollupTable } from "../warehouse/rollup-catalog.js";
import { chooseRollup } from "./rollup-choice.js";
import { mayHaveVersions, regionAreas, simplifyFilter, type FactDomain } from "./fact-domain.js";

/**
 * What to aggregate: facts of `table` passing `filter`, grouped by `groupBy` (plus the basis dimensions the
 * filter does not pin to one value), areas under `boundary`, valued on `basis`. With `yearly`, rows are also
 * keyed by year (`year`), only single-year facts of `yearly.period` are summed, and span facts
 * (year_from ≠ year_to) overlapping the span are counted in `span_fact_count` instead.
 * `detail` and `budgetSplit` restrict the facts to one level of detail (`total`: figures for all activities) and
 * to budget-level splits (true) or unsplit figures (false), for analyses that compare one figure with another.
 */
export interface FactAggregateSpec {
  readonly table: FactTableDef;
  readonly filter: FactFilter;
  readonly boundary: BoundaryName;
  readonly groupBy: ReadonlyArray<DimensionName>;
  readonly basis: ValueBasis;
  readonly yearly: { readonly period: string; readonly span: YearRange } | null;
  readonly detail?: Detail | null;
  readonly budgetSplit?: boolean | null;
  /** Basis dimensions summed across on purpose (a share's sum of parts adds national and local). */
  readonly sumsAcross?: ReadonlyArray<DimensionName>;
  /** Also measure the years (`year_min`, `year_max`, `span_min`, `span_max`) and list the areas (`areas`). */
  readonly extents?: boolean;
  /** Hidden basis dimensions that hold one value in the whole fact table (`FilterCatalog.constants`): not grouped
   * by, since they separate nothing; reported as pinned to that value. */
  readonly constants?: Readonly<Partial<Record<DimensionName, string | null>>>;
  /** Also say where each row's figures come from (`source_ids`; `notes`, `alternatives` when wanted), in the
   * same statement; null or absent: not asked for. */
  readonly provenance?: ProvenanceWanted | null;
  /** The snapshot's rollups (`FilterCatalog.rollups`): the aggregate reads the smallest that answers it exactly
   * (`chooseRollup`), else the facts. Null or absent: the facts. */
  readonly rollups?: RollupSet | null;
  /** What the snapshot's facts hold (`FilterCatalog.domain`): the filter is written in a cheaper form that selects
   * the same facts (`simplifyFilter`: an activity list of every code is dropped, so a smaller rollup answers;
   * `regionAreas`: a region's members as lists, not a join per fact), and alternatives are not looked for where
   * no selected fact has versions (`mayHaveVersions`). Null or absent: the filter as given. */
  readonly domain?: FactDomain | null;
}

/** What a caller asks of a row's provenance besides its sources (each costs work: notes a list, alternatives a
 * join over the figures that have other versions). */
export interface ProvenanceWanted {
  readonly notes: boolean;
  readonly alternatives: boolean;
}

export const FULL_PROVENANCE: ProvenanceWanted = Object.freeze({ notes: true, alternatives: true });

/**
 * Another source's version of figures summed into a row, where it differs: that source's total for those
 * figures (`value`) beside the total of the versions the row used (`chosen`); amounts in VND for funding,
 * quantities for outputs.
 */
export interface AlternativeRow {
  readonly id: number;
  readonly value: number;
  readonly chosen: number;
  readonly figures: number | bigint;
}

/** The key columns of an aggregate and the basis values the filter pins (the same for every row). */
export interface AggregateKeys {
  readonly dimensions: ReadonlyArray<DimensionDef>;
  /** The dimensions a row's `keys` list: all but the hidden basis dimensions (level of detail, budget level)
   * the caller did not group by (they are reported in the row's basis and only separate groups). */
  readonly shown: ReadonlyArray<DimensionDef>;
  readonly pinned: Readonly<Partial<Record<DimensionName, string>>>;
}

/**
 * One aggregated row as DuckDB returns it: the key columns (`k_area`…, read them through
 * `aggregateKeys(spec).dimensions`), `year` when yearly, label columns, and these measures.
 */
export interface AggregateMeasures {
  /** Σ amount_vnd of the summed facts (null when none has an amount). */
  readonly amount_vnd: number | null;
  /** The amount on the value basis, still in VND (per person for PER_CAPITA); null when it cannot be given. */
  readonly value_vnd: number | null;
  readonly fact_count: number | bigint;
  /** Yearly: facts spanning several years that overlap the span, left out of the points. */
  readonly span_fact_count: number | bigint;
  /** Outputs: Σ quantity, and how many facts state an amount. */
  readonly quantity?: number | null;
  readonly amount_fact_count?: number | bigint;
  /** PER_CAPITA: Σ population (thousands) of the distinct area-years summed. */
  readonly population_thousands?: number | null;
  /** Cells without a factor or population, as `area:from-to` (PER_CAPITA) or `from-to` (CONSTANT). */
  readonly missing?: ReadonlyArray<string> | null;
  /** CONSTANT: the years whose factor was applied. */
  readonly factor_years?: ReadonlyArray<number> | null;
  /** The summed facts' scope, bound and certainty or-ed together (`decodeQuality`). */
  readonly quality_bits: number | bigint | null;
  /** With `extents`: the first and last year, the shortest and longest span (year_to − year_from) of the facts,
   * and their areas under the boundary (each at least once, in no order: the reader dedupes and sorts the few). */
  readonly year_min?: number | null;
  readonly year_max?: number | null;
  readonly span_min?: number | null;
  readonly span_max?: number | null;
  readonly areas?: ReadonlyArray<string> | null;
  /** With `provenance`: the sources of the summed facts (yearly: of the single-year facts), each at least once,
   * in no order: `readProvenance` dedupes and sorts the few, which costs DuckDB a list function per group. */
  readonly source_ids?: ReadonlyArray<number> | null;
  /** With `provenance.notes`: the notes of the summed facts, each at least once, in no order (`readProvenance`). */
  readonly notes?: ReadonlyArray<string> | null;
  /** With `provenance.alternatives`: per other source, its differing versions of the summed figures. */
  readonly alternatives?: ReadonlyArray<AlternativeRow> | null;
}
export type AggregateRow = AggregateMeasures & Readonly<Record<string, unknown>>;

/**
 * The grouping of an aggregate: the caller's dimensions first, in order, then each basis dimension (level,
 * stage, period, funding source, budget level; detail for funding, unit for outputs) that is neither grouped
 * nor pinned by the filter to a single value. In yearly mode the period is pinned to `yearly.period`.
 * Example: funding, groupBy [area], filter stages [plan] → dimensions area, level, period, fundingSource,
 * budgetLevel, detail; pinned {stage: "plan"}; shown area, level, period, fundingSource.
 */
export function aggregateKeys(spec: FactAggregateSpec): AggregateKeys {
  const pinnedValues = filterPins(spec);
  const dims: DimensionDef[] = spec.groupBy.map((name) => DIMENSIONS[name]);
  const pinned: Partial<Record<DimensionName, string>> = {};
  for (const name of basisDimensions(spec.table)) {
    if (spec.groupBy.includes(name) || spec.sumsAcross?.includes(name) === true) continue;
    // Unsplit figures only: every budget level is null, nothing to separate.
    if (name === "budgetLevel" && spec.budgetSplit === false) continue;
    const value = pinnedValues[name] ?? spec.constants?.[name];
    // A hidden basis dimension whose one value in the table is null (no fact has one): nothing to separate.
    if (value === null) continue;
    if (value === undefined) dims.push(DIMENSIONS[name]);
    else pinned[name] = value;
  }
  const shown = dims.filter((d) => spec.groupBy.includes(d.name) || basisShownInKeys(d.name));
  return Object.freeze({
    dimensions: Object.freeze(dims),
    shown: Object.freeze(shown),
    pinned: Object.freeze(pinned),
  });
}

/**
 * The dimensions whose key every fact an aggregate sums has the same value of, with that value: a vocabulary
 * filter, the output types, the periods or the areas listing one value (the area under the aggregate's boundary,
 * as the filter reads it), the yearly period, the level of detail.
 * Example: filter areas [north] stages [plan] fundingSources [national, local] → {area: "north", stage: "plan"}.
 */
function filterPins(spec: FactAggregateSpec): Partial<Record<DimensionName, string>> {
  const { filter } = spec;
  const lists = filter as unknown as Readonly<Record<string, ReadonlyArray<string> | null | undefined>>;
  const pins: Partial<Record<DimensionName, string>> = {};
  const one = (values: ReadonlyArray<string> | null | undefined): values is readonly [string] =>
    values !== null && values !== undefined && values.length === 1;
  for (const f of VOCABULARY_FILTERS) {
    const values = lists[f.field];
    if (one(values)) pins[f.dimension] = values[0];
  }
  if (one(filter.outputTypes)) pins.outputType = filter.outputTypes[0];
  if (spec.yearly !== null) pins.period = spec.yearly.period;
  else if (one(filter.periods)) pins.period = filter.periods[0];
  if (spec.detail !== null && spec.detail !== undefined) pins.detail = spec.detail;
  if (one(filter.areaIds)) pins.area = filter.areaIds[0];
  return pins;
}

/**
 * Which versions of a figure an aggregate sums. Several sources may state one figure (the same area, years,
 * period, funding source, budget level, stage, activity and project: the model's identity columns); the ETL ranks
 * them and marks the first `preferred` (see docs/analytics.md, "Which source counts"). A sum takes one version
 * per figure — the preferred one, or with sources picked by the filter the best-ranked among them — except when
 * grouped by source, where each source's row holds that source's own versions.
 */
export function versionsOf(spec: Pick<FactAggregateSpec, "groupBy">): "preferred" | "each-source" {
  return spec.groupBy.includes("source") ? "each-source" : "preferred";
}

/**
 * The rollup table an aggregate reads (`chooseRollup`), or null when it reads the facts: what an answer reports
 * (`extensions.rollups`).
 */
export function aggregateRollup(spec: FactAggregateSpec): RollupTable | null {
  const simple = simplified(spec);
  return chooseRollup(simple, aggregateKeys(simple).dimensions);
}

/** `spec` with its filter simplified over the snapshot's domain (`simplifyFilter`): the same facts. The keys do
 * not change (an activity list pins nothing; a caller's choices that depend on the list are made before). */
function simplified(spec: FactAggregateSpec): FactAggregateSpec {
  const filter = simplifyFilter(spec.filter, spec.table, spec.domain ?? null);
  return filter === spec.filter ? spec : { ...spec, filter };
}

/**
 * The FROM and WHERE of the facts an aggregate reads (`f`, joined to its area `a` when a key or filter needs it):
 * the fact table, or the rollup that answers the aggregate (whose rows are groups of preferred facts with the
 * facts' own key columns, so keys and filters read it unchanged).
 */
export function factScopeSql(spec: FactAggregateSpec): {
  readonly from: RawBuilder<unknown>;
  readonly where: RawBuilder<boolean>;
} {
  const simple = simplified(spec);
  return scopeSql(simple, aggregateRollup(simple));
}

/** `factScopeSql` over `rollup`, or over the facts when null. */
function scopeSql(
  spec: FactAggregateSpec,
  rollup: RollupTable | null,
): { readonly from: RawBuilder<unknown>; readonly where: RawBuilder<boolean> } {
  const { table, boundary } = spec;
  const { dimensions } = aggregateKeys(spec);
  const needsArea =
    filterNeedsArea(spec.filter, boundary) ||
    dimensions.some((d) => d.needsArea(boundary)) ||
    (spec.extents === true && DIMENSIONS.area.needsArea(boundary));
  const from = sql`${sql.table(rollup?.name ?? table.table)} AS f${needsArea ? sql` LEFT JOIN area a ON a.area_id = f.area_id` : sql``}`;
  // A rollup holds only preferred versions: every row of it passes the version rule.
  const versions = rollup === null ? versionsOf(spec) : "each-source";
  const { regionIds } = spec.filter;
  const domain = spec.domain ?? null;
  const regions = domain !== null && regionIds !== null ? regionAreas(regionIds, table.kind, domain) : null;
  const parts: RawBuilder<boolean>[] = [factFilterSql(spec.filter, table, boundary, versions, regions)];
  const { details } = spec.filter;
  // A filter naming that one level (`details`) already says it.
  const detailNamed = details !== null && details.length === 1 && details[0] === spec.detail;
  if (table.hasActivity && spec.detail !== null && spec.detail !== undefined && !detailNamed) {
    parts.push(sql<boolean>`${detailSql()} = ${spec.detail}`);
  }
  if (table.hasBudgetLevel && spec.budgetSplit !== null && spec.budgetSplit !== undefined) {
    parts.push(
      spec.budgetSplit ? sql<boolean>`f.budget_level IS NOT NULL` : sql<boolean>`f.budget_level IS NULL`,
    );
  }
  return { from, where: sql<boolean>`${sql.join(parts, sql` AND `)}` };
}

/**
 * The aggregate as a SQL subquery (no ORDER BY). Columns: one per key dimension (`k_area`…), `year` when
 * yearly, and the measures of `AggregateMeasures`:
 * - `amount_vnd`: Σ amount_vnd of the summed facts;
 * - `value_vnd`: the amount on the value basis, still in VND. CURRENT: = amount_vnd. CONSTANT: Σ amount ×
 *   factor(year), null when a summed fact's year has no factor or the fact spans years. PER_CAPITA: VND per
 *   person = Σ amount / (Σ population_thousands × 1000) over the distinct area-years of the group (each area-year
 *   counted once), null when any of them has no population or a fact spans years. Zero population → null.
 * Example: funding, filter areas [north] stages [plan] fundingSources [total], yearly FY 2021–2025, CURRENT →
 * rows (year 2021, amount_vnd 142200000000), (2022, 174300000000), (2023, 186500000000), (2024, 170800000000);
 * no row for 2025.
 */
export function factAggregateSql(given: FactAggregateSpec): RawBuilder<AggregateRow> {
  const spec = simplified(given);
  const { table, basis, yearly } = spec;
  const { dimensions } = aggregateKeys(spec);
  const rollup = chooseRollup(spec, dimensions);
  const { from, where: scoped } = scopeSql(spec, rollup);
  const m = rollup === null ? FACT_MEASURES : ROLLUP_MEASURE_SQL;
  const windowed = (where: RawBuilder<boolean>): RawBuilder<boolean> =>
    yearly === null
      ? where
      : sql<boolean>`${where} AND f.year_from <= ${yearly.span.to} AND f.year_to >= ${yearly.span.from} AND (f.year_from <> f.year_to OR f.period = ${yearly.period})`;
  const where = windowed(scoped);
  // A key the filter pins to one value is that value (a bound constant), not a key DuckDB hashes per group.
  const pins = filterPins(spec);
  const pinnedKey = (d: DimensionDef) => {
    const value = pins[d.name];
    return value === undefined ? null : sql`CAST(${value} AS VARCHAR) AS ${sql.id(d.column)}`;
  };
  const keySelects = dimensions.map(
    (d) => pinnedKey(d) ?? sql`${d.key(spec.boundary)} AS ${sql.id(d.column)}`,
  );
  const keyRefs = dimensions.filter((d) => pins[d.name] === undefined).map((d) => sql.id(d.column));
  // Every key pinned: still no row without facts, as when grouped.
  const having =
    keyRefs.length === 0 && dimensions.length > 0 && yearly === null ? sql` HAVING count(*) > 0` : sql``;
  if (yearly !== null) {
    keySelects.push(sql`f.year_from AS year`);
    keyRefs.push(sql.id("year"));
  }
  const single = yearly !== null ? sql` FILTER (WHERE f.year_from = f.year_to)` : sql``;
  const measures = [
    sql`CAST(sum(f.amount_vnd)${single} AS DOUBLE) AS amount_vnd`,
    sql`${m.factCount(single)} AS fact_count`,
    yearly !== null
      ? sql`${m.factCount(sql` FILTER (WHERE f.year_from <> f.year_to)`)} AS span_fact_count`
      : sql`0 AS span_fact_count`,
    sql`CAST(bit_or(f.quality_bits)${single} AS INTEGER) AS quality_bits`,
  ];
  if (table.hasOutputType) {
    measures.push(sql`CAST(sum(f.quantity)${single} AS DOUBLE) AS quantity`);
    measures.push(sql`${m.amountFactCount(single)} AS amount_fact_count`);
  }
  if (spec.extents === true) {
    measures.push(
      sql`CAST(min(f.year_from) AS INTEGER) AS year_min`,
      sql`CAST(max(f.year_to) AS INTEGER) AS year_max`,
      sql`CAST(min(f.year_to - f.year_from) AS INTEGER) AS span_min`,
      sql`CAST(max(f.year_to - f.year_from) AS INTEGER) AS span_max`,
      sql`map_keys(histogram(${DIMENSIONS.area.key(spec.boundary)})) AS areas`,
    );
  }
  const provenance = spec.provenance ?? null;
  if (provenance !== null) {
    const singleAnd = yearly !== null ? sql`f.year_from = f.year_to AND ` : sql``;
    measures.push(sql`${m.sourceIds(single)} AS source_ids`);
    measures.push(
      provenance.notes ? sql`${m.notes(singleAnd)} AS notes` : sql`CAST(NULL AS VARCHAR[]) AS notes`,
    );
  }
  // Other versions are found per fact (its `figure_id`): always from the facts, also when a rollup gives the sums;
  // only facts with versions enter that join, and its rows are keyed as the aggregate's.
  const withAlternatives = (aggregate: RawBuilder<AggregateRow>): RawBuilder<AggregateRow> => {
    if (provenance?.alternatives !== true) return aggregate;
    // No fact the filter selects has another version (`mayHaveVersions`): the join would find none.
    if (!mayHaveVersions(spec.filter, table, spec.boundary, spec.domain ?? null))
      return sql<AggregateRow>`SELECT g.*, CAST(NULL AS ${sql.raw(NULL_OF.alternatives)}) AS alternatives FROM (${aggregate}) AS g`;
    const facts = rollup === null ? { from, where } : scopeSql(spec, null);
    return alternativesJoined(spec, aggregate, {
      from: facts.from,
      where: rollup === null ? where : windowed(facts.where),
      keySelects,
      keyRefs,
    });
  };
  if (basis.kind === "CURRENT") {
    return withAlternatives(sql<AggregateRow>`SELECT ${sql.join([...keySelects, ...measures, sql`CAST(sum(f.amount_vnd)${single} AS DOUBLE) AS value_vnd`])}
      FROM ${from} WHERE ${where}${groupBy(keyRefs)}${having}`);
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
  const outerSelects = dimensions.map((d) => pinnedKey(d) ?? sql`c.${sql.id(d.column)}`);
  if (yearly !== null) outerSelects.push(sql`c.year`);
  const sums = [
    sql`CAST(sum(c.amount_vnd) AS DOUBLE) AS amount_vnd`,
    sql`CAST(sum(c.fact_count) AS BIGINT) AS fact_count`,
    sql`CAST(sum(c.span_fact_count) AS BIGINT) AS span_fact_count`,
    sql`CAST(bit_or(c.quality_bits) AS INTEGER) AS quality_bits`,
  ];
  if (table.hasOutputType) {
    sums.push(sql`CAST(sum(c.quantity) AS DOUBLE) AS quantity`);
    sums.push(sql`CAST(sum(c.amount_fact_count) AS BIGINT) AS amount_fact_count`);
  }
  if (spec.extents === true) {
    sums.push(
      sql`min(c.year_min) AS year_min`,
      sql`max(c.year_max) AS year_max`,
      sql`min(c.span_min) AS span_min`,
      sql`max(c.span_max) AS span_max`,
      sql`flatten(list(c.areas)) AS areas`,
    );
  }
  if (provenance !== null) {
    sums.push(sql`flatten(list(c.source_ids)) AS source_ids`);
    sums.push(
      provenance.notes ? sql`flatten(list(c.notes)) AS notes` : sql`CAST(NULL AS VARCHAR[]) AS notes`,
    );
  }
  let join: RawBuilder<unknown>;
  let valued: RawBuilder<unknown>[];
  if (basis.kind === "PER_CAPITA") {
    // A cell is an area-year of the facts as published (the nation, a region, a province), so the same
    // area-year's population is divided into its amounts once, whatever the grouping.
    join = sql`LEFT JOIN area_population p ON p.area_id = c.c_area_id AND p.year = c.c_year_from AND c.c_year_from = c.c_year_to`;
    const lacking = sql`c.amount_vnd IS NOT NULL AND p.population_thousands IS NULL`;
    const population = sql`sum(p.population_thousands) FILTER (WHERE c.amount_vnd IS NOT NULL)`;
    const cellSpan = sql`c.c_area_id || ':' || c.c_year_from || '-' || c.c_year_to`;
    valued = [
      // Populations are summed as decimals (exact, so in any order: cells come in scan order, which differs
      // between the facts and a rollup), then divided in DOUBLE.
      sql`CAST(${population} AS DOUBLE) AS population_thousands`,
      sql`CASE WHEN count(*) FILTER (WHERE ${lacking}) = 0 THEN sum(c.amount_vnd) / NULLIF(CAST(${population} AS DOUBLE) * 1000, 0) END AS value_vnd`,
      // Sorted: the order a DISTINCT list is built in follows the scan, which differs between facts and rollups.
      sql`list_sort(list(DISTINCT ${cellSpan}) FILTER (WHERE ${lacking})) AS missing`,
    ];
  } else {
    const factors = [...basis.factors.byYear.values()].filter((f) => f.factor !== null);
    const table =
      factors.length === 0
        ? sql`(SELECT CAST(NULL AS INTEGER) AS year, CAST(NULL AS DOUBLE) AS factor WHERE FALSE)`
        : sql`(VALUES ${sql.join(factors.map((f) => sql`(CAST(${f.year} AS INTEGER), CAST(${f.factor} AS DOUBLE))`))})`;
    join = sql`LEFT JOIN ${table} AS fx(year, factor) ON fx.year = c.c_year_from AND c.c_year_from = c.c_year_to`;
    const lacking = sql`c.amount_vnd IS NOT NULL AND fx.factor IS NULL`;
    valued = [
      // Summed in year order: a sum of inexact products depends on its order, and cells come in scan order.
      sql`CASE WHEN count(*) FILTER (WHERE ${lacking}) = 0 THEN sum(c.amount_vnd * fx.factor ORDER BY c.c_year_from, c.c_year_to) END AS value_vnd`,
      sql`list_sort(list(DISTINCT c.c_year_from || '-' || c.c_year_to) FILTER (WHERE ${lacking})) AS missing`,
      sql`list(DISTINCT c.c_year_from ORDER BY c.c_year_from) FILTER (WHERE c.amount_vnd IS NOT NULL AND fx.factor IS NOT NULL) AS factor_years`,
    ];
  }
  const inner = sql`SELECT ${sql.join([...cellSelects, ...measures])} FROM ${from} WHERE ${where}${groupBy(cellRefs)}`;
  const population =
    basis.kind === "PER_CAPITA" ? sql`WITH area_population AS (${areaPopulationSql()}) ` : sql``;
  return withAlternatives(sql<AggregateRow>`${population}SELECT ${sql.join([...outerSelects, ...sums, ...valued])}
    FROM (${inner}) AS c ${join}${groupBy(outerKeys)}${having}`);
}

/**
 * The aggregate with each row's `alternatives`: for every other source that states some of the row's figures
 * (the same `figure_id`, stored by the ETL for figures stated more than once) with a different value, its total
 * for those figures and the total the row used for them. Only facts with a `figure_id` enter the join, so it
 * reads the few figures that have versions, not the whole table.
 * Example: funding of Đắk Lắk 2021–2025 5Y plan, local: [{id: Lao Động, value 104e9, chosen 48e9, figures 1}].
 */
function alternativesJoined(
  spec: FactAggregateSpec,
  aggregate: RawBuilder<AggregateRow>,
  parts: {
    readonly from: RawBuilder<unknown>;
    readonly where: RawBuilder<boolean>;
    readonly keySelects: ReadonlyArray<RawBuilder<unknown>>;
    readonly keyRefs: ReadonlyArray<RawBuilder<unknown>>;
  },
): RawBuilder<AggregateRow> {
  const { table, yearly } = spec;
  const measure = table.hasOutputType ? "quantity" : "amount_vnd";
  const value = (alias: string) => sql`CAST(${sql.ref(`${alias}.${measure}`)} AS DOUBLE)`;
  // With preferred versions, every other version of a figure is a fact not preferred: a small set.
  const others =
    versionsOf(spec) === "preferred" && spec.filter.sourceIds === null ? sql` AND NOT v.preferred` : sql``;
  const single = yearly !== null ? sql` AND f.year_from = f.year_to` : sql``;
  const names = parts.keyRefs;
  const differing = sql`SELECT ${sql.join([...parts.keySelects, sql`v.source_id`])},
      sum(${value("v")}) AS value, sum(${value("f")}) AS chosen, count(*) AS figures
    FROM ${parts.from} JOIN ${sql.table(table.table)} AS v ON v.figure_id = f.figure_id AND v.source_id <> f.source_id
    WHERE ${parts.where} AND f.figure_id IS NOT NULL${single}${others} AND ${value("v")} IS DISTINCT FROM ${value("f")}
    GROUP BY ${sql.join([...names, sql`v.source_id`])}`;
  const listed = sql`SELECT ${names.length === 0 ? sql`` : sql`${sql.join(names)}, `}list({'id': d.source_id,
      'value': d.value, 'chosen': d.chosen, 'figures': d.figures} ORDER BY d.source_id) AS alternatives
    FROM (${differing}) AS d${groupBy(names)}`;
  const on =
    names.length === 0
      ? sql`TRUE`
      : sql.join(
          names.map((n) => sql`g.${n} IS NOT DISTINCT FROM alt.${n}`),
          sql` AND `,
        );
  return sql<AggregateRow>`SELECT g.*, alt.alternatives FROM (${aggregate}) AS g LEFT JOIN (${listed}) AS alt ON ${on}`;
}

/**
 * The measures that differ between the facts and a rollup (sums of amounts and quantities and the or of the
 * quality bits read the same, since a rollup's column has the summed column's name), each given the aggregate's
 * FILTER clause (empty, or the single-year one).
 */
interface MeasureSql {
  readonly factCount: (filter: RawBuilder<unknown>) => RawBuilder<unknown>;
  readonly amountFactCount: (filter: RawBuilder<unknown>) => RawBuilder<unknown>;
  readonly sourceIds: (filter: RawBuilder<unknown>) => RawBuilder<unknown>;
  /** `and`: the condition to add before the note's own (`f.year_from = f.year_to AND `), or empty. */
  readonly notes: (and: RawBuilder<unknown>) => RawBuilder<unknown>;
}

const FACT_MEASURES: MeasureSql = Object.freeze<MeasureSql>({
  factCount: (filter) => sql`count(*)${filter}`,
  amountFactCount: (filter) => sql`count(f.amount_vnd)${filter}`,
  // The distinct sources as the keys of a histogram: a DISTINCT or ORDER BY inside an aggregate made DuckDB
  // keep a hash table or a sort per group (twice the time of a small analysis), and a plain list of every
  // fact's source made distinct afterwards added 30% to an analysis of a million facts; a histogram adds
  // neither (bench/, "where the time goes"). Its keys are distinct; `readProvenance` sorts them.
  sourceIds: (filter) => sql`map_keys(histogram(f.source_id)${filter})`,
  notes: (and) => sql`list_distinct(list(f.note) FILTER (WHERE ${and}f.note IS NOT NULL))`,
});

/** Over a rollup (src/warehouse/rollup-definitions.ts): counts are summed (0, not null, over no group, as a
 * count is), and the lists of the groups are concatenated: `readProvenance` dedupes and sorts the few ids and
 * notes, since a `list_sort(list_distinct(…))` per group cost DuckDB more than the rest of a small aggregate. */
const ROLLUP_MEASURE_SQL: MeasureSql = Object.freeze<MeasureSql>({
  factCount: (filter) =>
    sql`CAST(coalesce(sum(${sql.ref(`f.${ROLLUP_MEASURES.factCount.column}`)})${filter}, 0) AS BIGINT)`,
  amountFactCount: (filter) =>
    sql`CAST(coalesce(sum(${sql.ref(`f.${ROLLUP_MEASURES.amountFactCount.column}`)})${filter}, 0) AS BIGINT)`,
  sourceIds: (filter) => sql`flatten(list(${sql.ref(`f.${ROLLUP_MEASURES.sourceIds.column}`)})${filter})`,
  notes: (and) => {
    const notes = sql.ref(`f.${ROLLUP_MEASURES.notes.column}`);
    return sql`flatten(list(${notes}) FILTER (WHERE ${and}${notes} IS NOT NULL))`;
  },
});

function groupBy(refs: ReadonlyArray<RawBuilder<unknown>>): RawBuilder<unknown> {
  return refs.length === 0 ? sql`` : sql` GROUP BY ${sql.join(refs)}`;
}

const NULL_OF: Readonly<Record<string, string>> = Object.freeze({
  population_thousands: "DOUBLE",
  missing: "VARCHAR[]",
  factor_years: "INTEGER[]",
  source_ids: "INTEGER[]",
  notes: "VARCHAR[]",
  alternatives: "STRUCT(id INTEGER, value DOUBLE, chosen DOUBLE, figures BIGINT)[]",
});

/**
 * The measure columns of a `factAggregateSql(spec)` row read through `alias`, the optional ones always present
 * (a typed NULL where the spec does not compute them): what an analysis that unites several aggregates of one
 * value basis in one statement (`UNION ALL` of roles or selections) selects from each.
 */
export function aggregateMeasureColumns(spec: FactAggregateSpec, alias: string): RawBuilder<unknown>[] {
  const kind = spec.basis.kind;
  const present: Readonly<Record<string, boolean>> = {
    population_thousands: kind === "PER_CAPITA",
    missing: kind !== "CURRENT",
    factor_years: kind === "CONSTANT",
    source_ids: (spec.provenance ?? null) !== null,
    notes: (spec.provenance ?? null) !== null,
    alternatives: spec.provenance?.alternatives === true,
  };
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return [
    ...["amount_vnd", "value_vnd", "fact_count", "span_fact_count", "quality_bits"].map(column),
    ...Object.entries(NULL_OF).map(([name, type]) =>
      present[name] === true ? column(name) : sql`CAST(NULL AS ${sql.raw(type)}) AS ${sql.id(name)}`,
    ),
    ...(spec.extents === true ? ["year_min", "year_max", "span_min", "span_max", "areas"].map(column) : []),
  ];
}
