import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FUNDING_SOURCES,
  STAGES,
  areaId,
  filterArb,
  sometimes,
  universe,
  valuationArb,
  yearSpan,
} from "./arbitraries.js";
import { compareCall, executionRateCall, type ApiCompare, type ApiRate } from "./calls.js";
import { checkCompare, checkExecutionRates } from "./checks.js";
import { assertBatches, openGenerated, openPublished, runOne, type Dataset } from "./harness.js";
import { referenceCompare, type CompareRequest, type ExecutionRateRequest } from "./reference-compare.js";
import type { FilterInput } from "./reference-facts.js";
import type { Universe } from "./arbitraries.js";

const datasets: Record<string, Dataset> = {};
beforeAll(async () => {
  const [published, generated] = await Promise.all([openPublished(), openGenerated()]);
  Object.assign(datasets, { published, generated });
});
afterAll(async () => {
  await Promise.all(Object.values(datasets).map((d) => d.close()));
});

/** A selection as people compare them: one area, a year or a few, one period, stage and funding source. */
function selectionArb(u: Universe): fc.Arbitrary<FilterInput> {
  return fc.record({
    areas: fc.uniqueArray(areaId(u), { minLength: 1, maxLength: 2 }),
    years: yearSpan(u, 2),
    periods: sometimes(0.85, fc.constantFrom(["FY"], ["H1"], ["9M"], ["5Y"])),
    stages: sometimes(0.85, fc.constantFrom(...STAGES.map((s) => [s]))),
    fundingSources: sometimes(0.85, fc.constantFrom(...FUNDING_SOURCES.map((s) => [s]))),
  });
}

describe.each(["published", "generated"])("compare and execution rates on the %s data", (name) => {
  it("gives each selection's total and its difference (in VND, then the unit) and ratio to the reference", async () => {
    const { rows, server } = datasets[name];
    const u = universe(rows);
    const request = fc
      .record({
        selections: fc.array(selectionArb(u), { minLength: 2, maxLength: 3 }),
        reference: fc.nat(2),
        valuation: valuationArb(u),
      })
      .map(({ selections, reference, valuation }): CompareRequest => ({
        selections: selections.map((filter) => ({ filter })),
        reference: reference % selections.length,
        ...valuation,
      }));
    await assertBatches<CompareRequest, ApiCompare>(
      server,
      request,
      compareCall,
      (req, api) => checkCompare(rows, req, api),
      { numRuns: 12 },
    );
  });

  it("divides each executed figure by the same area, year and funding source's full-year plan", async () => {
    const { rows, server } = datasets[name];
    const u = universe(rows);
    const request = fc
      .record({
        filter: filterArb(u, {
          regions: false,
          activities: false,
          stages: ["ALLOCATED", "ESTIMATED", "ACTUAL"],
        }),
        valuation: valuationArb(u),
      })
      .map(({ filter, valuation }): ExecutionRateRequest => ({ filter, ...valuation }));
    await assertBatches<ExecutionRateRequest, { rates: ApiRate[] }>(
      server,
      request,
      executionRateCall,
      (req, api) => checkExecutionRates(rows, req, api),
      { numRuns: 10 },
    );
  });
});

describe("compare on the published data", () => {
  it("takes the difference in VND: the north's 2024 plan against 2023 is exactly −15.7 billion", async () => {
    const { rows, server } = datasets["published"];
    const plan = (year: number): FilterInput => ({
      areas: ["north"],
      years: { from: year, to: year },
      periods: ["FY"],
      stages: ["PLAN"],
      fundingSources: ["TOTAL"],
    });
    const request: CompareRequest = {
      selections: [{ filter: plan(2024) }, { filter: plan(2023) }],
      reference: 1,
      valueBasis: "CURRENT",
      unit: "BILLION_VND",
      boundary: "HISTORICAL",
    };
    expect(referenceCompare(rows, request)[0].difference).toBe(-15.7);
    const api = await runOne<ApiCompare>(server, compareCall(request));
    checkCompare(rows, request, api).throwIfAny();
  });
});

describe("execution rates at constant prices on the published data", () => {
  it("values a year before the first CPI year whose chain is complete: 2009 at 2010 prices needs only 2010's CPI", async () => {
    const { rows, server } = datasets["published"];
    const request: ExecutionRateRequest = {
      filter: {},
      valueBasis: "CONSTANT",
      priceBaseYear: 2010,
      unit: "BILLION_VND",
      boundary: "HISTORICAL",
    };
    const api = await runOne<{ rates: ApiRate[] }>(server, executionRateCall(request));
    checkExecutionRates(rows, request, api).throwIfAny();
  });
});
