import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { operation } from "../support/operations.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

/** One named operation of schema/operations/share.graphql, with the fragments it spreads. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shapes are asserted field by field
async function share(name: string, variables: Record<string, unknown> = {}): Promise<any> {
  const { data, errors } = await server.execute(operation("share", name), variables);
  expect(errors).toBeUndefined();
  return (data as { share: unknown }).share;
}

async function shareError(variables: Record<string, unknown>) {
  const { data, errors } = await server.execute(operation("share", "Share"), variables);
  expect(data).toBeNull();
  expect(errors).toHaveLength(1);
  return errors![0];
}

const north2024 = { areas: ["north"], years: { from: 2024, to: 2024 }, periods: ["FY"], stages: ["PLAN"] };

describe("share over HTTP on the published data", () => {
  it("gives each year of the north's plan by funding source with no variables", async () => {
    const result = await share("NorthPlanByFundingSource");
    const y2024 = result.slices.find((s: { year: string }) => s.year === "2024");
    expect(y2024.whole).toMatchObject({ basis: "PUBLISHED_TOTAL", partCount: 2, mixedLevels: false });
    expect(y2024.parts.map((p: { key: string; rank: number }) => [p.key, p.rank])).toStrictEqual([
      ["local", 1],
      ["national", 2],
    ]);
    expect(y2024.parts[1].sharePercent).toBeCloseTo(41.8618, 4);
    const y2023 = result.slices.find((s: { year: string }) => s.year === "2023");
    expect(y2023.parts).toStrictEqual([]);
    expect(y2023.whole.value).toBeCloseTo(186.5, 9);
  });

  it("divides by the sum of the parts present when asked, and reports the gap to the published total", async () => {
    const result = await share("Share", {
      partsBy: "FUNDING_SOURCE",
      filter: north2024,
      basis: "SUM_OF_PARTS",
    });
    const [slice] = result.slices;
    expect(slice.whole).toMatchObject({ basis: "SUM_OF_PARTS", partCount: 2 });
    expect(slice.whole.value).toBeCloseTo(170.7, 9);
    expect(slice.whole.publishedTotal).toBeCloseTo(170.8, 9);
    expect(slice.whole.gap).toBeCloseTo(-0.1, 9);
    expect(slice.whole.gapPercent).toBeCloseTo(-0.058548, 6);
    expect(slice.parts[1].sharePercent).toBeCloseTo((71.5 / 170.7) * 100, 9);
  });

  it("returns values in million VND, unrounded", async () => {
    const result = await share("Share", {
      partsBy: "FUNDING_SOURCE",
      filter: north2024,
      unit: "MILLION_VND",
    });
    expect(result.unit).toBe("MILLION_VND");
    expect(result.slices[0].whole.value).toBe(170800);
    expect(result.slices[0].parts[0].sharePercent).toBeCloseTo(58.0796, 4);
  });

  it("never adds the region's published total to its provinces", async () => {
    const result = await share("ProvincesWithinRegion");
    for (const slice of result.slices) {
      expect(slice.whole.area).toBe("north");
      for (const part of slice.parts) expect(part.level).toBe("PROVINCE");
      if (slice.whole.publishedTotal !== null && slice.whole.sumOfParts !== null) {
        expect(slice.whole.gap).toBeCloseTo(slice.whole.sumOfParts - slice.whole.publishedTotal, 9);
      }
    }
  });

  it("refuses an unknown whole area, quoting it and suggesting the closest", async () => {
    const error = await shareError({ partsBy: "AREA", wholeArea: "nort", filter: { stages: ["PLAN"] } });
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "wholeArea" });
    expect(error.message).toMatch(/^Unknown area "nort" in argument "wholeArea"\. Did you mean .*\(north\)/);
  });

  it("refuses parts by area without a whole", async () => {
    const error = await shareError({ partsBy: "AREA", filter: { stages: ["PLAN"] } });
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "wholeArea" });
  });

  it("refuses TOTAL among the parts when parts are funding sources", async () => {
    const error = await shareError({
      partsBy: "FUNDING_SOURCE",
      filter: { ...north2024, fundingSources: ["TOTAL"] },
    });
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "filter.fundingSources" });
    expect(error.message).toMatch(/"TOTAL" in argument "filter.fundingSources" is the whole/);
  });

  it("refuses an unknown period with a did-you-mean", async () => {
    const error = await shareError({ partsBy: "FUNDING_SOURCE", filter: { ...north2024, periods: ["HH1"] } });
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "filter.periods" });
    expect(error.message).toMatch(/Unknown period "HH1".*Did you mean/);
  });
});
