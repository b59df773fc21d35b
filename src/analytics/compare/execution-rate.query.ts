import { sql, type RawBuilder } from "kysely";
import type { DimensionName } from "../../model/index.js";
import type { BoundaryName } from "../boundary.js";
import { DIMENSIONS } from "../dimensions.js";
import {
  aggregateMeasureColumns,
  factAggregateSql,
  type AggregateMeasures,
  type FactAggregateSpec,
  type ProvenanceWanted,
} from "../fact-aggregate.query.js";
import { factFilter, summedDetail, type FactFilter } from "../fact-filter.js";
import { FACT_TABLES } from "../fact-table.js";
import type { ValueBasis } from "../value-basis.js";
import type { RollupSet } from "../../warehouse/rollup-catalog.js";
import type { FactDomain } from "../fact-domain.js";

export interface ExecutionRateSpec {
  /** The executed figures: their stages must be allocated, estimated or actual; single years only. */
  readonly filter: FactFilter;
  readonly boundary: BoundaryName;
  readonly basis: ValueBasis;
  /** Where the executed figures and the plans come from, in the same statement; absent or null: not asked. */
  readonly provenance?: ProvenanceWanted | null;
  /** The snapshot's rollups (`FactAggregateSpec.rollups`); absent or null: the facts. */
  readonly rollups?: RollupSet | null;
  /** What the snapshot's facts hold (`FactAggregateSpec.domain`); absent or null: the filter as given. */
  readonly domain?: FactDomain | null;
}

/** The three figures of an execution rate, each a core aggregate. */
export type ExecutionRole = "executed" | "plan" | "lastYear";

/** One aggregated figure of a role, keyed by area, level, year (encoded span), period, stage and funding source. */
export type ExecutionRateRow = AggregateMeasures & { readonly role: ExecutionRole } & Readonly<
    Record<string, unknown>
  >;

/** The keys every role is grouped by. */
export const EXECUTION_KEYS: ReadonlyArray<DimensionName> = Object.freeze([
  "area",
  "level",
  "year",
  "period",
  "stage",
  "fundingSource",
]);

/**
 * The aggregate specs of an execution rate: the executed figures (allocated, estimated or actual funding passing
 * `filter`), the full-year plans (stage plan, period FY, otherwise the same filter) and the executed figures one
 * year earlier (cùng kỳ). All at one level of detail (`summedDetail`: the one the filter names, else all
 * activities, or single activities when the filter names activities) and unsplit budgets, one version per figure (the core's preferred-figure rule).
 */
export function executionRateSpecs(
  spec: ExecutionRateSpec,
): Readonly<Record<ExecutionRole, FactAggregateSpec>> {
  const { filter, boundary, basis } = spec;
  const years = filter.years;
  const executed = factFilter({ ...filter, stages: filter.stages ?? ["allocated", "estimated", "actual"] });
  const base = {
    table: FACT_TABLES.funding,
    boundary,
    groupBy: EXECUTION_KEYS,
    basis,
    yearly: null,
    detail: summedDetail(filter),
    budgetSplit: false,
    rollups: spec.rollups ?? null,
    domain: spec.domain ?? null,
  };
  return Object.freeze({
    executed: { ...base, filter: executed, provenance: spec.provenance ?? null },
    plan: {
      ...base,
      filter: factFilter({ ...filter, stages: ["plan"], periods: ["FY"] }),
      provenance: spec.provenance ?? null,
    },
    lastYear: {
      ...base,
      filter: factFilter({
        ...executed,
        years: years === null ? null : { from: years.from - 1, to: years.to - 1 },
      }),
    },
  });
}

/**
 * Execution rates, aggregated in DuckDB in one statement: the three roles of `executionRateSpecs`, each grouped by
 * area (under the boundary), level, year span, period, stage and funding source. `shapeExecutionRates` pairs every
 * single-year executed figure with its year's plan and the same period one year earlier.
 *
 * - Formula (done by the shaper): rate = executed ÷ plan × 100 on current amounts; change vs last year =
 *   (executed ÷ last year − 1) × 100 on the value basis.
 * - Missing plan or last year: null (never zero), with the reason; a zero plan gives a null rate too.
 *
 * Example (XVIII report): north 2024 H1 estimated total 34.7 bn with plan 170.8 → executed row (north, 2024, H1,
 * estimated, total, 34.7e9) and plan row (north, 2024, FY, plan, total, 170.8e9) → rate 20.3161…%.
 */
export function executionRateQuery(spec: ExecutionRateSpec): RawBuilder<ExecutionRateRow> {
  const specs = executionRateSpecs(spec);
  const keys = EXECUTION_KEYS.map((n) => sql`a.${sql.id(DIMENSIONS[n].column)}`);
  const branches = (Object.keys(specs) as ExecutionRole[]).map(
    (role) => sql`SELECT ${role} AS role, ${sql.join([...keys, ...aggregateMeasureColumns(specs[role], "a")])}
      FROM (${factAggregateSql(specs[role])}) AS a`,
  );
  return sql<ExecutionRateRow>`${sql.join(branches, sql` UNION ALL `)}`;
}
