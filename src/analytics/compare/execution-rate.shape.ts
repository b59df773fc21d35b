import type { AmountUnit } from "../units.js";
import type { ValueBasis } from "../value-basis.js";
import { valueOnBasis, type BasisValue } from "../share/value-on-basis.js";
import type { ExecutionRateRow } from "./execution-rate.query.js";

export interface ExecutionRate {
  readonly area: string;
  readonly year: number;
  readonly period: string;
  readonly stage: string;
  readonly fundingSource: string;
  readonly executed: BasisValue;
  readonly plan: BasisValue | null;
  /** executed ÷ plan × 100 on current amounts; null with `reason` when the plan is missing or zero. */
  readonly ratePct: number | null;
  readonly reason: string | null;
  /** The same period and stage one year earlier (cùng kỳ năm trước). */
  readonly lastYear: BasisValue | null;
  /** (executed ÷ last year − 1) × 100 on the value basis; null with `lastYearReason`. */
  readonly changeVsLastYearPct: number | null;
  readonly lastYearReason: string | null;
  readonly executedSources: ReadonlyArray<number>;
  readonly planSources: ReadonlyArray<number>;
}

/**
 * Rates from `executionRateQuery` rows.
 * - rate = executed ÷ plan × 100 (current amounts: the same year's deflator cancels out).
 * - change vs last year = (executed ÷ last year − 1) × 100, on the value basis (constant prices compare like
 *   with like across the two years).
 * - Missing or zero denominators give null with a reason; values are in `unit`, unrounded.
 * Example: north 2024 H1 estimated national 8.5 against plan 71.5 → ratePct 11.8881…; no H1 2023 figure →
 * changeVsLastYearPct null, "No estimated figure for H1 2023 …".
 */
export function shapeExecutionRates(
  rows: ReadonlyArray<ExecutionRateRow>,
  unit: AmountUnit,
  valueBasis: ValueBasis,
): ExecutionRate[] {
  return rows.map((r) => {
    const span = (year: number) => ({ from: year, to: year });
    const executed = valueOnBasis(r.executed_vnd, span(r.year), null, unit, valueBasis);
    const plan = r.plan_vnd === null ? null : valueOnBasis(r.plan_vnd, span(r.year), null, unit, valueBasis);
    const lastYear =
      r.last_year_vnd === null
        ? null
        : valueOnBasis(r.last_year_vnd, span(r.year - 1), null, unit, valueBasis);
    const what = `${r.area_key} ${r.funding_source}`;
    let ratePct: number | null = null;
    let reason: string | null = null;
    if (r.plan_vnd === null) reason = `No full-year ${r.year} plan for ${what}, so no execution rate.`;
    else if (r.plan_vnd === 0) reason = `The ${r.year} plan for ${what} is zero, so no execution rate.`;
    else ratePct = (r.executed_vnd / r.plan_vnd) * 100;
    let change: number | null = null;
    let lastYearReason: string | null = null;
    if (lastYear === null) {
      lastYearReason = `No ${r.stage} figure for ${r.period} ${r.year - 1} for ${what} (same period last year).`;
    } else if (lastYear.value === null || executed.value === null) {
      lastYearReason = lastYear.reason ?? executed.reason;
    } else if (lastYear.value === 0) {
      lastYearReason = `The ${r.period} ${r.year - 1} figure for ${what} is zero, so no change can be computed.`;
    } else {
      change = (executed.value / lastYear.value - 1) * 100;
    }
    return Object.freeze({
      area: r.area_key,
      year: r.year,
      period: r.period,
      stage: r.stage,
      fundingSource: r.funding_source,
      executed,
      plan,
      ratePct,
      reason,
      lastYear,
      changeVsLastYearPct: change,
      lastYearReason,
      executedSources: Object.freeze([...r.executed_sources]),
      planSources: Object.freeze([...(r.plan_sources ?? [])]),
    });
  });
}
