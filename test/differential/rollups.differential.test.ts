import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import {
  FUNDING_DIMENSIONS,
  OUTPUT_DIMENSIONS,
  areaId,
  filterArb,
  groupByArb,
  sometimes,
  universe,
  valuationArb,
  yearSpan,
  type Universe,
} from "./arbitraries.js";
import { compareCall, executionRateCall, outputSliceCall, shareCall, sliceCall, trendCall } from "./calls.js";
import {
  BATCH_LIMITS,
  batchDocument,
  openGenerated,
  openPublished,
  runs,
  type Call,
  type Dataset,
} from "./harness.js";

/**
 * Rollups change where an answer is read from, never the answer: every analysis asked of the same snapshot by a
 * server reading its rollups (the default) and by one reading only its facts (KC_ROLLUPS=off) answers the same
 * JSON, byte for byte, sources, notes, quality and alternatives included. The naive references of the other
 * differential tests check the rollup path (rollups are on there); this checks it against the facts path.
 */

interface Pair {
  readonly dataset: Dataset;
  readonly on: TestServer;
  readonly off: TestServer;
}

const pairs: Record<string, Pair> = {};
beforeAll(async () => {
  const [published, generated] = await Promise.all([openPublished(), openGenerated()]);
  for (const dataset of [published, generated]) {
    const off = await startTestServer({ warehousePath: dataset.path, limits: BATCH_LIMITS, rollups: false });
    pairs[dataset === published ? "published" : "generated"] = { dataset, on: dataset.server, off };
  }
});
afterAll(async () => {
  await Promise.all(Object.values(pairs).flatMap((p) => [p.off.close(), p.dataset.close()]));
});

const QUALITY = "quality { scopes bound certainty caveat notes }";
const SOURCES = "sources { id title url }";
const ALTERNATIVES = "alternatives { source { id } value chosenValue difference figureCount }";

/** Each analysis's call with its whole provenance selected. */
function withProvenance(call: Call, alternatives: boolean): Call {
  const provenance = `${SOURCES} ${QUALITY}${alternatives ? ` ${ALTERNATIVES}` : ""}`;
  const selection = call.selection
    .replace(/points \{/, `points { ${provenance}`)
    .replace(/rows \{/, call.field === "outputs" ? `rows { ${SOURCES}` : `rows { ${provenance}`)
    .replace(/whole \{/, `whole { ${provenance}`)
    .replace(/parts \{/, `parts { ${provenance}`)
    .replace(/total \{/, `total { ${provenance} yearFrom yearTo areas details levels periods stages`)
    .replace(/rates \{/, `rates { sourceIds planSourceIds ${QUALITY}`);
  return { ...call, selection };
}

/** A selection as compare takes it: an area or two, a year or two, mostly one period, stage and funding source. */
function selectionArb(u: Universe) {
  return fc.record({
    areas: fc.uniqueArray(areaId(u), { minLength: 1, maxLength: 2 }),
    years: yearSpan(u, 2),
    periods: sometimes(0.85, fc.constantFrom(["FY"], ["H1"], ["9M"], ["5Y"])),
    stages: sometimes(0.85, fc.constantFrom(["PLAN"], ["ACTUAL"], ["ALLOCATED"])),
    fundingSources: sometimes(0.85, fc.constantFrom(["NATIONAL"], ["LOCAL"], ["TOTAL"])),
  });
}

/** Every analysis, drawn with random filters, groupings and valuations. */
function callArb(u: Universe): fc.Arbitrary<Call> {
  const valuation = valuationArb(u);
  const trend = fc
    .record({
      filter: filterArb(u, { years: false, periods: false, sources: true }),
      groupBy: groupByArb(
        FUNDING_DIMENSIONS.filter((d) => d !== "YEAR" && d !== "PERIOD"),
        2,
      ),
      span: yearSpan(u, 8),
      period: fc.constantFrom(undefined, "FY", "H1"),
      valuation,
    })
    .map(({ filter, groupBy, span, period, valuation }) =>
      trendCall({ filter, groupBy, from: span.from, to: span.to, period, ...valuation }),
    );
  const share = fc
    .record({
      partsBy: fc.constantFrom("FUNDING_SOURCE" as const, "AREA" as const, "BUDGET_LEVEL" as const),
      wholeArea: fc.constantFrom("VN", "north", "south"),
      filter: filterArb(u, { regions: false, sources: true }),
      valuation,
    })
    .map(({ partsBy, wholeArea, filter, valuation }) => {
      // The parts' funding sources as share accepts them: national and local (never the whole, total) when they
      // are the parts, local only for budget levels.
      const parts = filter.fundingSources?.filter((f) => f !== "TOTAL");
      const fundingSources =
        partsBy === "BUDGET_LEVEL"
          ? undefined
          : partsBy === "FUNDING_SOURCE" && parts?.length === 0
            ? undefined
            : partsBy === "FUNDING_SOURCE"
              ? parts
              : filter.fundingSources;
      return shareCall({
        partsBy,
        ...(partsBy === "AREA"
          ? { wholeArea, filter: { ...filter, fundingSources, areas: undefined } }
          : { filter: { ...filter, fundingSources } }),
        ...valuation,
      });
    });
  const compare = fc
    .record({
      selections: fc.array(selectionArb(u), { minLength: 2, maxLength: 3 }),
      valuation,
    })
    .map(({ selections, valuation }) =>
      compareCall({ selections: selections.map((filter) => ({ filter })), reference: 0, ...valuation }),
    );
  const rates = fc
    .record({
      filter: filterArb(u, { stages: ["ALLOCATED", "ESTIMATED", "ACTUAL"], sources: true }),
      valuation,
    })
    .map(({ filter, valuation }) => executionRateCall({ filter, ...valuation }));
  const slice = fc
    .record({
      filter: filterArb(u, { sources: true }),
      groupBy: groupByArb(FUNDING_DIMENSIONS, 3),
      valuation,
    })
    .map(({ filter, groupBy, valuation }) => sliceCall({ filter, groupBy, ...valuation }));
  const outputs = fc
    .record({
      filter: filterArb(u, { activities: false }),
      groupBy: groupByArb(OUTPUT_DIMENSIONS, 3),
      valuation,
    })
    .map(({ filter, groupBy, valuation }) =>
      outputSliceCall({ filter, groupBy, ...valuation, valueBasis: "CURRENT", priceBaseYear: undefined }),
    );
  return fc
    .tuple(fc.oneof(trend, share, compare, rates, slice, outputs), fc.boolean())
    .map(([call, alternatives]) => withProvenance(call, alternatives));
}

/** POSTs a batch and returns the whole response body (data, errors and extensions). */
async function post(server: TestServer, calls: ReadonlyArray<Call>) {
  const { query, variables } = batchDocument(calls);
  const result = await server.execute<Record<string, unknown>>(query, variables);
  return { data: result.data, errors: result.errors, rollups: result.extensions?.["rollups"] };
}

describe.each(["published", "generated"])("rollups on the %s data", (name) => {
  it("answers every analysis exactly as the facts do, sources, notes and alternatives included", async () => {
    const { dataset, on, off } = pairs[name];
    const u = universe(dataset.rows);
    const read = { rollup: 0, facts: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(callArb(u), { minLength: 1, maxLength: 6 }), async (calls) => {
        const [withRollups, factsOnly] = await Promise.all([post(on, calls), post(off, calls)]);
        expect(withRollups.errors ?? []).toEqual(factsOnly.errors ?? []);
        expect(withRollups.data).toEqual(factsOnly.data);
        for (const used of (withRollups.rollups ?? []) as Array<string | null>) {
          if (used === null) read.facts += 1;
          else read.rollup += 1;
        }
        expect(factsOnly.rollups ?? []).toEqual(((withRollups.rollups ?? []) as unknown[]).map(() => null));
      }),
      runs(40),
    );
    // Both paths were taken: the property compared rollup answers, not only facts with facts.
    expect(read.rollup).toBeGreaterThan(0);
    expect(read.facts).toBeGreaterThan(0);
  });
});
