import { sql, type RawBuilder } from "kysely";
import { DIMENSION_NAMES, dimensionSpec, type DimensionName } from "../../model/index.js";
import type { BoundaryName } from "../boundary.js";
import { DIMENSIONS, basisDimensions } from "../dimensions.js";
import {
  aggregateMeasureColumns,
  factAggregateSql,
  type AggregateMeasures,
  type FactAggregateSpec,
  type ProvenanceWanted,
} from "../fact-aggregate.query.js";
import { summedDetail, type FactFilter } from "../fact-filter.js";
import type { FactTableDef } from "../fact-table.js";
import type { ValueBasis } from "../value-basis.js";
import type { RollupSet } from "../../warehouse/rollup-catalog.js";
import type { FactDomain } from "../fact-domain.js";

/** One side of a comparison: funding amounts, or the amounts of output rows (outputs), passing `filter`. */
export interface CompareSelection {
  readonly table: FactTableDef;
  readonly filter: FactFilter;
}

export interface CompareSpec {
  readonly selections: ReadonlyArray<CompareSelection>;
  readonly boundary: BoundaryName;
  readonly basis: ValueBasis;
  /** Where each selection's figures come from, in the same statement; absent or null: not asked. */
  readonly provenance?: ProvenanceWanted | null;
  /** The snapshot's rollups (`FactAggregateSpec.rollups`); absent or null: the facts. */
  readonly rollups?: RollupSet | null;
  /** What the snapshot's facts hold (`FactAggregateSpec.domain`); absent or null: the filter as given. */
  readonly domain?: FactDomain | null;
}

/** The basis dimensions of any fact table, in model order: the columns every compared row carries. */
export const COMPARE_BASIS: ReadonlyArray<DimensionName> = Object.freeze(
  DIMENSION_NAMES.filter((n) => dimensionSpec(n).basis !== false),
);

/**
 * One selection's total for one combination of its basis (level, stage, period, funding source, budget level,
 * detail or unit: `k_level`… columns, null where the table lacks the dimension): a selection whose facts agree
 * on their basis has one row; more rows mean it mixes figures that do not add up.
 */
export type CompareRow = AggregateMeasures & { readonly sel: number } & Readonly<Record<string, unknown>>;

/**
 * The aggregate spec of a selection: the core aggregate of its facts, grouped by every basis dimension, one level
 * of detail (`summedDetail`: the one the filter names, else all activities, or single activities when the filter
 * names activities: never two, so a total is never added to its parts) and unsplit budgets; output amounts count only output facts that state one.
 */
export function compareSelectionSpec(
  selection: CompareSelection,
  boundary: BoundaryName,
  basis: ValueBasis,
  provenance: ProvenanceWanted | null = null,
  rollups: RollupSet | null = null,
  domain: FactDomain | null = null,
): FactAggregateSpec {
  const { table, filter } = selection;
  return {
    table,
    filter,
    boundary,
    groupBy: basisDimensions(table).filter((n) => n !== "budgetLevel"),
    basis,
    yearly: null,
    detail: table.hasActivity ? summedDetail(filter) : null,
    budgetSplit: table.hasBudgetLevel ? false : null,
    extents: true,
    provenance,
    rollups,
    domain,
  };
}

/**
 * The totals of every selection in one statement, in no order (`shapeComparison` groups them by `sel`, checks and
 * compares them).
 *
 * - Facts: those passing the selection's filter, one version per figure (the core's preferred-figure rule),
 *   one level of detail, unsplit budgets (see `compareSelectionSpec`); values on the value basis by the core.
 * - Years: a selection sums every year its filter admits; `year_min`…`span_max` say which, so the shaper can
 *   refuse a sum of single years with multi-year totals. A missing year is absent, never zero.
 *
 * Example: selections [north 2024 FY plan total] and [north 2023 FY plan total] → rows
 * (sel 0, level region, stage plan, period FY, funding source total, detail total, amount_vnd 170.8e9) and
 * (sel 1, …, 186.5e9).
 */
export function compareQuery(spec: CompareSpec): RawBuilder<CompareRow> {
  const branches = spec.selections.map((selection, index) => {
    const selectionSpec = compareSelectionSpec(
      selection,
      spec.boundary,
      spec.basis,
      spec.provenance ?? null,
      spec.rollups ?? null,
      spec.domain ?? null,
    );
    const columns = COMPARE_BASIS.map((name) => {
      const column = DIMENSIONS[name].column;
      return selectionSpec.groupBy.includes(name)
        ? sql`a.${sql.id(column)}`
        : sql`CAST(NULL AS VARCHAR) AS ${sql.id(column)}`;
    });
    return sql`SELECT CAST(${sql.lit(index)} AS INTEGER) AS sel,
      ${sql.join([...columns, ...aggregateMeasureColumns(selectionSpec, "a")])}
      FROM (${factAggregateSql(selectionSpec)}) AS a`;
  });
  // Unordered: the shaper groups the rows by `sel` (an ORDER BY cost DuckDB a sort per request).
  return sql<CompareRow>`${sql.join(branches, sql` UNION ALL `)}`;
}
