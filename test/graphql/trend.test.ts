import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";
import { operation } from "../support/operations.js";

interface Point {
  year: number;
  value: number | null;
  reason: string | null;
  amount?: number | null;
  previousYear: number | null;
  change: number | null;
  changePercent: number | null;
  index: number | null;
  priceFactor?: number | null;
  populationThousands?: number | null;
  sources?: { id: number; title: string; url: string }[];
}
interface Series {
  keys: { dimension: string; value: string | null }[];
  basis?: { level: string; stage: string; period: string; fundingSource: string };
  points: Point[];
  cagr: number | null;
  cagrFromYear?: number;
  cagrToYear?: number;
  coverage: { yearsInSpan?: number; yearsPresent?: number; ratio?: number; missingYears: number[] };
  excludedSpanFacts?: number;
}
interface TrendData {
  trend: {
    series: Series[];
    period: string;
    baseYear: number;
    unit: string;
    boundary: string;
    priceBaseYear?: number | null;
  };
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

const trend = async (name: string, variables: Record<string, unknown> = {}) => {
  const { data, errors } = await server.execute<TrendData>(operation("trend", name), variables);
  expect(errors).toBeUndefined();
  return data!.trend;
};

describe("trend over HTTP on the published data", () => {
  it("gives the north's total plan 2021–2025 with no variables: 2025 is missing, never zero", async () => {
    const result = await trend("NorthPlanTrend");
    expect(result).toMatchObject({
      period: "FY",
      baseYear: 2021,
      unit: "BILLION_VND",
      boundary: "HISTORICAL",
    });
    expect(result.series).toHaveLength(1);
    const [north] = result.series;
    expect(north.keys).toEqual([]);
    expect(north.basis).toEqual({ level: "REGION", stage: "PLAN", period: "FY", fundingSource: "TOTAL" });
    expect(north.points.map((p) => [p.year, p.value])).toEqual([
      [2021, 142.2],
      [2022, 174.3],
      [2023, 186.5],
      [2024, 170.8],
      [2025, null],
    ]);
    expect(north.points[4].reason).toBe(
      "No figure for 2025 (period FY) in the warehouse: the year is missing, not zero (không có số liệu).",
    );
    expect(north.points[4]).toMatchObject({ change: null, index: null, previousYear: null });
    expect(north.coverage).toEqual({ yearsInSpan: 5, yearsPresent: 4, ratio: 0.8, missingYears: [2025] });
    expect(north.excludedSpanFacts).toBe(0);
  });

  it("gives the 2024 change against 2023: −15.7 billion, −8.418…%", async () => {
    const [north] = (await trend("NorthPlanTrend")).series;
    const p2024 = north.points[3];
    expect(p2024.previousYear).toBe(2023);
    expect(p2024.change).toBe(-15.7);
    expect(p2024.changePercent).toBeCloseTo(-8.41823056300268, 12);
    expect(north.points[1].change).toBeCloseTo(32.1, 12);
    expect(north.points[1].changePercent).toBeCloseTo((32.1 / 142.2) * 100, 12);
    expect(north.points[0]).toMatchObject({ previousYear: null, change: null, changePercent: null });
  });

  it("indexes on 2021 = 100 and gives the CAGR over the first and last years present", async () => {
    const [north] = (await trend("NorthPlanTrend")).series;
    const expected = [100, (174.3 / 142.2) * 100, (186.5 / 142.2) * 100, (170.8 / 142.2) * 100];
    expected.forEach((index, i) => expect(north.points[i].index).toBeCloseTo(index, 10));
    expect(north.points[4].index).toBeNull();
    expect(north.points[3].index).toBeCloseTo(120.11251758087201, 10);
    expect([north.cagrFromYear, north.cagrToYear]).toEqual([2021, 2024]);
    expect(north.cagr).toBeCloseTo(Math.pow(170.8 / 142.2, 1 / 3) - 1, 14);
    expect(north.cagr).toBeCloseTo(0.062991, 6);
  });

  it("names its sources: the 2024 plan comes from the XVIII northern conference report", async () => {
    const [north] = (await trend("NorthPlanTrend")).series;
    expect(north.points[3].sources?.map((s) => s.url)).toEqual([
      "sources/2024-05-north-conference-xviii.txt",
    ]);
    expect(north.points[4].sources).toEqual([]);
  });

  it("crosses missing years: national and local have no 2022–2023 figures, 2024 compares with 2021", async () => {
    const result = await trend("NorthPlanBySourceTrend");
    const bySource: Record<string, Series> = Object.fromEntries(
      result.series.map((s) => [s.keys[0].value, s]),
    );
    expect(Object.keys(bySource).sort()).toEqual(["local", "national", "total"]);
    const national = bySource["national"];
    expect(national.points.map((p) => p.value)).toEqual([50.6, null, null, 71.5]);
    expect(national.points[1].reason).toMatch(/^No figure for 2022/);
    expect(national.points[3].previousYear).toBe(2021);
    expect(national.points[3].change).toBeCloseTo(20.9, 12);
    expect(national.points[3].changePercent).toBeCloseTo((20.9 / 50.6) * 100, 12);
    expect(national.cagr).toBeCloseTo(Math.pow(71.5 / 50.6, 1 / 3) - 1, 14);
    expect(national.coverage).toMatchObject({ yearsPresent: 2, missingYears: [2022, 2023] });
    expect(bySource["local"].points.map((p) => p.value)).toEqual([91.5, null, null, 99.2]);
    expect(bySource["local"].points[3].change).toBeCloseTo(7.7, 12);
  });

  it("deflates to constant 2024 prices with the CPI chain and returns the factors", async () => {
    const result = await trend("FundingTrend", {
      filter: { areas: ["north"], fundingSources: ["TOTAL"], stages: ["PLAN"] },
      from: 2021,
      to: 2024,
      valueBasis: "CONSTANT",
      priceBaseYear: 2024,
    });
    expect(result.priceBaseYear).toBe(2024);
    const [north] = result.series;
    const factors = [1.0315 * 1.0325 * 1.0363, 1.0325 * 1.0363, 1.0363, 1];
    north.points.forEach((p, i) => expect(p.priceFactor).toBeCloseTo(factors[i], 14));
    expect(north.points[0].value).toBeCloseTo(142.2 * factors[0], 10);
    expect(north.points[0].value).toBeCloseTo(156.94, 2);
    expect(north.points[0].amount).toBe(142.2);
    expect(north.points[3].value).toBe(170.8);
  });

  it("gives a null with a reason naming 2011 when the CPI chain crosses it", async () => {
    const result = await trend("FundingTrend", {
      filter: { areas: ["south"], fundingSources: ["TOTAL"], stages: ["PLAN"] },
      from: 2011,
      to: 2012,
      valueBasis: "CONSTANT",
      priceBaseYear: 2010,
      baseYear: 2011,
    });
    const [south] = result.series;
    expect(south.points.map((p) => p.value)).toEqual([null, null]);
    expect(south.points[0].reason).toMatch(/^No CPI for 2011: 2011 cannot be deflated to 2010 prices/);
    expect(south.points[1].amount).toBe(77.228);
  });

  it("divides by the population of the 28 northern provinces per capita", async () => {
    const result = await trend("FundingTrend", {
      filter: { areas: ["north"], fundingSources: ["TOTAL"], stages: ["PLAN"] },
      from: 2021,
      to: 2024,
      valueBasis: "PER_CAPITA",
      unit: "VND",
    });
    const [north] = result.series;
    expect(north.points[3].populationThousands).toBeCloseTo(45921.28, 8);
    expect(north.points[3].value).toBeCloseTo(170.8e9 / 45921280, 8);
    expect(north.points[0].populationThousands).toBeCloseTo(44590.23, 8);
    expect(north.points[0].value).toBeCloseTo(142.2e9 / 44590230, 8);
  });

  it("refuses an unknown area with BAD_USER_INPUT and a did-you-mean", async () => {
    const { errors } = await server.execute(operation("trend", "FundingTrend"), {
      filter: { areas: ["Ha Giangg"] },
      from: 2021,
      to: 2024,
    });
    expect(errors?.[0].extensions?.["code"]).toBe("BAD_USER_INPUT");
    expect(errors?.[0].message).toBe(
      'Unknown area "Ha Giangg" in argument "filter.areas". Did you mean "Hà Giang" (02)?',
    );
  });

  it("refuses a year outside the data's range and an unknown period", async () => {
    const year = await server.execute(operation("trend", "FundingTrend"), { from: 1980, to: 2024 });
    expect(year.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argumentName: "from" } });
    expect(year.errors?.[0].message).toMatch(
      /^The year 1980 in argument "from" is outside the data's range \d{4}–\d{4}\./,
    );
    const period = await server.execute(operation("trend", "FundingTrend"), {
      from: 2021,
      to: 2024,
      period: "H11",
    });
    expect(period.errors?.[0]).toMatchObject({
      extensions: { code: "BAD_USER_INPUT", argumentName: "period" },
    });
    expect(period.errors?.[0].message).toMatch(
      /^Unknown period "H11" in argument "period"\. Did you mean "H1"/,
    );
  });
});
