import {
  UNIT_VND,
  groupFacts,
  grouping,
  passes,
  strictFilter,
  type Dimension,
  type FilterInput,
  type RowBasis,
  type Valuation,
} from "./reference-facts.js";
import { valueFacts } from "./reference-values.js";
import type { WarehouseRows } from "./warehouse-rows.js";

/**
 * The naive oracle of every analysis: pure functions over the rows of `loadWarehouseRows`, written from the
 * contract (rules 1–8 of the differential suite's brief, and docs/analytics.md where the brief is silent),
 * never importing src/analytics and never aggregating in SQL: loops and Maps. Values come back in the request's
 * unit; differences are taken in VND first. This file: the slice (rule 2) and the trend (rule 3); share
 * (rule 4) in reference-share.ts, compare and execution rates (rules 5, 6) in reference-compare.ts, on the
 * building blocks of reference-facts.ts (filter, keys, basis) and reference-values.ts (CPI, population).
 */

export interface SliceRequest extends Valuation {
  readonly filter: FilterInput;
  readonly groupBy: ReadonlyArray<Dimension>;
}

export interface ReferenceRow {
  readonly identity: string;
  readonly groupKeys: ReadonlyArray<string | null>;
  readonly basis: RowBasis;
  /** Σ amount at current prices, in the unit (outputs: of the facts with an amount; null when none). */
  readonly amount: number | null;
  /** On the value basis, in the unit; null when the basis cannot value the facts. */
  readonly value: number | null;
  readonly factCount: number;
  readonly quantity: number | null;
  readonly populationThousands: number | null;
  /** year → factor (CONSTANT). */
  readonly factors: ReadonlyMap<number, number>;
}

const baseYearOf = (v: Valuation, fallback?: number) => v.priceBaseYear ?? fallback;

/** Rule 2: the funding slice. One row per group of the facts passing the filter. */
export function referenceSlice(rows: WarehouseRows, request: SliceRequest): ReferenceRow[] {
  const filter = strictFilter(rows, request.filter, request.boundary, request.groupBy);
  const facts = rows.funding.filter((f) => passes(rows, filter, f, request.boundary));
  const dims = grouping("funding", request.groupBy, filter);
  const groups = groupFacts(rows, facts, "funding", request.groupBy, dims, request.boundary);
  const unit = UNIT_VND[request.unit];
  return [...groups].map(([identity, g]) => {
    const valued = valueFacts(rows, g.facts, request.valueBasis, baseYearOf(request));
    return {
      identity,
      groupKeys: g.groupKeys,
      basis: g.basis,
      amount: valued.amountVnd / unit,
      value: valued.valueVnd === null ? null : valued.valueVnd / unit,
      factCount: g.facts.length,
      quantity: null,
      populationThousands: valued.populationThousands,
      factors: valued.factors,
    };
  });
}

/** Rule 2 for outputs: quantities summed per group (never across units); amounts of the facts that have one. */
export function referenceOutputSlice(rows: WarehouseRows, request: SliceRequest): ReferenceRow[] {
  const filter = strictFilter(rows, request.filter, request.boundary, request.groupBy);
  const facts = rows.outputs.filter((f) => passes(rows, filter, f, request.boundary));
  const dims = grouping("outputs", request.groupBy, filter);
  const groups = groupFacts(rows, facts, "outputs", request.groupBy, dims, request.boundary);
  const unit = UNIT_VND[request.unit];
  return [...groups].map(([identity, g]) => {
    const withAmount = g.facts.flatMap((f) =>
      f.amountVnd === null ? [] : [{ ...f, amountVnd: f.amountVnd }],
    );
    const valued = valueFacts(rows, withAmount, request.valueBasis, baseYearOf(request));
    let quantity = 0;
    for (const f of g.facts) quantity += f.quantity;
    return {
      identity,
      groupKeys: g.groupKeys,
      basis: g.basis,
      amount: withAmount.length === 0 ? null : valued.amountVnd / unit,
      value: withAmount.length === 0 || valued.valueVnd === null ? null : valued.valueVnd / unit,
      factCount: g.facts.length,
      quantity,
      populationThousands: valued.populationThousands,
      factors: valued.factors,
    };
  });
}

export interface TrendRequest extends Valuation {
  readonly filter: FilterInput;
  readonly groupBy: ReadonlyArray<Dimension>;
  readonly from: number;
  readonly to: number;
  readonly baseYear?: number;
  readonly period?: string;
}

export interface ReferencePoint {
  readonly year: number;
  readonly hasData: boolean;
  readonly value: number | null;
  readonly amount: number | null;
  readonly factCount: number;
  readonly previousYear: number | null;
  readonly change: number | null;
  readonly changePercent: number | null;
  readonly index: number | null;
  readonly factor: number | null;
  readonly populationThousands: number | null;
}

export interface ReferenceSeries {
  readonly identity: string;
  readonly points: ReadonlyArray<ReferencePoint>;
  readonly cagr: number | null;
  readonly cagrFromYear: number | null;
  readonly cagrToYear: number | null;
}

/**
 * Rule 3: per series, a point per year of from..to valued as the slice of the single-year facts of that year
 * and period; a year without facts is null. change = value − value of the previous year with data, in VND
 * then the unit; changePercent = change / previous × 100; index = value / value(baseYear) × 100; CAGR over the
 * first and last years with values. docs/analytics.md adds: a change, index or CAGR between values whose facts
 * cover different scopes (one component of a plan against the whole plan) is not like for like: null.
 */
export function referenceTrend(rows: WarehouseRows, request: TrendRequest): ReferenceSeries[] {
  const period = request.period ?? "FY";
  const baseYear = request.baseYear ?? request.from;
  const priceBase = request.priceBaseYear ?? baseYear;
  const filter = strictFilter(
    rows,
    { ...request.filter, years: undefined, periods: undefined },
    request.boundary,
    request.groupBy,
  );
  const facts = rows.funding.filter(
    (f) =>
      passes(rows, filter, f, request.boundary) &&
      f.period === period &&
      f.yearFrom === f.yearTo &&
      f.yearFrom >= request.from &&
      f.yearFrom <= request.to,
  );
  const dims = grouping("funding", request.groupBy, filter, period);
  const groups = groupFacts(rows, facts, "funding", request.groupBy, dims, request.boundary);
  const unit = UNIT_VND[request.unit];
  return [...groups].map(([identity, g]) => {
    const cells = new Map<number, ReturnType<typeof valueFacts> | null>();
    for (let year = request.from; year <= request.to; year++) {
      const ofYear = g.facts.filter((f) => f.yearFrom === year);
      cells.set(year, ofYear.length === 0 ? null : valueFacts(rows, ofYear, request.valueBasis, priceBase));
    }
    const base = cells.get(baseYear);
    const scopes = (year: number) =>
      [...new Set(g.facts.filter((f) => f.yearFrom === year).map((f) => f.scope))].sort().join("+");
    const points: ReferencePoint[] = [];
    let previous: { year: number; valueVnd: number | null } | null = null;
    for (let year = request.from; year <= request.to; year++) {
      const cell = cells.get(year) ?? null;
      const valueVnd = cell?.valueVnd ?? null;
      const prevValue = previous?.valueVnd ?? null;
      const likePrevious = previous !== null && scopes(previous.year) === scopes(year);
      const changeVnd =
        cell !== null && valueVnd !== null && prevValue !== null && likePrevious
          ? valueVnd - prevValue
          : null;
      const baseValue = scopes(baseYear) === scopes(year) ? (base?.valueVnd ?? null) : null;
      points.push({
        year,
        hasData: cell !== null,
        value: valueVnd === null ? null : valueVnd / unit,
        amount: cell === null ? null : cell.amountVnd / unit,
        factCount: g.facts.filter((f) => f.yearFrom === year).length,
        previousYear: cell === null ? null : (previous?.year ?? null),
        change: changeVnd === null ? null : changeVnd / unit,
        changePercent:
          changeVnd === null || prevValue === 0 ? null : (changeVnd / (prevValue as number)) * 100,
        index:
          valueVnd === null || baseValue === null || baseValue === 0 ? null : (valueVnd / baseValue) * 100,
        factor: cell?.factors.get(year) ?? null,
        populationThousands: cell?.populationThousands ?? null,
      });
      if (cell !== null) previous = { year, valueVnd };
    }
    const valued = points.filter((p) => p.value !== null);
    const first = valued[0];
    const last = valued[valued.length - 1];
    const cagr =
      valued.length < 2 || first.value === 0 || scopes(first.year) !== scopes(last.year)
        ? null
        : Math.pow((last.value as number) / (first.value as number), 1 / (last.year - first.year)) - 1;
    return {
      identity,
      points,
      cagr,
      cagrFromYear: valued.length < 2 ? null : first.year,
      cagrToYear: valued.length < 2 ? null : last.year,
    };
  });
}
