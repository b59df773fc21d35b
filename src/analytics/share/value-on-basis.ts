import { inUnit, type AmountUnit } from "../units.js";
import { missingCpiReason, type ValueBasis } from "../value-basis.js";

/** A value in the requested unit and value basis, or null with the reason. */
export interface BasisValue {
  /** In the unit, on the value basis (per person for PER_CAPITA). */
  readonly value: number | null;
  /** In the unit, at current prices, as published or summed. */
  readonly amount: number | null;
  /** The CPI factor (CONSTANT) or the population in thousands (PER_CAPITA) applied; null for CURRENT. */
  readonly factor: number | null;
  readonly reason: string | null;
}

/**
 * An aggregated amount (VND, current prices) of one year span on a value basis, in `unit`, unrounded:
 * CURRENT → amount; CONSTANT → amount × the CPI factor of its year to the base year (core `cpiFactors`);
 * PER_CAPITA → amount ÷ (population thousands × 1000). Null with a reason when the amount is missing, the span
 * covers several years (no single factor or population applies), the factor is missing (names the CPI years
 * lacking) or the population is missing or zero.
 *
 * Example: 170.8e9 VND of 2024 in BILLION_VND at constant 2023 prices with CPI 2024 = 3.63 →
 * `{ value: 164.817…, amount: 170.8, factor: 0.96497…, reason: null }`.
 */
export function valueOnBasis(
  amountVnd: number | null,
  span: { readonly from: number; readonly to: number },
  populationThousands: number | null,
  unit: AmountUnit,
  basis: ValueBasis,
): BasisValue {
  const amount = inUnit(amountVnd, unit);
  if (amountVnd === null)
    return Object.freeze({ value: null, amount: null, factor: null, reason: "No amount." });
  if (basis.kind === "CURRENT") return Object.freeze({ value: amount, amount, factor: null, reason: null });
  const years = span.from === span.to ? `${span.from}` : `${span.from}-${span.to}`;
  if (span.from !== span.to) {
    return Object.freeze({
      value: null,
      amount,
      factor: null,
      reason: `${years} spans several years, so no single ${basis.kind === "CONSTANT" ? "CPI factor" : "population"} applies.`,
    });
  }
  if (basis.kind === "CONSTANT") {
    const factor = basis.factors.byYear.get(span.from);
    if (factor?.factor == null) {
      return Object.freeze({
        value: null,
        amount,
        factor: null,
        reason: missingCpiReason(span.from, factor, basis.baseYear),
      });
    }
    return Object.freeze({
      value: inUnit(amountVnd * factor.factor, unit),
      amount,
      factor: factor.factor,
      reason: null,
    });
  }
  if (populationThousands === null || populationThousands === 0) {
    return Object.freeze({
      value: null,
      amount,
      factor: populationThousands,
      reason: `No population for this area in ${years} (thiếu số liệu dân số), so no per-capita value.`,
    });
  }
  return Object.freeze({
    value: inUnit(amountVnd / (populationThousands * 1000), unit),
    amount,
    factor: populationThousands,
    reason: null,
  });
}
