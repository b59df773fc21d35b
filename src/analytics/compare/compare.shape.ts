import type { AmountUnit } from "../units.js";
import type { ValueBasis } from "../value-basis.js";
import { valueOnBasis } from "../share/value-on-basis.js";
import type { CompareRow, CompareSourceRow } from "./compare.query.js";

/** One selection's total, on the value basis, with what went into it. */
export interface ComparedValue {
  /** In the unit, on the value basis; null with `reason` when it cannot be given. */
  readonly value: number | null;
  /** In the unit, at current prices. */
  readonly amount: number | null;
  readonly reason: string | null;
  readonly factCount: number;
  readonly alternatives: number;
  readonly yearFrom: number | null;
  readonly yearTo: number | null;
  readonly areas: ReadonlyArray<string>;
  readonly levels: ReadonlyArray<string>;
  readonly stages: ReadonlyArray<string>;
  readonly periods: ReadonlyArray<string>;
  readonly fundingSources: ReadonlyArray<string>;
  readonly sources: ReadonlyArray<CompareSourceRow>;
}

/** A value set against a reference value. */
export interface Comparison {
  /** value − reference, in the unit. */
  readonly difference: number | null;
  /** value ÷ reference. */
  readonly ratio: number | null;
  /** value ÷ reference × 100 (an execution rate when the reference is the plan). */
  readonly percentOfReference: number | null;
  /** (value ÷ reference − 1) × 100. */
  readonly percentDifference: number | null;
  readonly reason: string | null;
}

export interface ComparedItem {
  readonly index: number;
  readonly total: ComparedValue;
  /** Against the reference selection (the reference itself: difference 0, ratio 1). */
  readonly vsReference: Comparison;
  /** The same selection one year earlier (same period last year), when asked. */
  readonly lastYear: ComparedValue | null;
  readonly vsLastYear: Comparison | null;
}

export interface CompareShapeOptions {
  /** How many selections the caller gave; rows of `sel` ≥ count are their last-year twins, in order. */
  readonly count: number;
  readonly withLastYear: boolean;
  readonly reference: number;
  readonly unit: AmountUnit;
  readonly valueBasis: ValueBasis;
}

/**
 * Totals each selection and compares it with the reference selection (and, when asked, with its twin one year
 * earlier).
 *
 * - Total: Σ over the selection's area-year cells of the cell's value (CURRENT: the amount; CONSTANT: amount ×
 *   the CPI factor of its year; PER_CAPITA: Σ amounts ÷ Σ populations × 1000 over the cells).
 * - Formulas: difference = value − reference; ratio = value ÷ reference; percentOfReference = ratio × 100;
 *   percentDifference = (ratio − 1) × 100.
 * - Null with a reason: a selection without facts (a missing year is never a zero); a selection that mixes
 *   levels, stages, periods or funding sources (its sum would add a regional total to provinces, a plan to an
 *   execution, or national to total funding); a cell without CPI factor or population; a reference that is
 *   null or zero (ratio and percentages only: the difference needs no division).
 *
 * Example: north 2024 FY plan total (170.8) against the reference north 2023 (186.5), BILLION_VND →
 * `{ difference: -15.7, ratio: 0.91581…, percentOfReference: 91.581…, percentDifference: -8.4182… }`.
 */
export function shapeComparison(
  rows: ReadonlyArray<CompareRow>,
  options: CompareShapeOptions,
): ComparedItem[] {
  const bySel = new Map<number, CompareRow[]>();
  for (const row of rows) {
    const list = bySel.get(row.sel) ?? [];
    list.push(row);
    bySel.set(row.sel, list);
  }
  const totals = Array.from({ length: options.count * (options.withLastYear ? 2 : 1) }, (_, sel) =>
    totalOf(sel % options.count, bySel.get(sel) ?? [], options),
  );
  const reference = totals[options.reference];
  return totals.slice(0, options.count).map((total, index) => {
    const lastYear = options.withLastYear ? totals[index + options.count] : null;
    return Object.freeze({
      index,
      total,
      vsReference: compareValues(total, reference, `selection ${options.reference}`),
      lastYear,
      vsLastYear: lastYear === null ? null : compareValues(total, lastYear, "the same period last year"),
    });
  });
}

function totalOf(
  index: number,
  rows: ReadonlyArray<CompareRow>,
  options: CompareShapeOptions,
): ComparedValue {
  const union = (pick: (r: CompareRow) => ReadonlyArray<string>) =>
    Object.freeze([...new Set(rows.flatMap(pick))].sort());
  const levels = union((r) => r.levels);
  const stages = union((r) => r.stages);
  const periods = union((r) => r.periods);
  const fundingSources = union((r) => r.funding_sources);
  const sourceMap = new Map(rows.flatMap((r) => r.sources).map((s) => [s.id, s]));
  const amountVnd = rows.length === 0 ? null : rows.reduce((sum, r) => sum + r.amount_vnd, 0);
  const spans = new Set(rows.map((r) => r.year_to - r.year_from));
  const base = {
    amount: amountVnd === null ? null : amountVnd / options.unit.vnd,
    factCount: rows.reduce((n, r) => n + r.fact_count, 0),
    alternatives: rows.reduce((n, r) => n + r.alternatives, 0),
    yearFrom: rows.length === 0 ? null : Math.min(...rows.map((r) => r.year_from)),
    yearTo: rows.length === 0 ? null : Math.max(...rows.map((r) => r.year_to)),
    areas: union((r) => [r.area_key]),
    levels,
    stages,
    periods,
    fundingSources,
    sources: Object.freeze([...sourceMap.values()].sort((a, b) => a.id - b.id)),
  };
  const mixed = (
    [
      ["levels", levels],
      ["stages", stages],
      ["periods", periods],
      ["funding sources", fundingSources],
    ] as const
  ).find(([, values]) => values.length > 1);
  let reason: string | null = null;
  if (rows.length === 0) reason = `No figure matches selection ${index}.`;
  else if (mixed !== undefined) {
    reason = `Selection ${index} mixes the ${mixed[0]} ${mixed[1].map((v) => `"${v}"`).join(" and ")}, which do not add up; pin one in its filter.`;
  } else if (spans.size > 1) {
    reason = `Selection ${index} mixes single years with multi-year totals, which do not add up; narrow its years.`;
  }
  if (reason !== null) return Object.freeze({ ...base, value: null, reason });
  const value = valueOf(rows, options);
  return Object.freeze({ ...base, value: value.value, reason: value.reason });
}

function valueOf(
  rows: ReadonlyArray<CompareRow>,
  options: CompareShapeOptions,
): { value: number | null; reason: string | null } {
  const { valueBasis, unit } = options;
  if (valueBasis.kind === "PER_CAPITA") {
    let amount = 0;
    let population = 0;
    for (const r of rows) {
      const cell = valueOnBasis(
        r.amount_vnd,
        { from: r.year_from, to: r.year_to },
        r.population_thousands,
        unit,
        valueBasis,
      );
      if (cell.value === null) return { value: null, reason: `${r.area_key}: ${cell.reason ?? "no value"}` };
      amount += r.amount_vnd;
      population += r.population_thousands ?? 0;
    }
    return { value: amount / (population * 1000) / unit.vnd, reason: null };
  }
  let total = 0;
  for (const r of rows) {
    const cell = valueOnBasis(r.amount_vnd, { from: r.year_from, to: r.year_to }, null, unit, valueBasis);
    if (cell.value === null) return { value: null, reason: cell.reason };
    total += cell.value;
  }
  return { value: total, reason: null };
}

/**
 * `value` against `reference`: difference, ratio and percentages, each null with a reason when an operand is
 * missing or (for the ratio and percentages) the reference is zero.
 */
export function compareValues(
  value: ComparedValue,
  reference: ComparedValue,
  referenceName: string,
): Comparison {
  if (value.value === null || reference.value === null) {
    const reason =
      value.value === null
        ? (value.reason ?? "No value.")
        : `No value for ${referenceName}: ${reference.reason ?? "missing"}`;
    return Object.freeze({
      difference: null,
      ratio: null,
      percentOfReference: null,
      percentDifference: null,
      reason,
    });
  }
  const difference = value.value - reference.value;
  if (reference.value === 0) {
    return Object.freeze({
      difference,
      ratio: null,
      percentOfReference: null,
      percentDifference: null,
      reason: `The value of ${referenceName} is zero, so no ratio can be computed.`,
    });
  }
  const ratio = value.value / reference.value;
  return Object.freeze({
    difference,
    ratio,
    percentOfReference: ratio * 100,
    percentDifference: (ratio - 1) * 100,
    reason: null,
  });
}
