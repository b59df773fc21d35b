import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";
import { operation } from "../support/operations.js";

interface Row {
  keys: { dimension: string; value: string | null; label: string | null }[];
  basis?: {
    level: string | null;
    stage: string | null;
    period: string | null;
    fundingSource: string | null;
    unit?: string | null;
  };
  value?: number | null;
  reason?: string | null;
  factCount: number;
  populationThousands?: number | null;
  priceFactors?: { year: number; factor: number }[];
  sources?: { id: number; title: string; url?: string }[];
  quantity?: number | null;
  quantityUnit?: string | null;
  amount?: number | null;
}
interface SliceData {
  funding: { totalCount: number; boundary: string; rows: Row[] };
}
interface OutputData {
  outputs: { totalCount: number; rows: Row[] };
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

const NORTH_TOTAL_PLAN = { areas: ["north"], fundingSources: ["TOTAL"], stages: ["PLAN"], periods: ["FY"] };

const funding = async (name: string, variables: Record<string, unknown> = {}) => {
  const { data, errors } = await server.execute<SliceData>(operation("slice", name), variables);
  expect(errors).toBeUndefined();
  return data!.funding;
};

describe("funding slice over HTTP on the published data", () => {
  it("groups the north's total plan by year, ordered by value and paged", async () => {
    const result = await funding("FundingSlice", {
      filter: NORTH_TOTAL_PLAN,
      groupBy: ["YEAR"],
      orderBy: [{ by: "VALUE", direction: "DESC" }],
      limit: 2,
    });
    expect(result.totalCount).toBe(6);
    expect(result.rows.map((r) => [r.keys[0].value, r.value, r.factCount])).toEqual([
      ["2023", 186.5, 1],
      ["2022", 174.3, 1],
    ]);
    expect(result.rows[0].basis).toEqual({
      level: "REGION",
      stage: "PLAN",
      period: "FY",
      fundingSource: "TOTAL",
    });
    expect(result.rows[0].sources?.map((s) => s.url)).toEqual(["sources/2024-05-north-conference-xviii.txt"]);
    const all = await funding("FundingSlice", { filter: NORTH_TOTAL_PLAN, groupBy: ["YEAR"] });
    expect(all.rows.map((r) => [r.keys[0].value, r.value])).toEqual([
      ["2013", 30.81],
      ["2016", 125],
      ["2021", 142.2],
      ["2022", 174.3],
      ["2023", 186.5],
      ["2024", 170.8],
    ]);
  });

  it("returns amounts in million VND, unrounded", async () => {
    const result = await funding("FundingSlice", {
      filter: { ...NORTH_TOTAL_PLAN, years: { from: 2024, to: 2024 } },
      unit: "MILLION_VND",
    });
    expect(result.rows.map((r) => r.value)).toEqual([170800]);
  });

  it("sums Đắk Nông and Lâm Đồng's 2011 plans under 2025-68 Lâm Đồng on the merged boundary", async () => {
    const result = await funding("MergedProvincePlans2011");
    expect(result.boundary).toBe("MERGED_2025");
    expect(result.rows.map((r) => [r.keys[0].value, r.keys[0].label, r.value, r.factCount])).toEqual([
      ["2025-68", "Lâm Đồng", 7.05, 2],
      ["2025-91", "An Giang", 5.21, 1],
      ["2025-75", "Đồng Nai", 3.93, 1],
      ["2025-79", "Thành phố Hồ Chí Minh", 2.54, 1],
    ]);
    expect(result.rows[0].sources).toHaveLength(2);
    const historical = await funding("FundingSlice", {
      filter: { areas: ["Lam Dong", "Dak Nong"], years: { from: 2011, to: 2011 }, stages: ["PLAN"] },
      groupBy: ["AREA"],
    });
    expect(historical.rows.map((r) => [r.keys[0].value, r.value])).toEqual([
      ["67", 1.2],
      ["68", 5.85],
    ]);
  });

  it("never sums a region's published total with its provinces", async () => {
    const result = await funding("FundingSlice", {
      filter: {
        regions: ["north"],
        years: { from: 2021, to: 2021 },
        stages: ["PLAN"],
        fundingSources: ["NATIONAL"],
      },
      groupBy: ["REGION"],
    });
    expect(result.rows.map((r) => [r.keys[0].value, r.basis?.level, r.value, r.factCount])).toEqual([
      ["north", "PROVINCE", 1.35, 1],
      ["north", "REGION", 50.6, 1],
    ]);
  });

  it("gives per capita values with the population used", async () => {
    const result = await funding("FundingSlice", {
      filter: { ...NORTH_TOTAL_PLAN, years: { from: 2024, to: 2024 } },
      valueBasis: "PER_CAPITA",
      unit: "VND",
    });
    expect(result.rows[0].populationThousands).toBeCloseTo(45921.28, 8);
    expect(result.rows[0].value).toBeCloseTo(170.8e9 / 45921280, 8);
  });

  it("gives constant prices with the factors used", async () => {
    const result = await funding("FundingSlice", {
      filter: { ...NORTH_TOTAL_PLAN, years: { from: 2021, to: 2022 } },
      valueBasis: "CONSTANT",
      priceBaseYear: 2024,
    });
    const f2021 = 1.0315 * 1.0325 * 1.0363;
    const f2022 = 1.0325 * 1.0363;
    expect(result.rows[0].value).toBeCloseTo(142.2 * f2021 + 174.3 * f2022, 10);
    expect(result.rows[0].priceFactors?.map((f) => f.year)).toEqual([2021, 2022]);
    expect(result.rows[0].priceFactors?.[0].factor).toBeCloseTo(f2021, 14);
  });

  it("refuses an unknown area with BAD_USER_INPUT and a did-you-mean", async () => {
    const { errors } = await server.execute(operation("slice", "FundingSlice"), {
      filter: { areas: ["Ha Giangg"] },
    });
    expect(errors?.[0]).toMatchObject({
      message: 'Unknown area "Ha Giangg" in argument "filter.areas". Did you mean "Hà Giang" (02)?',
      extensions: { code: "BAD_USER_INPUT", argumentName: "filter.areas" },
    });
  });

  it("enforces the maximum page size with a clear error", async () => {
    const { errors } = await server.execute(operation("slice", "FundingSlice"), { limit: 5000 });
    expect(errors?.[0]).toMatchObject({
      message: 'The limit 5000 is outside 1–1000. Ask for at most 1000 rows and page with "offset".',
      extensions: { code: "BAD_USER_INPUT", argumentName: "limit" },
    });
  });

  it("needs a base year for constant prices", async () => {
    const { errors } = await server.execute(operation("slice", "FundingSlice"), { valueBasis: "CONSTANT" });
    expect(errors?.[0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT", argumentName: "priceBaseYear" },
    });
  });
});

describe("output slice over HTTP on the published data", () => {
  it("sums quantities with their unit and never across units", async () => {
    const { data, errors } = await server.execute<OutputData>(operation("slice", "OutputSlice"), {
      filter: {
        areas: ["north"],
        years: { from: 2013, to: 2013 },
        periods: ["FY"],
        stages: ["PLAN"],
        fundingSources: ["TOTAL"],
      },
    });
    expect(errors).toBeUndefined();
    expect(data!.outputs.rows.map((r) => [r.keys[0].value, r.quantity, r.quantityUnit, r.amount])).toEqual([
      ["enterprises_tech_transfer", 12, "enterprises", null],
      ["facilities_machinery_support", 224, "establishments", null],
      ["technical_demonstration_models", 74, "models", 30.81],
    ]);
  });
});
