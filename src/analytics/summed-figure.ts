import { decodeQuality, type FactQuality } from "../model/index.js";
import type { AggregateRow } from "./fact-aggregate.query.js";
import { inUnit, type AmountUnit } from "./units.js";
import { missingCpiReason, type ValueBasis } from "./value-basis.js";
import { valueReason } from "./value-reason.js";

/** The year and factor applied to its amounts (constant prices). */
export interface PriceFactor {
  readonly year: number;
  readonly factor: number;
}

/**
 * A value summed from facts, as every analysis reports it: on the value basis and in the unit (null with the
 * reason, never a zero for missing data), the current-price amount it came from (`amount`, same unit), the facts
 * summed, the population or price factors applied, and the quality of its figures.
 */
export interface SummedFigure {
  readonly value: number | null;
  readonly reason: string | null;
  readonly amount: number | null;
  /** The same two in VND, for arithmetic before the last step (differences, shares, changes). */
  readonly valueVnd: number | null;
  readonly amountVnd: number | null;
  readonly factCount: number;
  readonly populationThousands: number | null;
  readonly priceFactors: ReadonlyArray<PriceFactor>;
  readonly quality: FactQuality;
}

/**
 * Reads one aggregate row (`factAggregateSql`) as a summed figure: the one place a value basis turns into a
 * value, a unit into a division, and a null value into its reason — a year without CPI in the chain, an area-year
 * without population, a fact spanning years, or no amount at all.
 * Example: {amount_vnd: 170.8e9, value_vnd: 170.8e9, fact_count: 1} in BILLION_VND on CURRENT → value 170.8,
 * amount 170.8, factCount 1, reason null.
 */
export function readSummedFigure(row: AggregateRow, basis: ValueBasis, unit: AmountUnit): SummedFigure {
  const amountVnd = num(row.amount_vnd);
  const valueVnd = amountVnd === null ? null : num(row.value_vnd);
  const priceFactors: PriceFactor[] = [];
  if (basis.kind === "CONSTANT") {
    for (const year of row.factor_years ?? []) {
      const factor = basis.factors.byYear.get(Number(year))?.factor;
      if (factor !== null && factor !== undefined) priceFactors.push({ year: Number(year), factor });
    }
  }
  return Object.freeze({
    value: inUnit(valueVnd, unit),
    reason: valueVnd === null ? nullValueReason(row, basis) : null,
    amount: inUnit(amountVnd, unit),
    valueVnd,
    amountVnd,
    factCount: Number(row.fact_count ?? 0),
    populationThousands: num(row.population_thousands),
    priceFactors: Object.freeze(priceFactors),
    quality: decodeQuality(num(row.quality_bits)),
  });
}

/** The figure of nothing: no facts matched (a missing year is null with this reason, never a zero). */
export function missingFigure(reason: string): SummedFigure {
  return Object.freeze({
    value: null,
    reason,
    amount: null,
    valueVnd: null,
    amountVnd: null,
    factCount: 0,
    populationThousands: null,
    priceFactors: Object.freeze([]),
    quality: decodeQuality(null),
  });
}

function nullValueReason(row: AggregateRow, basis: ValueBasis): string {
  const missing = row.missing ?? [];
  if (num(row.amount_vnd) === null) return "No amount is published for these facts (không có số tiền).";
  if (basis.kind === "CONSTANT") {
    const reasons = missing.map((span) => {
      const [from, to] = span.split("-").map(Number);
      return from !== to
        ? `A fact spans ${span}: a multi-year amount has no single year to deflate.`
        : missingCpiReason(from, basis.factors.byYear.get(from), basis.baseYear);
    });
    return reasons.length === 0 ? "No CPI factor applies." : [...new Set(reasons)].join(" ");
  }
  return valueReason(missing);
}

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
