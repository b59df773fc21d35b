import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { areaId, filterArb, universe, valuationArb } from "./arbitraries.js";
import { shareCall, type ApiShareSlice } from "./calls.js";
import { checkShare } from "./checks.js";
import { assertBatches, openGenerated, openPublished, runOne, type Dataset } from "./harness.js";
import { NATION_PARTS, type ShareRequest } from "./reference-share.js";

const datasets: Record<string, Dataset> = {};
beforeAll(async () => {
  const [published, generated] = await Promise.all([openPublished(), openGenerated()]);
  Object.assign(datasets, { published, generated });
});
afterAll(async () => {
  await Promise.all(Object.values(datasets).map((d) => d.close()));
});

const basisArb = fc.constantFrom(undefined, "PUBLISHED_TOTAL" as const, "SUM_OF_PARTS" as const);

describe.each(["published", "generated"])("share on the %s data", (name) => {
  it("gives national and local their share of the published total, or of their sum when asked", async () => {
    const { rows, server } = datasets[name];
    const u = universe(rows);
    const request = fc
      .record({
        filter: filterArb(u, { regions: false, activities: false, fundingSources: ["NATIONAL", "LOCAL"] }),
        basis: basisArb,
        valuation: valuationArb(u),
      })
      .map(({ filter, basis, valuation }): ShareRequest => ({
        partsBy: "FUNDING_SOURCE",
        filter,
        basis,
        ...valuation,
      }));
    await assertBatches<ShareRequest, { slices: ApiShareSlice[] }>(
      server,
      request,
      shareCall,
      (req, api) => checkShare(rows, req, api),
      { numRuns: 10 },
    );
  });

  it("gives regions their share of the nation and provinces their share of a region", async () => {
    const { rows, server } = datasets[name];
    const u = universe(rows);
    const request = fc
      .record({
        wholeArea: fc.constantFrom("VN", ...NATION_PARTS),
        filter: filterArb(u, { areas: false, regions: false, activities: false }),
        basis: basisArb,
        valuation: valuationArb(u),
      })
      .map(({ wholeArea, filter, basis, valuation }): ShareRequest => ({
        partsBy: "AREA",
        wholeArea,
        filter,
        basis,
        ...valuation,
      }));
    await assertBatches<ShareRequest, { slices: ApiShareSlice[] }>(
      server,
      request,
      shareCall,
      (req, api) => checkShare(rows, req, api),
      { numRuns: 8 },
    );
  });

  it("gives province and district budgets their share of local funding", async () => {
    const { rows, server } = datasets[name];
    const u = universe(rows);
    const request = fc
      .record({
        areas: fc.option(fc.uniqueArray(areaId(u), { minLength: 1, maxLength: 2 }), { nil: undefined }),
        basis: basisArb,
        valuation: valuationArb(u),
      })
      .map(({ areas, basis, valuation }): ShareRequest => ({
        partsBy: "BUDGET_LEVEL",
        filter: { areas },
        basis,
        ...valuation,
      }));
    await assertBatches<ShareRequest, { slices: ApiShareSlice[] }>(
      server,
      request,
      shareCall,
      (req, api) => checkShare(rows, req, api),
      { numRuns: 5 },
    );
  });
});

describe("share at constant prices on the published data", () => {
  it("values a year before the first CPI year whose chain is complete: 2009 at 2010 prices needs only 2010's CPI", async () => {
    const { rows, server } = datasets["published"];
    const request: ShareRequest = {
      partsBy: "FUNDING_SOURCE",
      filter: {},
      valueBasis: "CONSTANT",
      priceBaseYear: 2010,
      unit: "BILLION_VND",
      boundary: "HISTORICAL",
    };
    const api = await runOne<{ slices: ApiShareSlice[] }>(server, shareCall(request));
    checkShare(rows, request, api).throwIfAny();
  });
});
