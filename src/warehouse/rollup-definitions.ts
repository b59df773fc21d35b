import { sql, type RawBuilder } from "kysely";
import {
  DIMENSION_NAMES,
  basisDimensionNames,
  dimensionSpec,
  type DimensionName,
  type FactKind,
} from "../model/index.js";

/**
 * Rollups: per snapshot, the preferred facts pre-aggregated at the grains the analyses group and filter by (in the
 * spirit of Cube's pre-aggregations and Rill's rollups). A rollup keeps the fact's own storage columns of its
 * dimensions, so an aggregate's keys and filters read it as they read the facts, and only additive measures:
 * sums, counts, an or of bits and the distinct sources and notes of each group (whose union over groups is the
 * distinct list over the facts). The analytics core reads one instead of the facts when it answers the request
 * exactly (src/analytics/rollup-choice.ts); docs/architecture.md, "Rollups".
 */
export interface RollupDefinition {
  /** The table: `rollup_funding_area_year_level_period_funding_source_budget_level_stage_detail`. */
  readonly name: string;
  readonly kind: FactKind;
  /** The fact table it aggregates. */
  readonly factTable: "funding_fact" | "output_fact";
  /** The model's dimensions it keeps, in model order (computed ones, such as region, follow from their columns). */
  readonly dimensions: ReadonlyArray<DimensionName>;
  /** Their storage columns in the fact table (`DIMENSION_MODEL[d].columns[kind]`), the rollup's grain. */
  readonly columns: ReadonlyArray<string>;
}

/** The catalog table each snapshot with rollups has: one row per rollup table. */
export const ROLLUP_CATALOG_TABLE = "rollup_catalog";

/** The fact table of each kind of fact. */
const FACT_TABLE_OF: Readonly<Record<FactKind, RollupDefinition["factTable"]>> = Object.freeze({
  funding: "funding_fact",
  outputs: "output_fact",
});

/**
 * The measure columns of a rollup, by role, and how each is made from the fact rows of its group. The names of
 * the summed columns equal the fact columns they sum (`amount_vnd`, `quantity`, `quality_bits`), so a sum or an
 * or over a rollup is written as over the facts; the counts and lists are re-aggregated by the core
 * (`rollupMeasureSql`). `outputs` marks the measures only output facts have.
 */
export const ROLLUP_MEASURES = Object.freeze({
  amount: { column: "amount_vnd", build: sql`CAST(sum(amount_vnd) AS HUGEINT)`, outputs: false },
  factCount: { column: "fact_count", build: sql`count(*)`, outputs: false },
  qualityBits: { column: "quality_bits", build: sql`bit_or(quality_bits)`, outputs: false },
  sourceIds: {
    column: "source_ids",
    build: sql`list_sort(map_keys(histogram(source_id)))`,
    outputs: false,
  },
  notes: {
    column: "notes",
    build: sql`list_sort(list_distinct(list(note) FILTER (WHERE note IS NOT NULL)))`,
    outputs: false,
  },
  // Σ DECIMAL(18,3) is DECIMAL(38,3): exact, and summed again exactly.
  quantity: { column: "quantity", build: sql`sum(quantity)`, outputs: true },
  amountFactCount: { column: "amount_fact_count", build: sql`count(amount_vnd)`, outputs: true },
} satisfies Readonly<
  Record<string, { readonly column: string; readonly build: RawBuilder<unknown>; readonly outputs: boolean }>
>);

/**
 * The grains, from the model: every rollup keeps the area, the year span and every comparability (basis)
 * dimension of its fact table (figures that differ in one are never added together, so every analysis groups by
 * or filters them): area × year × level × period × funding source × budget level × stage × level of detail for
 * funding, area × year × level × period × funding source × stage × output type × unit for outputs. The second
 * funding grain adds the activity, for requests that filter or group by activities. Finer identity (the
 * project) and the source are left to the facts.
 */
const GRAIN_EXTRAS: Readonly<Record<FactKind, ReadonlyArray<ReadonlyArray<DimensionName>>>> = Object.freeze({
  funding: [[], ["activity"]],
  outputs: [[]],
});

function define(kind: FactKind, extras: ReadonlyArray<DimensionName>): RollupDefinition {
  const wanted = new Set<DimensionName>(["area", "year", ...basisDimensionNames(kind), ...extras]);
  const dimensions = DIMENSION_NAMES.filter(
    (n) => wanted.has(n) && (dimensionSpec(n).columns[kind]?.length ?? 0) > 0,
  );
  const columns = dimensions.flatMap((n) => dimensionSpec(n).columns[kind] ?? []);
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return Object.freeze({
    name: `rollup_${kind}_${dimensions.map(snake).join("_")}`,
    kind,
    factTable: FACT_TABLE_OF[kind],
    dimensions: Object.freeze(dimensions),
    columns: Object.freeze(columns),
  });
}

/** Every rollup a snapshot gets, derived from the model. */
export const ROLLUP_DEFINITIONS: ReadonlyArray<RollupDefinition> = Object.freeze(
  (Object.keys(GRAIN_EXTRAS) as FactKind[]).flatMap((kind) =>
    GRAIN_EXTRAS[kind].map((extras) => define(kind, extras)),
  ),
);

/**
 * The SELECT that fills a rollup: the preferred facts (one version per figure, the one every sum takes unless
 * the caller picks sources) grouped by its columns, ordered by them so its row groups' min/max keep filters cheap.
 */
export function rollupSelectSql(definition: RollupDefinition): RawBuilder<unknown> {
  const columns = definition.columns.map((c) => sql.ref(c));
  const measures = Object.values(ROLLUP_MEASURES)
    .filter((m) => !m.outputs || definition.kind === "outputs")
    .map((m) => sql`${m.build} AS ${sql.id(m.column)}`);
  return sql`SELECT ${sql.join([...columns, ...measures])} FROM ${sql.table(definition.factTable)}
    WHERE preferred GROUP BY ${sql.join(columns)} ORDER BY ${sql.join(columns)}`;
}
