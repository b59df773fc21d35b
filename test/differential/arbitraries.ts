import fc from "fast-check";
import type { Dimension, FilterInput, Valuation } from "./reference-facts.js";
import type { WarehouseRows } from "./warehouse-rows.js";

/**
 * fast-check arbitraries over the real ids of a data set: the areas that have facts (and any other area), the
 * years, periods, sources and activities present, the CPI years for constant prices.
 */
export interface Universe {
  readonly factAreas: ReadonlyArray<string>;
  readonly allAreas: ReadonlyArray<string>;
  readonly regions: ReadonlyArray<string>;
  readonly years: { readonly from: number; readonly to: number };
  readonly periods: ReadonlyArray<string>;
  readonly cpiYears: ReadonlyArray<number>;
  readonly sources: ReadonlyArray<number>;
  readonly activities: ReadonlyArray<string>;
}

export function universe(rows: WarehouseRows): Universe {
  const funding = rows.funding;
  return {
    factAreas: [...new Set(funding.map((f) => f.areaId))].sort(),
    allAreas: [...rows.areas.keys()].sort(),
    regions: [...rows.areas.values()].filter((a) => a.level === "region").map((a) => a.id),
    years: {
      from: Math.min(...funding.map((f) => f.yearFrom)),
      to: Math.max(...funding.map((f) => f.yearTo)),
    },
    periods: [...new Set(funding.map((f) => f.period))].sort(),
    cpiYears: [...rows.cpi.keys()].sort((a, b) => a - b),
    sources: [...new Set(funding.map((f) => f.sourceId))].sort((a, b) => a - b),
    activities: [...new Set(funding.flatMap((f) => (f.activity === null ? [] : [f.activity])))].sort(),
  };
}

/** `arb` with probability `p`, otherwise undefined (the field is left out). */
export function sometimes<T>(p: number, arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  const weight = Math.round(p * 100);
  return fc.oneof({ weight: 100 - weight, arbitrary: fc.constant(undefined) }, { weight, arbitrary: arb });
}

const some = <T>(values: ReadonlyArray<T>, maxLength: number) =>
  fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength });

export const STAGES = ["PLAN", "ALLOCATED", "ESTIMATED", "ACTUAL"] as const;
export const FUNDING_SOURCES = ["NATIONAL", "LOCAL", "TOTAL"] as const;
export const LEVELS = ["NATION", "REGION", "PROVINCE"] as const;

/** A span of years inside the data's range, at most `maxYears` long. */
export function yearSpan(u: Universe, maxYears = 30): fc.Arbitrary<{ from: number; to: number }> {
  return fc
    .tuple(fc.integer({ min: u.years.from, max: u.years.to }), fc.integer({ min: 0, max: maxYears - 1 }))
    .map(([from, length]) => ({ from, to: Math.min(u.years.to, from + length) }));
}

/** An area: mostly one with facts, sometimes any area the warehouse knows (2025 provinces included). */
export function areaId(u: Universe): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...u.factAreas) },
    { weight: 1, arbitrary: fc.constantFrom(...u.allAreas) },
  );
}

export interface FilterOptions {
  readonly years?: boolean;
  readonly periods?: boolean;
  readonly sources?: boolean;
  readonly activities?: boolean;
  readonly stages?: ReadonlyArray<string>;
  readonly fundingSources?: ReadonlyArray<string>;
  readonly areas?: boolean;
  readonly regions?: boolean;
}

/** A filter with a few fields set, so that most draws still match facts. */
export function filterArb(u: Universe, o: FilterOptions = {}): fc.Arbitrary<FilterInput> {
  return fc.record({
    areas:
      o.areas === false
        ? fc.constant(undefined)
        : sometimes(0.55, fc.uniqueArray(areaId(u), { minLength: 1, maxLength: 2 })),
    levels: sometimes(0.12, some(LEVELS, 2)),
    regions: o.regions === false ? fc.constant(undefined) : sometimes(0.12, some(u.regions, 2)),
    years: o.years === false ? fc.constant(undefined) : sometimes(0.35, yearSpan(u, 6)),
    periods: o.periods === false ? fc.constant(undefined) : sometimes(0.35, some(u.periods, 2)),
    fundingSources: sometimes(0.4, some(o.fundingSources ?? FUNDING_SOURCES, 2)),
    stages: sometimes(0.4, some(o.stages ?? STAGES, 2)),
    activities:
      o.activities === false || u.activities.length === 0
        ? fc.constant(undefined)
        : sometimes(0.05, some(u.activities, 2)),
    sources: o.sources === true ? sometimes(0.08, some(u.sources, 3)) : fc.constant(undefined),
  });
}

/** Value basis (with a base year from the CPI series for CONSTANT), unit and boundary. */
export function valuationArb(u: Universe): fc.Arbitrary<Valuation> {
  return fc
    .record({
      valueBasis: fc.constantFrom("CURRENT" as const, "CONSTANT" as const, "PER_CAPITA" as const),
      priceBaseYear: fc.constantFrom(...u.cpiYears),
      unit: fc.constantFrom("VND" as const, "MILLION_VND" as const, "BILLION_VND" as const),
      boundary: fc.oneof(
        { weight: 3, arbitrary: fc.constant("HISTORICAL" as const) },
        { weight: 1, arbitrary: fc.constant("MERGED_2025" as const) },
      ),
    })
    .map((v) => (v.valueBasis === "CONSTANT" ? v : { ...v, priceBaseYear: undefined }));
}

export const FUNDING_DIMENSIONS: ReadonlyArray<Dimension> = [
  "AREA",
  "LEVEL",
  "REGION",
  "YEAR",
  "PERIOD",
  "FUNDING_SOURCE",
  "BUDGET_LEVEL",
  "STAGE",
  "ACTIVITY",
  "DETAIL",
  "SOURCE",
];

export const OUTPUT_DIMENSIONS: ReadonlyArray<Dimension> = [
  "AREA",
  "LEVEL",
  "REGION",
  "YEAR",
  "PERIOD",
  "FUNDING_SOURCE",
  "STAGE",
  "OUTPUT_TYPE",
  "UNIT",
  "SOURCE",
];

export function groupByArb(dimensions: ReadonlyArray<Dimension>, maxLength = 3): fc.Arbitrary<Dimension[]> {
  return fc.uniqueArray(fc.constantFrom(...dimensions), { maxLength });
}
