import {
  UNIT_VND,
  areaUnder,
  isTotalFigure,
  passes,
  strictFilter,
  type FilterInput,
  type Valuation,
} from "./reference-facts.js";
import { valueFacts } from "./reference-values.js";
import type { FundingFactRow, WarehouseRows } from "./warehouse-rows.js";

/** The reference of rules 5 and 6 (compare, execution rates): see reference.ts for what the reference is. */

export interface CompareSelection {
  readonly filter: FilterInput;
}

export interface CompareRequest extends Valuation {
  readonly selections: ReadonlyArray<CompareSelection>;
  readonly reference: number;
}

export interface ReferenceTotal {
  readonly amountVnd: number | null;
  readonly valueVnd: number | null;
  readonly factCount: number;
}

export interface ReferenceCompared {
  readonly total: ReferenceTotal;
  /** (value − reference) in VND, then the unit; null when either is null. */
  readonly difference: number | null;
  /** value / reference; null when either is null or the reference is zero. */
  readonly ratio: number | null;
}

/**
 * The total of one selection (rule 5): the total figures passing its filter, valued like a slice of one row;
 * null when there are none or they mix levels, stages, periods or funding sources (no single total).
 */
export function referenceTotal(
  rows: WarehouseRows,
  filterInput: FilterInput,
  valuation: Valuation,
): ReferenceTotal {
  const filter = strictFilter(rows, filterInput, valuation.boundary);
  const activitiesNamed = filterInput.activities !== undefined;
  const facts = rows.funding.filter(
    (f) => passes(rows, filter, f, valuation.boundary) && isTotalFigure(f, activitiesNamed),
  );
  if (facts.length === 0) return { amountVnd: null, valueVnd: null, factCount: 0 };
  const valued = valueFacts(rows, facts, valuation.valueBasis, valuation.priceBaseYear);
  const mixed = (pick: (f: FundingFactRow) => string) => new Set(facts.map(pick)).size > 1;
  const single =
    !mixed((f) => f.level) &&
    !mixed((f) => f.stage) &&
    !mixed((f) => f.period) &&
    !mixed((f) => f.fundingSource);
  return { amountVnd: valued.amountVnd, valueVnd: single ? valued.valueVnd : null, factCount: facts.length };
}

/** Rule 5: each selection's total against the reference selection's. */
export function referenceCompare(rows: WarehouseRows, request: CompareRequest): ReferenceCompared[] {
  const totals = request.selections.map((s) => referenceTotal(rows, s.filter, request));
  const reference = totals[request.reference];
  const unit = UNIT_VND[request.unit];
  return totals.map((total) => {
    const v = total.valueVnd;
    const r = reference.valueVnd;
    return {
      total,
      difference: v === null || r === null ? null : (v - r) / unit,
      ratio: v === null || r === null || r === 0 ? null : v / r,
    };
  });
}

export interface ExecutionRateRequest extends Valuation {
  readonly filter: FilterInput;
}

export interface ReferenceRate {
  /** `area|year|period|stage|fundingSource`. */
  readonly identity: string;
  readonly executedAmount: number;
  readonly executed: number | null;
  readonly plan: number | null;
  readonly ratePercent: number | null;
  readonly lastYear: number | null;
  readonly changeVsLastYearPercent: number | null;
}

const EXECUTION_STAGES = ["ALLOCATED", "ESTIMATED", "ACTUAL"];

/**
 * Rule 6: each executed figure (allocated, estimated or actual total figures of one year, per area under the
 * boundary, year, period, stage and funding source) over the full-year plan of the same area, year and
 * funding source × 100; the same period and stage one year earlier beside it.
 */
export function referenceExecutionRates(rows: WarehouseRows, request: ExecutionRateRequest): ReferenceRate[] {
  const { boundary } = request;
  const unit = UNIT_VND[request.unit];
  const activitiesNamed = request.filter.activities !== undefined;
  const stages = request.filter.stages ?? EXECUTION_STAGES;
  const executedFilter = strictFilter(rows, { ...request.filter, stages }, boundary);
  const planFilter = strictFilter(rows, { ...request.filter, stages: ["PLAN"], periods: ["FY"] }, boundary);
  const lastFilter = strictFilter(rows, { ...request.filter, stages, years: undefined }, boundary);
  const years = request.filter.years;
  const usable = (f: FundingFactRow) => f.yearFrom === f.yearTo && isTotalFigure(f, activitiesNamed);
  const groupsOf = (
    filter: typeof executedFilter,
    key: (f: FundingFactRow) => string,
    keep = (_: FundingFactRow) => true,
  ) => {
    const groups = new Map<string, FundingFactRow[]>();
    for (const f of rows.funding) {
      if (!usable(f) || !keep(f) || !passes(rows, filter, f, boundary)) continue;
      const k = key(f);
      groups.set(k, [...(groups.get(k) ?? []), f]);
    }
    return groups;
  };
  const area = (f: FundingFactRow) => areaUnder(rows, f.areaId, boundary);
  const executed = groupsOf(
    executedFilter,
    (f) => [area(f), f.yearFrom, f.period, f.stage, f.fundingSource].join("|"),
    (f) => f.stage !== "plan",
  );
  const plans = groupsOf(planFilter, (f) => [area(f), f.yearFrom, f.fundingSource].join("|"));
  const last = groupsOf(
    lastFilter,
    (f) => [area(f), f.yearFrom, f.period, f.stage, f.fundingSource].join("|"),
    (f) =>
      f.stage !== "plan" &&
      (years === undefined || (f.yearFrom >= years.from - 1 && f.yearFrom <= years.to - 1)),
  );
  const value = (facts: ReadonlyArray<FundingFactRow> | undefined) =>
    facts === undefined ? null : valueFacts(rows, facts, request.valueBasis, request.priceBaseYear);
  return [...executed].map(([key, facts]) => {
    const identity = key.toLowerCase();
    const [areaKey, year, period, stage, source] = key.split("|");
    const e = value(facts)!;
    const p = value(plans.get([areaKey, year, source].join("|")));
    const l = value(last.get([areaKey, Number(year) - 1, period, stage, source].join("|")));
    const ratePercent = p === null || p.amountVnd === 0 ? null : (e.amountVnd / p.amountVnd) * 100;
    const change =
      l === null || l.valueVnd === null || e.valueVnd === null || l.valueVnd === 0
        ? null
        : (e.valueVnd / l.valueVnd - 1) * 100;
    return {
      identity,
      executedAmount: e.amountVnd / unit,
      executed: e.valueVnd === null ? null : e.valueVnd / unit,
      plan: p === null || p.valueVnd === null ? null : p.valueVnd / unit,
      ratePercent,
      lastYear: l === null || l.valueVnd === null ? null : l.valueVnd / unit,
      changeVsLastYearPercent: change,
    };
  });
}
