/** A unit values are returned in. Amounts are stored in integer VND; values are divided by `vnd`, unrounded. */
export interface AmountUnit {
  readonly name: AmountUnitName;
  readonly vnd: number;
  readonly label: string;
}

export type AmountUnitName = "VND" | "MILLION_VND" | "BILLION_VND";

/** The frozen registry of units: VND (đồng), MILLION_VND (triệu đồng), BILLION_VND (tỷ đồng). */
export const AMOUNT_UNITS: Readonly<Record<AmountUnitName, AmountUnit>> = Object.freeze({
  VND: Object.freeze({ name: "VND", vnd: 1, label: "VND (đồng)" }),
  MILLION_VND: Object.freeze({ name: "MILLION_VND", vnd: 1e6, label: "million VND (triệu đồng)" }),
  BILLION_VND: Object.freeze({ name: "BILLION_VND", vnd: 1e9, label: "billion VND (tỷ đồng)" }),
});

/**
 * An amount in VND expressed in `unit`: `amountVnd / unit.vnd`, unrounded; null stays null.
 * Differences are taken in VND first and converted last, so `inUnit(170.8e9 - 186.5e9, BILLION_VND)` is
 * exactly -15.7.
 */
export function inUnit(amountVnd: number | null, unit: AmountUnit): number | null {
  return amountVnd === null ? null : amountVnd / unit.vnd;
}
