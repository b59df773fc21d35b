import type { Call } from "./harness.js";
import type { SliceRequest, TrendRequest } from "./reference.js";
import type { ShareRequest } from "./reference-share.js";
import type { CompareRequest, ExecutionRateRequest } from "./reference-compare.js";
import type { FilterInput, Valuation } from "./reference-facts.js";

/**
 * The GraphQL calls of the reference's requests (the same objects are sent and given to the reference), with
 * the fields the suite compares, and the shapes they come back in.
 */

const filterArg = (filter: FilterInput) => ["FactFilterInput", clean(filter)] as const;

/** The filter without undefined fields (fast-check's records carry them). */
export function clean(filter: FilterInput): FilterInput {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as FilterInput;
}

const valuationArgs = (v: Valuation) => ({
  valueBasis: ["ValueBasis", v.valueBasis] as const,
  priceBaseYear: ["Int", v.valueBasis === "CONSTANT" ? v.priceBaseYear : undefined] as const,
  unit: ["AmountUnit", v.unit] as const,
  boundary: ["Boundary", v.boundary] as const,
});

const BASIS = "basis { level stage period fundingSource budgetLevel detail outputType unit }";

export interface ApiKey {
  readonly dimension: string;
  readonly value: string | null;
}

export interface ApiBasis {
  readonly level: string | null;
  readonly stage: string | null;
  readonly period: string | null;
  readonly fundingSource: string | null;
  readonly budgetLevel: string | null;
  readonly detail: string | null;
  readonly outputType: string | null;
  readonly unit: string | null;
}

export interface ApiSliceRow {
  readonly keys: ReadonlyArray<ApiKey>;
  readonly basis: ApiBasis;
  readonly value: number | null;
  readonly reason: string | null;
  readonly amount: number | null;
  readonly factCount: number;
  readonly populationThousands: number | null;
  readonly priceFactors: ReadonlyArray<{ readonly year: number; readonly factor: number }>;
}

export interface ApiSlice {
  readonly totalCount: number;
  readonly rows: ReadonlyArray<ApiSliceRow>;
}

export function sliceCall(request: SliceRequest): Call {
  return {
    field: "funding",
    args: {
      filter: filterArg(request.filter),
      groupBy: ["[Dimension!]", request.groupBy],
      limit: ["Int", 1000],
      ...valuationArgs(request),
    },
    selection: `totalCount rows { keys { dimension value } ${BASIS} value reason amount factCount populationThousands priceFactors { year factor } }`,
  };
}

export interface ApiOutputRow {
  readonly keys: ReadonlyArray<ApiKey>;
  readonly basis: ApiBasis;
  readonly quantity: number | null;
  readonly amount: number | null;
  readonly amountReason: string | null;
  readonly factCount: number;
}

export function outputSliceCall(request: SliceRequest): Call {
  return {
    field: "outputs",
    args: {
      filter: filterArg(request.filter),
      groupBy: ["[Dimension!]", request.groupBy],
      limit: ["Int", 1000],
      ...valuationArgs(request),
    },
    selection: `totalCount rows { keys { dimension value } ${BASIS} quantity amount amountReason factCount }`,
  };
}

export interface ApiPoint {
  readonly year: number;
  readonly value: number | null;
  readonly reason: string | null;
  readonly amount: number | null;
  readonly factCount: number;
  readonly previousYear: number | null;
  readonly change: number | null;
  readonly changePercent: number | null;
  readonly index: number | null;
  readonly priceFactor: number | null;
  readonly populationThousands: number | null;
}

export interface ApiSeries {
  readonly keys: ReadonlyArray<ApiKey>;
  readonly basis: ApiBasis;
  readonly points: ReadonlyArray<ApiPoint>;
  readonly cagr: number | null;
  readonly cagrFromYear: number | null;
  readonly cagrToYear: number | null;
}

export function trendCall(request: TrendRequest): Call {
  return {
    field: "trend",
    args: {
      filter: filterArg(request.filter),
      groupBy: ["[Dimension!]", request.groupBy],
      from: ["Int!", request.from],
      to: ["Int!", request.to],
      baseYear: ["Int", request.baseYear],
      period: ["String", request.period],
      ...valuationArgs(request),
    },
    selection: `series { keys { dimension value } ${BASIS} points { year value reason amount factCount previousYear change changePercent index priceFactor populationThousands } cagr cagrFromYear cagrToYear }`,
  };
}

export interface ApiSharePart {
  readonly key: string;
  readonly level: string | null;
  readonly value: number | null;
  readonly amount: number | null;
  readonly valueReason: string | null;
  readonly factor: number | null;
  readonly sharePercent: number | null;
  readonly reason: string | null;
}

export interface ApiShareSlice {
  readonly yearFrom: number;
  readonly yearTo: number;
  readonly period: string;
  readonly stage: string;
  readonly area: string | null;
  readonly fundingSource: string | null;
  readonly whole: {
    readonly area: string | null;
    readonly basis: string | null;
    readonly value: number | null;
    readonly amount: number | null;
    readonly reason: string | null;
    readonly publishedTotal: number | null;
    readonly sumOfParts: number | null;
    readonly gap: number | null;
    readonly partCount: number;
    readonly mixedLevels: boolean;
  };
  readonly parts: ReadonlyArray<ApiSharePart>;
}

export function shareCall(request: ShareRequest): Call {
  return {
    field: "share",
    args: {
      partsBy: ["SharePartsBy!", request.partsBy],
      filter: filterArg(request.filter),
      wholeArea: ["String", request.wholeArea],
      basis: ["ShareBasis", request.basis],
      ...valuationArgs(request),
    },
    selection:
      "slices { yearFrom yearTo period stage area fundingSource " +
      "whole { area basis value amount reason publishedTotal sumOfParts gap partCount mixedLevels } " +
      "parts { key level value amount valueReason factor sharePercent reason } }",
  };
}

/** `yearFrom|yearTo|period|stage|area|fundingSource`, as the reference keys its share slices. */
export function shareSliceIdentity(s: ApiShareSlice): string {
  return [s.yearFrom, s.yearTo, s.period, s.stage, s.area ?? "", s.fundingSource ?? ""]
    .join("|")
    .toLowerCase();
}

export interface ApiComparedTotal {
  readonly value: number | null;
  readonly amount: number | null;
  readonly reason: string | null;
  readonly factCount: number;
}

export interface ApiComparison {
  readonly difference: number | null;
  readonly ratio: number | null;
  readonly reason: string | null;
}

export interface ApiCompare {
  readonly selections: ReadonlyArray<{
    readonly index: number;
    readonly total: ApiComparedTotal;
    readonly vsReference: ApiComparison;
  }>;
}

export function compareCall(request: CompareRequest): Call {
  return {
    field: "compare",
    args: {
      selections: ["[CompareSelectionInput!]!", request.selections.map((s) => ({ filter: clean(s.filter) }))],
      reference: ["Int", request.reference],
      ...valuationArgs(request),
    },
    selection:
      "selections { index total { value amount reason factCount } vsReference { difference ratio reason } }",
  };
}

export interface ApiRate {
  readonly area: string;
  readonly year: number;
  readonly period: string;
  readonly stage: string;
  readonly fundingSource: string;
  readonly executed: number | null;
  readonly executedAmount: number;
  readonly plan: number | null;
  readonly ratePercent: number | null;
  readonly reason: string | null;
  readonly lastYear: number | null;
  readonly changeVsLastYearPercent: number | null;
}

export function executionRateCall(request: ExecutionRateRequest): Call {
  return {
    field: "executionRate",
    args: { filter: filterArg(request.filter), ...valuationArgs(request) },
    selection:
      "rates { area year period stage fundingSource executed executedAmount plan ratePercent reason lastYear changeVsLastYearPercent }",
  };
}

/** `area|year|period|stage|fundingSource`, as the reference keys its rates. */
export function rateIdentity(r: ApiRate): string {
  return [r.area, r.year, r.period, r.stage, r.fundingSource].join("|").toLowerCase();
}
