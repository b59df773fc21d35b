import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { operation } from "../support/operations.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

/** One named operation of schema/operations/xviii-report.graphql, with the fragments it spreads. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the operations' shapes are asserted field by field
async function run(name: string): Promise<any> {
  const { status, data, errors } = await server.execute(operation("xviii-report", name));
  expect(errors).toBeUndefined();
  expect(status).toBe(200);
  return data;
}

describe("the XVIII northern conference report, reproduced with no variables", () => {
  it("gives national 41.86% and local 58.08% of the north's 2024 plan, with the published total's gap", async () => {
    const { share } = await run("XviiiPlanByFundingSource");
    expect(share.slices).toHaveLength(1);
    const [slice] = share.slices;
    expect(slice).toMatchObject({ year: "2024", period: "FY", stage: "PLAN", area: "north" });
    expect(slice.whole.basis).toBe("PUBLISHED_TOTAL");
    expect(slice.whole.value).toBeCloseTo(170.8, 9);
    expect(slice.whole.sumOfParts).toBeCloseTo(170.7, 9);
    expect(slice.whole.gap).toBeCloseTo(-0.1, 9);
    const byKey = Object.fromEntries(slice.parts.map((p: { key: string }) => [p.key, p]));
    expect(byKey.national.sharePercent).toBeCloseTo(41.8618, 4);
    expect(byKey.local.sharePercent).toBeCloseTo(58.0796, 4);
    expect([byKey.local.rank, byKey.national.rank]).toStrictEqual([1, 2]);
  });

  it("gives the north's local 99.2 as 49.04% of the nation's 202.3 (the preferred figure, not the other source's 202)", async () => {
    const { share } = await run("XviiiNorthLocalShareOfNation");
    const [slice] = share.slices;
    expect(slice.whole).toMatchObject({ area: "VN", basis: "PUBLISHED_TOTAL" });
    expect(slice.whole.value).toBeCloseTo(202.3, 9);
    expect(slice.whole.sources.map((s: { url: string }) => s.url)).toStrictEqual([
      "sources/2024-05-north-conference-xviii.txt",
    ]);
    expect(slice.parts).toHaveLength(1);
    expect(slice.parts[0].value).toBeCloseTo(99.2, 9);
    expect(slice.parts[0].sharePercent).toBeCloseTo(49.0361, 4);
  });

  it("gives H1 execution of 20.32% overall, 11.89% national and 26.41% local", async () => {
    const { executionRate } = await run("XviiiH1Execution");
    const rate = (source: string) =>
      executionRate.rates.find((r: { fundingSource: string }) => r.fundingSource === source);
    expect(executionRate.rates).toHaveLength(3);
    expect(rate("TOTAL").ratePercent).toBeCloseTo(20.3162, 4);
    expect(rate("NATIONAL").ratePercent).toBeCloseTo(11.8881, 4);
    expect(rate("LOCAL").ratePercent).toBeCloseTo(26.4113, 4);
    expect(rate("TOTAL")).toMatchObject({
      executed: 34.7,
      plan: 170.8,
      lastYear: null,
      changeVsLastYearPercent: null,
    });
    expect(rate("TOTAL").lastYearReason).toMatch(/H1 2023/);
  });

  it("gives the round-one allocation 18.3 as 25.59% of the national plan 71.5", async () => {
    const { executionRate } = await run("XviiiRoundOneAllocation");
    expect(executionRate.rates).toHaveLength(1);
    expect(executionRate.rates[0]).toMatchObject({
      stage: "ALLOCATED",
      fundingSource: "NATIONAL",
      executed: 18.3,
      plan: 71.5,
    });
    expect(executionRate.rates[0].ratePercent).toBeCloseTo(25.5944, 4);
  });

  it("gives the 98.1 billion support as 57.44% of the plan", async () => {
    const { compare } = await run("XviiiSupportShareOfPlan");
    const [plan, support] = compare.selections;
    expect(plan.total.value).toBeCloseTo(170.8, 9);
    expect(support.total.value).toBeCloseTo(98.1, 9);
    expect(support.vsReference.percentOfReference).toBeCloseTo(57.4356, 4);
  });

  it("gives the 2024 plan as 8.42% below 2023's and flags the report's 8.5% as a discrepancy", async () => {
    const { compare, claimReconciliation } = await run("XviiiPlanChangeVs2023");
    expect(compare.selections[1].vsReference.difference).toBeCloseTo(-15.7, 9);
    expect(compare.selections[1].vsReference.percentDifference).toBeCloseTo(-8.4182, 4);
    expect(claimReconciliation).toHaveLength(1);
    expect(claimReconciliation[0]).toMatchObject({ stated: -8.5, status: "DISCREPANCY", tolerance: 0.05 });
    expect(claimReconciliation[0].computed).toBeCloseTo(-8.4182, 4);
    expect(claimReconciliation[0].gap).toBeCloseTo(0.0818, 4);
  });

  it("confirms every other percentage of the report within rounding, and cannot check the 10.25% growth", async () => {
    const { claimReconciliation } = await run("XviiiReconciliation");
    const statuses = claimReconciliation.map((c: { stated: number; status: string }) => [c.stated, c.status]);
    expect(statuses).toStrictEqual([
      [-8.5, "DISCREPANCY"],
      [41.9, "CONFIRMED"],
      [25.6, "CONFIRMED"],
      [49, "CONFIRMED"],
      [58.1, "CONFIRMED"],
      [20.3, "CONFIRMED"],
      [10.25, "UNVERIFIABLE"],
      [11.9, "CONFIRMED"],
      [26.4, "CONFIRMED"],
      [57.4, "CONFIRMED"],
    ]);
  });
});
