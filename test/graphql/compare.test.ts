import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { operation } from "../support/operations.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

/** One named operation of schema/operations/compare.graphql, with the fragments it spreads. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shapes are asserted field by field
async function run(name: string, variables: Record<string, unknown> = {}): Promise<any> {
  const { data, errors } = await server.execute(operation("compare", name), variables);
  expect(errors).toBeUndefined();
  return data;
}

async function runError(name: string, variables: Record<string, unknown>) {
  const { data, errors } = await server.execute(operation("compare", name), variables);
  expect(data).toBeNull();
  expect(errors).toHaveLength(1);
  return errors![0];
}

const plan = (area: string, year: number) => ({
  label: `${area} ${year}`,
  filter: {
    areas: [area],
    years: { from: year, to: year },
    periods: ["FY"],
    stages: ["PLAN"],
    fundingSources: ["TOTAL"],
  },
});

describe("compare over HTTP on the published data", () => {
  it("sets the north's 2024 plan against the central region's with no variables", async () => {
    const { compare } = await run("NorthVsCentralHighlandsPlan2024");
    const [north, central] = compare.selections;
    expect(north.total.value).toBeCloseTo(170.8, 9);
    expect(north.vsReference).toMatchObject({ difference: 0, ratio: 1, percentDifference: 0 });
    expect(central.total.value).toBeCloseTo(52.026, 9);
    expect(central.vsReference.difference).toBeCloseTo(-118.774, 9);
    expect(central.vsReference.ratio).toBeCloseTo(52.026 / 170.8, 12);
    expect(central.vsReference.percentDifference).toBeCloseTo(-69.5398, 4);
  });

  it("compares against a chosen reference", async () => {
    const { compare } = await run("Compare", {
      selections: [plan("north", 2023), plan("north", 2024)],
      reference: 1,
    });
    expect(compare.reference).toBe(1);
    expect(compare.selections[0].vsReference.difference).toBeCloseTo(15.7, 9);
    expect(compare.selections[0].vsReference.percentDifference).toBeCloseTo((186.5 / 170.8 - 1) * 100, 9);
  });

  it("compares H1 2024 with the same period last year, which the data lacks, and says so", async () => {
    const h1 = {
      filter: {
        areas: ["north"],
        years: { from: 2024, to: 2024 },
        periods: ["H1"],
        stages: ["ESTIMATED"],
        fundingSources: ["TOTAL"],
      },
    };
    const { compare } = await run("Compare", { selections: [h1], samePeriodLastYear: true });
    const [item] = compare.selections;
    expect(item.total.value).toBeCloseTo(34.7, 9);
    expect(item.lastYear).toMatchObject({
      value: null,
      reason: "No figure matches the first selection (selections[0]): no fact passes its filter.",
    });
    expect(item.vsLastYear.percentDifference).toBeNull();
  });

  it("gives execution rates of the central region's 2024 local plan", async () => {
    const { executionRate } = await run("ExecutionRate", {
      filter: { areas: ["central-highlands"], years: { from: 2024, to: 2024 } },
    });
    expect(executionRate.rates).toHaveLength(1);
    expect(executionRate.rates[0]).toMatchObject({
      stage: "ACTUAL",
      fundingSource: "LOCAL",
      executed: 43.735,
      plan: 52.026,
    });
    expect(executionRate.rates[0].ratePercent).toBeCloseTo(84.0637, 4);
  });

  it("refuses a single selection without samePeriodLastYear", async () => {
    const error = await runError("Compare", { selections: [plan("north", 2024)] });
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "selections" });
  });

  it("refuses a reference that is not a selection index", async () => {
    const error = await runError("Compare", {
      selections: [plan("north", 2023), plan("north", 2024)],
      reference: 5,
    });
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "reference" });
    expect(error.message).toBe(
      'The reference 5 in argument "reference" is not a selection index; give 0 to 1.',
    );
  });

  it("refuses an unknown area in a selection, quoting it and suggesting the closest", async () => {
    const error = await runError("Compare", { selections: [plan("north", 2024), plan("Ha Giangg", 2024)] });
    expect(error.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argumentName: "selections[1].filter.areas",
    });
    expect(error.message).toMatch(
      /^Unknown area "Ha Giangg" in argument "selections\[1\]\.filter\.areas"\. Did you mean "Hà Giang" \(02\)/,
    );
  });

  it("refuses PLAN as an execution stage", async () => {
    const error = await runError("ExecutionRate", { filter: { areas: ["north"], stages: ["PLAN"] } });
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "filter.stages" });
  });
});
