import { combineQuality, dimensionSpec } from "../../model/index.js";
import { DIMENSIONS } from "../dimensions.js";
import { NO_PROVENANCE, type Provenance } from "../provenance.shape.js";
import { missingFigure, readSummedFigure, type SummedFigure } from "../summed-figure.js";
import type { AmountUnit } from "../units.js";
import type { ValueBasis } from "../value-basis.js";
import { COMPARE_BASIS, type CompareRow } from "./compare.query.js";

/** One selection's total, on the value basis, with what went into it. */
export interface ComparedValue extends SummedFigure {
  readonly yearFrom: number | null;
  readonly yearTo: number | null;
  readonly areas: ReadonlyArray<string>;
  readonly levels: ReadonlyArray<string>;
  readonly stages: ReadonlyArray<string>;
  readonly periods: ReadonlyArray<string>;
  readonly fundingSources: ReadonlyArray<string>;
  readonly details: ReadonlyArray<string>;
  readonly units: ReadonlyArray<string>;
  readonly provenance: Provenance;
}

/** A value set against a reference value. */
export interface Comparison {
  /** value − reference, in the unit (taken in VND, then divided). */
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
  /** The provenance of each selection (and twin) by `sel`, when it was asked for. */
  readonly provenance?: ReadonlyArray<Provenance> | null;
}

/**
 * Totals each selection and compares it with the reference selection (and, when asked, with its twin one year
 * earlier).
 *
 * - Total: the core aggregate of the selection's facts (CURRENT: the amount; CONSTANT: Σ amount × the CPI factor
 *   of its year; PER_CAPITA: Σ amounts ÷ Σ populations of the distinct area-years × 1000).
 * - Formulas: difference = value − reference (in VND, divided by the unit last, so 170.8 − 186.5 is exactly
 *   −15.7 billion); ratio = value ÷ reference; percentOfReference = ratio × 100; percentDifference =
 *   (ratio − 1) × 100. A selection compared with itself: difference 0 and ratio 1 on every basis.
 * - Null with a reason: a selection without facts (a missing year is never a zero); a selection that mixes
 *   levels, stages, periods, funding sources, levels of detail or units (its sum would add a regional total to
 *   provinces, a plan to an execution, national to total funding, or persons to models), or single years with
 *   multi-year totals; a cell without CPI factor or population; a reference that is null or zero (ratio and
 *   percentages only: the difference needs no division).
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
    const list = bySel.get(Number(row.sel)) ?? [];
    list.push(row);
    bySel.set(Number(row.sel), list);
  }
  const totals = Array.from({ length: options.count * (options.withLastYear ? 2 : 1) }, (_, sel) =>
    totalOf(sel % options.count, bySel.get(sel) ?? [], options, options.provenance?.[sel] ?? NO_PROVENANCE),
  );
  const reference = totals[options.reference];
  return totals.slice(0, options.count).map((total, index) => {
    const lastYear = options.withLastYear ? totals[index + options.count] : null;
    return Object.freeze({
      index,
      total,
      vsReference: compareValues(total, reference, selectionName(options.reference), options.unit),
      lastYear,
      vsLastYear:
        lastYear === null ? null : compareValues(total, lastYear, "the same period last year", options.unit),
    });
  });
}

const ORDINALS = [
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
];

/** A selection in words with its place in the argument: "the third selection (selections[2])". */
function selectionName(index: number): string {
  return `the ${ORDINALS[index] ?? `${index + 1}th`} selection (selections[${index}])`;
}

function totalOf(
  index: number,
  rows: ReadonlyArray<CompareRow>,
  options: CompareShapeOptions,
  provenance: Provenance,
): ComparedValue {
  const values = (name: string): ReadonlyArray<string> =>
    Object.freeze(
      [
        ...new Set(
          rows.map((r) => r[DIMENSIONS[name as keyof typeof DIMENSIONS].column]).filter((v) => v != null),
        ),
      ]
        .map(String)
        .sort(),
    );
  const extents = {
    yearFrom: rows.length === 0 ? null : Math.min(...rows.map((r) => Number(r.year_min))),
    yearTo: rows.length === 0 ? null : Math.max(...rows.map((r) => Number(r.year_max))),
    areas: Object.freeze([...new Set(rows.flatMap((r) => r.areas ?? []))].sort()),
    levels: values("level"),
    stages: values("stage"),
    periods: values("period"),
    fundingSources: values("fundingSource"),
    details: values("detail"),
    units: values("unit"),
    provenance,
  };
  const mixed = COMPARE_BASIS.map((name) => [name, values(name)] as const).find(([, v]) => v.length > 1);
  const spans = new Set(rows.flatMap((r) => [Number(r.span_min), Number(r.span_max)]));
  let reason: string | null = null;
  const name = selectionName(index);
  const Name = name.charAt(0).toUpperCase() + name.slice(1);
  if (rows.length === 0) reason = `No figure matches ${name}: no fact passes its filter.`;
  else if (mixed !== undefined) {
    reason = `${Name} mixes the ${dimensionSpec(mixed[0]).plural} ${mixed[1].map((v) => `"${v}"`).join(" and ")}, which do not add up; pin one in its filter.`;
  } else if (spans.size > 1) {
    reason = `${Name} mixes single years with multi-year totals, which do not add up; narrow its years.`;
  }
  if (reason !== null) {
    const figures = rows.map((r) => readSummedFigure(r, options.valueBasis, options.unit));
    const amountVnd = figures.length === 0 ? null : figures.reduce((sum, f) => sum + (f.amountVnd ?? 0), 0);
    return Object.freeze({
      ...missingFigure(reason),
      amountVnd,
      amount: amountVnd === null ? null : amountVnd / options.unit.vnd,
      factCount: figures.reduce((n, f) => n + f.factCount, 0),
      quality: combineQuality(figures.map((f) => f.quality)),
      ...extents,
    });
  }
  return Object.freeze({ ...readSummedFigure(rows[0], options.valueBasis, options.unit), ...extents });
}

/**
 * `value` against `reference`: difference, ratio and percentages, each null with a reason when an operand is
 * missing or (for the ratio and percentages) the reference is zero. Arithmetic in VND; the unit divides last.
 */
export function compareValues(
  value: SummedFigure,
  reference: SummedFigure,
  referenceName: string,
  unit: AmountUnit,
): Comparison {
  if (value.valueVnd === null || reference.valueVnd === null) {
    const reason =
      value.valueVnd === null
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
  const difference = (value.valueVnd - reference.valueVnd) / unit.vnd;
  if (reference.valueVnd === 0) {
    return Object.freeze({
      difference,
      ratio: null,
      percentOfReference: null,
      percentDifference: null,
      reason: `The value of ${referenceName} is zero, so no ratio can be computed.`,
    });
  }
  const ratio = value.valueVnd / reference.valueVnd;
  return Object.freeze({
    difference,
    ratio,
    percentOfReference: ratio * 100,
    percentDifference: (ratio - 1) * 100,
    reason: null,
  });
}
