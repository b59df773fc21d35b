import { aggregateKeys, type AggregateRow } from "./fact-aggregate.query.js";
import { groupIdentity, readBasis, readGroupKeys, type FactBasis, type GroupKey } from "./group-keys.js";
import type { SliceSpec } from "./slice.query.js";
import { sourcesByGroup, type SourceRef } from "./sources.shape.js";
import { inUnit, type AmountUnit } from "./units.js";
import { missingCpiReason } from "./value-basis.js";
import { valueReason } from "./value-reason.js";

/** The year and factor applied to its amounts (constant prices). */
export interface PriceFactor {
  readonly year: number;
  readonly factor: number;
}

export interface SliceRow {
  readonly keys: ReadonlyArray<GroupKey>;
  readonly basis: FactBasis;
  /** The amount on the value basis, in `unit`; null with `reason` when it cannot be computed. */
  readonly value: number | null;
  readonly reason: string | null;
  /** Σ amount at current prices, in `unit` (null when no fact has an amount). */
  readonly amount: number | null;
  readonly quantity: number | null;
  readonly factCount: number;
  readonly amountFactCount: number;
  readonly populationThousands: number | null;
  readonly priceFactors: ReadonlyArray<PriceFactor>;
  /** Null when the caller did not ask for sources (the sources query was not run). */
  readonly sources: ReadonlyArray<SourceRef> | null;
}

export interface SliceResult {
  readonly rows: ReadonlyArray<SliceRow>;
  readonly totalCount: number;
}

/**
 * Shapes the rows of `sliceSql` (and of `factSourcesSql` for the same spec, or null): keys and labels, basis,
 * value and amount divided by `unit` (unrounded), the factors used, and a reason for every null value —
 * a year without CPI in the chain, an area-year without population, a fact spanning years, or no amount.
 * Example: row {k_year: 20242024, amount_vnd: 170800000000, value_vnd: 170800000000, fact_count: 1} in
 * BILLION_VND → {keys [{year, "2024"}], value 170.8, amount 170.8, factCount 1, reason null}.
 */
export function shapeSlice(
  rows: ReadonlyArray<AggregateRow>,
  sourceRows: ReadonlyArray<AggregateRow> | null,
  spec: SliceSpec,
  unit: AmountUnit,
): SliceResult {
  const keys = aggregateKeys(spec);
  const sources = sourceRows === null ? null : sourcesByGroup(sourceRows, keys.dimensions, false);
  const shaped = rows.map((row): SliceRow => {
    const amountVnd = num(row["amount_vnd"]);
    const valueVnd = num(row["value_vnd"]);
    const factorYears = (row["factor_years"] as ReadonlyArray<number> | null | undefined) ?? [];
    const priceFactors: PriceFactor[] = [];
    if (spec.basis.kind === "CONSTANT") {
      for (const year of factorYears) {
        const factor = spec.basis.factors.byYear.get(Number(year))?.factor;
        if (factor !== null && factor !== undefined) priceFactors.push({ year: Number(year), factor });
      }
    }
    return {
      keys: readGroupKeys(row, keys.shown),
      basis: readBasis(row, keys),
      value: inUnit(valueVnd, unit),
      reason: valueVnd === null ? nullValueReason(row, spec) : null,
      amount: inUnit(amountVnd, unit),
      quantity: num(row["quantity"]),
      factCount: Number(row["fact_count"] ?? 0),
      amountFactCount: Number(row["amount_fact_count"] ?? row["fact_count"] ?? 0),
      populationThousands: num(row["population_thousands"]),
      priceFactors,
      sources: sources === null ? null : (sources.get(groupIdentity(row, keys.dimensions)) ?? []),
    };
  });
  return { rows: shaped, totalCount: rows.length === 0 ? 0 : Number(rows[0]["total_count"]) };
}

function nullValueReason(row: AggregateRow, spec: SliceSpec): string {
  const missing = (row["missing"] as ReadonlyArray<string> | null | undefined) ?? [];
  if (num(row["amount_vnd"]) === null) return "No amount is published for these facts (không có số tiền).";
  if (spec.basis.kind === "CONSTANT") {
    const basis = spec.basis;
    const reasons = missing.map((span) => {
      const [from, to] = span.split("-").map(Number);
      return from !== to
        ? `A fact spans ${span}: a multi-year amount has no single year to deflate.`
        : missingCpiReason(from, basis.factors.byYear.get(from), basis.baseYear);
    });
    return [...new Set(reasons)].join(" ");
  }
  return valueReason(missing);
}

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
