import { VOCABULARY_FILTERS, dimensionSpec } from "../model/index.js";
import type { RollupSet, RollupTable } from "../warehouse/rollup-catalog.js";
import { DIMENSIONS, type DimensionDef } from "./dimensions.js";
import type { FactAggregateSpec } from "./fact-aggregate.query.js";

/**
 * The rollup an aggregate reads instead of the facts, or null for the facts: the smallest rollup of the spec's
 * fact table (`spec.rollups`, smallest first) whose grain holds every storage column the aggregate reads — its
 * keys (`keys`: `aggregateKeys(spec).dimensions`, each with `DimensionDef.reads`), its filter, its level of detail and budget split, the yearly window, the extents
 * and the cells of a value basis — provided the aggregate sums only preferred versions (no source grouping, no
 * sources picked: their ranking is per fact). Alternatives (other sources' versions, found per fact through its
 * `figure_id`) are still joined from the facts (`factAggregateSql`), keyed as the rollup's rows.
 * Every measure of an aggregate is additive over a rollup's groups (src/warehouse/rollup-definitions.ts), so
 * the answer is the facts' answer exactly; the differential suite checks it with rollups on and off.
 * A few set lookups: cheap enough for every request.
 * Example: funding, groupBy [], filter areas [north] stages [plan], yearly FY → reads area_id, year_from,
 * year_to, period, stage and the unpinned basis columns → `rollup_funding_area_year_level_…_detail`.
 */
export function chooseRollup(spec: FactAggregateSpec, keys: ReadonlyArray<DimensionDef>): RollupTable | null {
  const rollups = spec.rollups ?? null;
  if (rollups === null || rollups.length === 0) return null;
  // Sources picked: the best-ranked picked version is chosen per fact. Grouped by source (each source's own
  // versions) needs `source_id`, which no rollup keeps: the grain check below refuses it.
  if (spec.filter.sourceIds !== null) return null;
  const needed = neededColumns(spec, keys);
  return smallestCovering(rollups, spec.table.kind, needed);
}

function smallestCovering(
  rollups: RollupSet,
  kind: FactAggregateSpec["table"]["kind"],
  needed: ReadonlyArray<string>,
): RollupTable | null {
  for (const rollup of rollups) {
    if (rollup.kind === kind && needed.every((c) => rollup.columns.has(c))) return rollup;
  }
  return null;
}

/** The storage columns of the fact table an aggregate reads besides its measures. */
function neededColumns(spec: FactAggregateSpec, keys: ReadonlyArray<DimensionDef>): ReadonlyArray<string> {
  const { filter, table } = spec;
  const needed: string[] = [];
  for (const d of keys) needed.push(...d.reads);
  if (filter.areaIds !== null) needed.push(...DIMENSIONS.area.reads);
  if (filter.regionIds !== null) needed.push("area_id", "year_from");
  if (filter.years !== null || spec.yearly !== null || spec.extents === true || spec.basis.kind !== "CURRENT")
    needed.push(...DIMENSIONS.year.reads);
  if (filter.periods !== null || spec.yearly !== null) needed.push(...DIMENSIONS.period.reads);
  if (spec.extents === true || spec.basis.kind === "PER_CAPITA") needed.push(...DIMENSIONS.area.reads);
  const lists = filter as unknown as Readonly<Record<string, ReadonlyArray<string> | null>>;
  for (const { dimension, field } of VOCABULARY_FILTERS) {
    // A table without the column matches nothing; the facts answer that (empty) request.
    if (lists[field] !== null) needed.push(...(dimensionSpec(dimension).columns[table.kind] ?? ["-"]));
  }
  if (filter.activities !== null) needed.push(...(table.hasActivity ? DIMENSIONS.activity.reads : ["-"]));
  if (filter.outputTypes !== null)
    needed.push(...(table.hasOutputType ? DIMENSIONS.outputType.reads : ["-"]));
  if (table.hasActivity && spec.detail !== null && spec.detail !== undefined)
    needed.push(...DIMENSIONS.detail.reads);
  if (table.hasBudgetLevel && spec.budgetSplit !== null && spec.budgetSplit !== undefined)
    needed.push(...DIMENSIONS.budgetLevel.reads);
  return needed;
}
