import {
  UNIT_VND,
  areaUnder,
  detailOf,
  groupFacts,
  grouping,
  passes,
  strictFilter,
  valueFacts,
  type Dimension,
  type FilterInput,
  type RowBasis,
  type Valuation,
} from "./reference-facts.js";
import type { FundingFactRow, WarehouseRows } from "./warehouse-rows.js";

/**
 * The naive oracle of every analysis: pure functions over the rows of `loadWarehouseRows`, written from the
 * contract (rules 1–8 of the differential suite's brief, and docs/analytics.md where the brief is silent),
 * never importing src/analytics. Values come back in the request's unit; differences are taken in VND first.
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
    const withAmount = g.facts.flatMap((f) => (f.amountVnd === null ? [] : [{ ...f, amountVnd: f.amountVnd }]));
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
 * first and last years with values.
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
    const points: ReferencePoint[] = [];
    let previous: { year: number; valueVnd: number | null } | null = null;
    for (let year = request.from; year <= request.to; year++) {
      const cell = cells.get(year) ?? null;
      const valueVnd = cell?.valueVnd ?? null;
      const prevValue = previous?.valueVnd ?? null;
      const changeVnd = cell !== null && valueVnd !== null && prevValue !== null ? valueVnd - prevValue : null;
      const baseValue = base?.valueVnd ?? null;
      points.push({
        year,
        hasData: cell !== null,
        value: valueVnd === null ? null : valueVnd / unit,
        amount: cell === null ? null : cell.amountVnd / unit,
        factCount: g.facts.filter((f) => f.yearFrom === year).length,
        previousYear: cell === null ? null : (previous?.year ?? null),
        change: changeVnd === null ? null : changeVnd / unit,
        changePercent: changeVnd === null || prevValue === 0 ? null : (changeVnd / (prevValue as number)) * 100,
        index: valueVnd === null || baseValue === null || baseValue === 0 ? null : (valueVnd / baseValue) * 100,
        factor: cell?.factors.get(year) ?? null,
        populationThousands: cell?.populationThousands ?? null,
      });
      if (cell !== null) previous = { year, valueVnd };
    }
    const valued = points.filter((p) => p.value !== null);
    const first = valued[0];
    const last = valued[valued.length - 1];
    const cagr =
      valued.length < 2 || first.value === 0
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

export type SharePartsBy = "FUNDING_SOURCE" | "AREA" | "BUDGET_LEVEL";
export type ShareBasis = "PUBLISHED_TOTAL" | "SUM_OF_PARTS";

export interface ShareRequest extends Valuation {
  readonly partsBy: SharePartsBy;
  readonly filter: FilterInput;
  readonly wholeArea?: string;
  readonly basis?: ShareBasis;
}

export interface ReferenceSharePart {
  readonly key: string;
  readonly levels: ReadonlySet<string>;
  readonly amountVnd: number;
  readonly valued: ReturnType<typeof valueFacts>;
}

export interface ReferenceShareSlice {
  /** `yearFrom|yearTo|period|stage|area|fundingSource`, as `shareSliceIdentity` reads the API's. */
  readonly identity: string;
  readonly wholeArea: string | null;
  readonly parts: ReadonlyMap<string, ReferenceSharePart>;
  readonly publishedVnd: number | null;
  readonly publishedValued: ReturnType<typeof valueFacts> | null;
  readonly sumOfPartsVnd: number | null;
  readonly mixedLevels: boolean;
  /** The basis of the whole used, or null when neither gives a usable whole. */
  readonly wholeBasis: ShareBasis | null;
  /** The whole the shares divide by (current prices, VND); null: every share is null. */
  readonly wholeVnd: number | null;
  /** part key → share % (null when the whole is unusable or zero). */
  readonly shares: ReadonlyMap<string, number | null>;
}

/** The regions that make up the nation: the default parts of a nationwide whole. */
export const NATION_PARTS: ReadonlyArray<string> = ["north", "central-highlands", "south"];

/**
 * A "total" figure: no activity, no project (detail total) and no province/district budget split. Share,
 * compare and execution rates use these unless the filter names activities (docs/analytics.md).
 */
function isTotalFigure(fact: FundingFactRow, activitiesNamed: boolean, allowBudgetLevel = false): boolean {
  if (!allowBudgetLevel && fact.budgetLevel !== null) return false;
  return activitiesNamed || detailOf(fact) === "total";
}

/**
 * Rule 4: share% = part / whole × 100 on current amounts, per slice (year span, period, stage, and the area
 * or funding source that is not the parts' axis). The whole is its own published fact, or the sum of the
 * parts present when asked SUM_OF_PARTS (or when there is no published total and no basis is asked); a sum
 * over parts of different levels is no whole.
 */
export function referenceShare(rows: WarehouseRows, request: ShareRequest): ReferenceShareSlice[] {
  const { boundary } = request;
  const activitiesNamed = request.filter.activities !== undefined;
  const base = strictFilter(rows, request.filter, boundary);
  type Tagged = { fact: FundingFactRow; role: "part" | "whole"; sliceArea: string | null; sliceSource: string | null; partKey: string };
  const tagged: Tagged[] = [];
  let wholeArea: string | null = null;
  if (request.partsBy === "FUNDING_SOURCE") {
    const partSources = base.fundingSources ?? new Set(["national", "local"]);
    const any = { ...base, fundingSources: null };
    for (const fact of rows.funding) {
      if (!passes(rows, any, fact, boundary) || !isTotalFigure(fact, activitiesNamed)) continue;
      const role = fact.fundingSource === "total" ? "whole" : partSources.has(fact.fundingSource) ? "part" : null;
      if (role === null) continue;
      tagged.push({ fact, role, sliceArea: areaUnder(rows, fact.areaId, boundary), sliceSource: null, partKey: fact.fundingSource });
    }
  } else if (request.partsBy === "BUDGET_LEVEL") {
    const local = { ...base, fundingSources: new Set(["local"]) };
    for (const fact of rows.funding) {
      if (!passes(rows, local, fact, boundary) || !isTotalFigure(fact, activitiesNamed, true)) continue;
      const role = fact.budgetLevel === null ? "whole" : "part";
      tagged.push({
        fact,
        role,
        sliceArea: areaUnder(rows, fact.areaId, boundary),
        sliceSource: fact.fundingSource,
        partKey: fact.budgetLevel ?? "",
      });
    }
  } else {
    const whole = areaUnder(rows, request.wholeArea as string, boundary);
    wholeArea = whole;
    const wholeLevel = rows.areas.get(whole)?.level ?? "";
    const wholeFilter = { ...base, areaKeys: new Set([whole]), levels: new Set([wholeLevel]) };
    const partsFilter =
      wholeLevel === "region"
        ? { ...base, regions: new Set([whole]), levels: new Set(["province"]) }
        : { ...base, areaKeys: new Set(NATION_PARTS), levels: new Set(["region"]) };
    for (const fact of rows.funding) {
      if (!isTotalFigure(fact, activitiesNamed)) continue;
      const role = passes(rows, wholeFilter, fact, boundary)
        ? "whole"
        : passes(rows, partsFilter, fact, boundary)
          ? "part"
          : null;
      if (role === null) continue;
      tagged.push({
        fact,
        role,
        sliceArea: null,
        sliceSource: fact.fundingSource,
        partKey: areaUnder(rows, fact.areaId, boundary),
      });
    }
  }

  const slices = new Map<string, { whole: FundingFactRow[]; parts: Map<string, FundingFactRow[]>; area: string | null }>();
  for (const t of tagged) {
    const f = t.fact;
    const identity = [f.yearFrom, f.yearTo, f.period, f.stage, t.sliceArea, t.sliceSource].join("|").toLowerCase();
    const slice = slices.get(identity) ?? {
      whole: [] as FundingFactRow[],
      parts: new Map<string, FundingFactRow[]>(),
      area: t.sliceArea,
    };
    slices.set(identity, slice);
    if (t.role === "whole") slice.whole.push(f);
    else slice.parts.set(t.partKey, [...(slice.parts.get(t.partKey) ?? []), f]);
  }
  const baseYear = request.priceBaseYear;
  return [...slices].map(([identity, s]): ReferenceShareSlice => {
    const parts = new Map<string, ReferenceSharePart>();
    for (const [key, facts] of s.parts) {
      const valued = valueFacts(rows, facts, request.valueBasis, baseYear);
      parts.set(key, { key, levels: new Set(facts.map((f) => f.level)), amountVnd: valued.amountVnd, valued });
    }
    const publishedValued = s.whole.length === 0 ? null : valueFacts(rows, s.whole, request.valueBasis, baseYear);
    const publishedVnd = publishedValued?.amountVnd ?? null;
    let sum: number | null = parts.size === 0 ? null : 0;
    for (const p of parts.values()) sum = (sum as number) + p.amountVnd;
    const levels = new Set([...parts.values()].flatMap((p) => [...p.levels]));
    const mixedLevels = levels.size > 1;
    let wholeBasis: ShareBasis | null;
    if (request.basis === "PUBLISHED_TOTAL" || (request.basis === undefined && publishedVnd !== null)) {
      wholeBasis = publishedVnd === null ? null : "PUBLISHED_TOTAL";
    } else {
      wholeBasis = sum === null || mixedLevels ? null : "SUM_OF_PARTS";
    }
    const wholeVnd = wholeBasis === "PUBLISHED_TOTAL" ? publishedVnd : wholeBasis === "SUM_OF_PARTS" ? sum : null;
    const shares = new Map<string, number | null>();
    for (const p of parts.values()) {
      shares.set(p.key, wholeVnd === null || wholeVnd === 0 ? null : (p.amountVnd / wholeVnd) * 100);
    }
    return {
      identity,
      wholeArea: wholeArea ?? s.area,
      parts,
      publishedVnd,
      publishedValued,
      sumOfPartsVnd: sum,
      mixedLevels,
      wholeBasis,
      wholeVnd,
      shares,
    };
  });
}

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
export function referenceTotal(rows: WarehouseRows, filterInput: FilterInput, valuation: Valuation): ReferenceTotal {
  const filter = strictFilter(rows, filterInput, valuation.boundary);
  const activitiesNamed = filterInput.activities !== undefined;
  const facts = rows.funding.filter(
    (f) => passes(rows, filter, f, valuation.boundary) && isTotalFigure(f, activitiesNamed),
  );
  if (facts.length === 0) return { amountVnd: null, valueVnd: null, factCount: 0 };
  const valued = valueFacts(rows, facts, valuation.valueBasis, valuation.priceBaseYear);
  const mixed = (pick: (f: FundingFactRow) => string) => new Set(facts.map(pick)).size > 1;
  const single =
    !mixed((f) => f.level) && !mixed((f) => f.stage) && !mixed((f) => f.period) && !mixed((f) => f.fundingSource);
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
  const groupsOf = (filter: typeof executedFilter, key: (f: FundingFactRow) => string, keep = (_: FundingFactRow) => true) => {
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
    (f) => f.stage !== "plan" && (years === undefined || (f.yearFrom >= years.from - 1 && f.yearFrom <= years.to - 1)),
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

/** Rule 1: the identity of a funding figure (what it measures, without its source). */
export function fundingFigureKey(f: FundingFactRow): string {
  return JSON.stringify([
    f.areaId,
    f.yearFrom,
    f.yearTo,
    f.period,
    f.fundingSource,
    f.budgetLevel,
    f.stage,
    f.activity,
    f.project,
  ]);
}

/** Rule 1 for outputs. */
export function outputFigureKey(f: WarehouseRows["outputs"][number]): string {
  return JSON.stringify([f.areaId, f.yearFrom, f.yearTo, f.period, f.outputType, f.stage, f.fundingSource, f.unit]);
}
