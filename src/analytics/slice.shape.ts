import { aggregateKeys, type AggregateRow } from "./fact-aggregate.query.js";
import { readBasis, readGroupKeys, type FactBasis, type GroupKey } from "./group-keys.js";
import { NO_PROVENANCE, readProvenance, type Provenance, type SourceRef } from "./provenance.shape.js";
import type { SliceSpec } from "./slice.query.js";
import { readSummedFigure, type SummedFigure } from "./summed-figure.js";
import type { AmountUnit } from "./units.js";

export type { PriceFactor } from "./summed-figure.js";

export interface SliceRow extends SummedFigure {
  readonly keys: ReadonlyArray<GroupKey>;
  readonly basis: FactBasis;
  readonly quantity: number | null;
  readonly amountFactCount: number;
  /** Sources, notes and alternatives; `NO_PROVENANCE` when the caller asked for none (nothing was computed). */
  readonly provenance: Provenance;
}

export interface SliceResult {
  readonly rows: ReadonlyArray<SliceRow>;
  readonly totalCount: number;
}

/**
 * Shapes the rows of `sliceSql`: keys and labels, basis, the summed figure (value and amount divided by `unit`,
 * unrounded, with the factors used, the quality of its figures, and a reason for every null value), and where its
 * figures come from when the spec asked (sources named from `sources`, the snapshot's source list).
 * `totalCount` is the rows before paging (`countRows` when the page is empty: the count of `sliceCountSql`).
 * Example: row {k_year: 20242024, amount_vnd: 170800000000, value_vnd: 170800000000, fact_count: 1} in
 * BILLION_VND → {keys [{year, "2024"}], value 170.8, amount 170.8, factCount 1, reason null}.
 */
export function shapeSlice(
  rows: ReadonlyArray<AggregateRow>,
  spec: SliceSpec,
  unit: AmountUnit,
  countRows: number | null = null,
  sources: ReadonlyMap<number, SourceRef> = new Map(),
): SliceResult {
  const keys = aggregateKeys(spec);
  const scale = (v: number) => (spec.table.hasOutputType ? v : v / unit.vnd);
  const asked = (spec.provenance ?? null) !== null;
  const shaped = rows.map((row): SliceRow =>
    Object.freeze({
      ...readSummedFigure(row, spec.basis, unit),
      keys: readGroupKeys(row, keys.shown),
      basis: readBasis(row, keys),
      quantity: row.quantity === null || row.quantity === undefined ? null : Number(row.quantity),
      amountFactCount: Number(row.amount_fact_count ?? row.fact_count ?? 0),
      provenance: asked ? readProvenance(row, scale, sources) : NO_PROVENANCE,
    }),
  );
  const totalCount = rows.length === 0 ? (countRows ?? 0) : Number(rows[0]["total_count"]);
  return { rows: shaped, totalCount };
}
