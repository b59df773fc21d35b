import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FUNDING_DIMENSIONS,
  filterArb,
  groupByArb,
  universe,
  valuationArb,
  yearSpan,
} from "./arbitraries.js";
import { trendCall, type ApiSeries } from "./calls.js";
import { checkTrend } from "./checks.js";
import { assertBatches, openGenerated, openPublished, runOne, type Dataset } from "./harness.js";
import { referenceTrend, type TrendRequest } from "./reference.js";

const datasets: Record<string, Dataset> = {};
beforeAll(async () => {
  const [published, generated] = await Promise.all([openPublished(), openGenerated()]);
  Object.assign(datasets, { published, generated });
});
afterAll(async () => {
  await Promise.all(Object.values(datasets).map((d) => d.close()));
});

const TREND_DIMENSIONS = FUNDING_DIMENSIONS.filter((d) => d !== "YEAR" && d !== "PERIOD");

describe.each(["published", "generated"])("trend on the %s data", (name) => {
  it("gives every point the reference's value, change, index and CAGR, and a null with a reason for a missing year", async () => {
    const { rows, server } = datasets[name];
    const u = universe(rows);
    const request = fc
      .record({
        filter: filterArb(u, { years: false, periods: false }),
        groupBy: groupByArb(TREND_DIMENSIONS, 2),
        span: yearSpan(u, 8),
        baseOffset: fc.option(fc.nat(7), { nil: undefined }),
        period: fc.constantFrom(undefined, "FY", "H1", "9M"),
        valuation: valuationArb(u),
      })
      .map(({ filter, groupBy, span, baseOffset, period, valuation }): TrendRequest => ({
        filter,
        groupBy,
        from: span.from,
        to: span.to,
        baseYear: baseOffset === undefined ? undefined : Math.min(span.to, span.from + baseOffset),
        period,
        ...valuation,
      }));
    await assertBatches<TrendRequest, { series: ApiSeries[] }>(
      server,
      request,
      trendCall,
      (req, api) => checkTrend(rows, req, api),
      { numRuns: 16 },
    );
  });
});

describe("trend per capita on the published data", () => {
  it("divides the nation's 2024 plan by the nation's own population once (101,343.75 thousand)", async () => {
    const { rows, server } = datasets["published"];
    const request: TrendRequest = {
      filter: { areas: ["VN"], fundingSources: ["TOTAL"], stages: ["PLAN"] },
      groupBy: [],
      from: 2020,
      to: 2025,
      valueBasis: "PER_CAPITA",
      unit: "VND",
      boundary: "HISTORICAL",
    };
    const [reference] = referenceTrend(rows, request);
    expect(reference.points.find((p) => p.year === 2024)?.populationThousands).toBe(101343.75);
    const api = await runOne<{ series: ApiSeries[] }>(server, trendCall(request));
    checkTrend(rows, request, api).throwIfAny();
  });
});
