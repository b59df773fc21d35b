import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FUNDING_DIMENSIONS,
  OUTPUT_DIMENSIONS,
  filterArb,
  groupByArb,
  universe,
  valuationArb,
} from "./arbitraries.js";
import { outputSliceCall, sliceCall, type ApiOutputRow, type ApiSlice } from "./calls.js";
import { checkOutputSlice, checkSlice } from "./checks.js";
import { assertBatches, openGenerated, openPublished, type Dataset } from "./harness.js";
import type { SliceRequest } from "./reference.js";
import { figureKey } from "./reference-facts.js";

const datasets: Record<string, Dataset> = {};
beforeAll(async () => {
  const [published, generated] = await Promise.all([openPublished(), openGenerated()]);
  Object.assign(datasets, { published, generated });
});
afterAll(async () => {
  await Promise.all(Object.values(datasets).map((d) => d.close()));
});

describe.each(["published", "generated"])("funding and output slices on the %s data", (name) => {
  it("marks exactly one preferred fact per figure, so no figure is counted twice", () => {
    const { rows } = datasets[name];
    const notOne = <F extends { preferred: boolean }>(facts: ReadonlyArray<F>, key: (f: F) => string) => {
      const counts = new Map<string, number>();
      for (const f of facts) counts.set(key(f), (counts.get(key(f)) ?? 0) + (f.preferred ? 1 : 0));
      return [...counts].filter(([, n]) => n !== 1);
    };
    expect(notOne(rows.funding, figureKey)).toEqual([]);
    expect(notOne(rows.outputs, figureKey)).toEqual([]);
  });

  it("gives every funding row the reference's sum, value, factors and population for any filter and grouping", async () => {
    const { rows, server } = datasets[name];
    const u = universe(rows);
    const request = fc
      .record({
        filter: filterArb(u, { sources: true }),
        groupBy: groupByArb(FUNDING_DIMENSIONS),
        valuation: valuationArb(u),
      })
      .map(({ filter, groupBy, valuation }): SliceRequest => ({ filter, groupBy, ...valuation }));
    await assertBatches<SliceRequest, ApiSlice>(
      server,
      request,
      sliceCall,
      (req, api) => checkSlice(rows, req, api),
      {
        numRuns: 18,
      },
    );
  });

  it("gives every output row the reference's quantity (never summed across units) and amount", async () => {
    const { rows, server } = datasets[name];
    const u = universe(rows);
    const request = fc
      .record({
        filter: filterArb(u, { activities: false, stages: ["PLAN", "ACTUAL", "TARGET"] }),
        groupBy: groupByArb(OUTPUT_DIMENSIONS),
        valuation: valuationArb(u),
      })
      .map(({ filter, groupBy, valuation }): SliceRequest => ({ filter, groupBy, ...valuation }));
    await assertBatches<SliceRequest, { totalCount: number; rows: ApiOutputRow[] }>(
      server,
      request,
      outputSliceCall,
      (req, api) => checkOutputSlice(rows, req, api),
      { numRuns: 8 },
    );
  });
});
