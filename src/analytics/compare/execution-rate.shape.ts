import { DIMENSIONS, decodeYearKey } from "../dimensions.js";
import { NO_PROVENANCE, readProvenance, type Provenance, type SourceRef } from "../provenance.shape.js";
import { readSummedFigure, type SummedFigure } from "../summed-figure.js";
import type { AmountUnit } from "../units.js";
import type { ValueBasis } from "../value-basis.js";
import { type ExecutionRateRow, type ExecutionRole } from "./execution-rate.query.js";

export interface ExecutionRate {
  readonly area: string;
  readonly level: string;
  readonly year: number;
  readonly period: string;
  readonly stage: string;
  readonly fundingSource: string;
  readonly executed: SummedFigure;
  readonly plan: SummedFigure | null;
  /** executed ÷ plan × 100 on current amounts; null with `reason` when the plan is missing or zero. */
  readonly ratePct: number | null;
  readonly reason: string | null;
  /** The same period and stage one year earlier (cùng kỳ năm trước). */
  readonly lastYear: SummedFigure | null;
  /** (executed ÷ last year − 1) × 100 on the value basis; null with `lastYearReason`. */
  readonly changeVsLastYearPct: number | null;
  readonly lastYearReason: string | null;
  readonly executedProvenance: Provenance;
  readonly planProvenance: Provenance;
}

/**
 * Rates from `executionRateQuery` rows: every executed figure of a single year, with the full-year plan of the
 * same area, funding source and year and the figure of the same period and stage one year earlier.
 * - rate = executed ÷ plan × 100 (current amounts: the same year's deflator cancels out).
 * - change vs last year = (executed ÷ last year − 1) × 100, on the value basis (constant prices compare like
 *   with like across the two years; per capita divides each by its own year's population).
 * - Missing or zero denominators give null with a reason; values are in `unit`, unrounded.
 * Example: north 2024 H1 estimated national 8.5 against plan 71.5 → ratePct 11.8881…; no H1 2023 figure →
 * changeVsLastYearPct null, "No estimated figure for H1 2023 …".
 */
export function shapeExecutionRates(
  rows: ReadonlyArray<ExecutionRateRow>,
  unit: AmountUnit,
  valueBasis: ValueBasis,
  sources: ReadonlyMap<number, SourceRef> | null = null,
): ExecutionRate[] {
  // The rows carry their provenance when the spec asked (`ExecutionRateSpec.provenance`); `sources` names it.
  const provenanceOf = (row: ExecutionRateRow | undefined): Provenance =>
    row === undefined || sources === null ? NO_PROVENANCE : readProvenance(row, (v) => v / unit.vnd, sources);
  const col = (row: ExecutionRateRow, name: keyof typeof DIMENSIONS) => String(row[DIMENSIONS[name].column]);
  const yearOf = (row: ExecutionRateRow) => decodeYearKey(Number(row[DIMENSIONS.year.column]));
  const index = (role: ExecutionRole, key: (row: ExecutionRateRow) => string) =>
    new Map(rows.filter((r) => r.role === role).map((r) => [key(r), r]));
  const planKey = (r: ExecutionRateRow, year: number) =>
    JSON.stringify([col(r, "area"), year, col(r, "fundingSource")]);
  const periodKey = (r: ExecutionRateRow, year: number) =>
    JSON.stringify([col(r, "area"), year, col(r, "period"), col(r, "stage"), col(r, "fundingSource")]);
  const plans = index("plan", (r) => planKey(r, yearOf(r).from));
  const lastYears = index("lastYear", (r) => periodKey(r, yearOf(r).from));
  const executedRows = rows
    .filter((r) => r.role === "executed" && yearOf(r).from === yearOf(r).to)
    .sort((a, b) =>
      [col(a, "area"), yearOf(a).from, col(a, "period"), col(a, "stage"), col(a, "fundingSource")]
        .join("\u0000")
        .localeCompare(
          [col(b, "area"), yearOf(b).from, col(b, "period"), col(b, "stage"), col(b, "fundingSource")].join(
            "\u0000",
          ),
        ),
    );
  return executedRows.map((r) => {
    const year = yearOf(r).from;
    const planRow = plans.get(planKey(r, year));
    const lastRow = lastYears.get(periodKey(r, year - 1));
    const executed = readSummedFigure(r, valueBasis, unit);
    const plan = planRow === undefined ? null : readSummedFigure(planRow, valueBasis, unit);
    const lastYear = lastRow === undefined ? null : readSummedFigure(lastRow, valueBasis, unit);
    const what = `${col(r, "area")} ${col(r, "fundingSource")}`;
    let ratePct: number | null = null;
    let reason: string | null = null;
    if (plan === null) reason = `No full-year ${year} plan for ${what}, so no execution rate.`;
    else if (plan.amountVnd === 0) reason = `The ${year} plan for ${what} is zero, so no execution rate.`;
    else ratePct = ((executed.amountVnd ?? 0) / (plan.amountVnd as number)) * 100;
    let change: number | null = null;
    let lastYearReason: string | null = null;
    if (lastYear === null) {
      lastYearReason = `No ${col(r, "stage")} figure for ${col(r, "period")} ${year - 1} for ${what} (same period last year).`;
    } else if (lastYear.valueVnd === null || executed.valueVnd === null) {
      lastYearReason = executed.reason ?? lastYear.reason;
    } else if (lastYear.valueVnd === 0) {
      lastYearReason = `The ${col(r, "period")} ${year - 1} figure for ${what} is zero, so no change can be computed.`;
    } else {
      change = (executed.valueVnd / lastYear.valueVnd - 1) * 100;
    }
    return Object.freeze({
      area: col(r, "area"),
      level: col(r, "level"),
      year,
      period: col(r, "period"),
      stage: col(r, "stage"),
      fundingSource: col(r, "fundingSource"),
      executed,
      plan,
      ratePct,
      reason,
      lastYear,
      changeVsLastYearPct: change,
      lastYearReason,
      executedProvenance: provenanceOf(r),
      planProvenance: provenanceOf(planRow),
    });
  });
}
