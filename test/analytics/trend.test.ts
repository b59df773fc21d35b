import { describe, expect, it } from "vitest";
import {
  AMOUNT_UNITS,
  FACT_TABLES,
  cpiFactors,
  factFilter,
  FULL_PROVENANCE,
  orderTrendRows,
  shapeTrend,
  trendSql,
  type AggregateRow,
  type TrendSpec,
  type ValueBasis,
} from "../../src/analytics/index.js";
import { sql } from "kysely";
import { BN, rows, sourcesById, withFixture } from "./analytics-harness.js";

const trendSpec = (parts: Partial<TrendSpec> = {}): TrendSpec => ({
  table: FACT_TABLES.funding,
  filter: factFilter({ areaIds: ["north"], stages: ["plan"], fundingSources: ["total"], levels: ["region"] }),
  boundary: "HISTORICAL",
  groupBy: [],
  basis: { kind: "CURRENT" },
  yearly: { period: "FY", span: { from: 2021, to: 2025 } },
  indexBaseYear: 2021,
  ...parts,
});

const NORTH = [
  { area_id: "north", year_from: 2021, amount_vnd: 142.2 * BN },
  { area_id: "north", year_from: 2022, amount_vnd: 174.3 * BN },
  { area_id: "north", year_from: 2023, amount_vnd: 186.5 * BN },
  { area_id: "north", year_from: 2024, amount_vnd: 170.8 * BN },
  { area_id: "north", year_from: 2024, amount_vnd: 71.5 * BN, funding_source: "national" as const },
  { area_id: "north", year_from: 2021, year_to: 2025, period: "5Y", amount_vnd: 800 * BN },
  { area_id: "north", year_from: 2024, period: "H1", stage: "estimated" as const, amount_vnd: 34.7 * BN },
];

describe("trend", () => {
  it("orders its rows as DuckDB's ORDER BY on the series keys (ascending, nulls last) and the year does", async () => {
    const funding = ["35", "02", "north", "VN", "36"].flatMap((area_id, i) =>
      [null, "province", "district"].map((budget_level, j) => ({
        area_id,
        year_from: 2021 + ((i + j) % 3),
        amount_vnd: (i * 3 + j + 1) * BN,
        funding_source: "local" as const,
        budget_level: budget_level as "province" | "district" | null,
      })),
    );
    await withFixture({ funding }, async (w) => {
      const spec = trendSpec({
        filter: factFilter({ stages: ["plan"], fundingSources: ["local"] }),
        groupBy: ["area", "budgetLevel"],
      });
      const sorted = await rows(
        w,
        sql<AggregateRow>`SELECT * FROM (${trendSql(spec)}) AS t ORDER BY k_area ASC NULLS LAST, k_budget_level ASC NULLS LAST,
          k_level ASC NULLS LAST, k_detail ASC NULLS LAST, year ASC`,
      );
      const unordered = [...(await rows(w, trendSql(spec)))].reverse();
      expect(orderTrendRows(unordered, spec)).toEqual(sorted);
      expect(sorted.map((r) => [r["k_area"], r["k_budget_level"]]).slice(0, 4)).toEqual([
        ["02", "district"],
        ["02", "province"],
        ["02", null],
        ["35", "district"],
      ]);
    });
  });

  it("gives one point per year, a null with a reason for a missing year, and changes against the previous year present", async () => {
    await withFixture({ funding: NORTH }, async (w) => {
      const spec = trendSpec();
      const [series, ...rest] = shapeTrend(await rows(w, trendSql(spec)), spec, AMOUNT_UNITS.BILLION_VND);
      expect(rest).toEqual([]);
      expect(series.points.map((p) => p.value)).toEqual([142.2, 174.3, 186.5, 170.8, null]);
      const p2024 = series.points[3];
      expect(p2024.previousYear).toBe(2023);
      expect(p2024.change).toBe(-15.7);
      expect(p2024.changePercent).toBeCloseTo(-8.418230563002681, 12);
      expect(p2024.index).toBeCloseTo((170.8 / 142.2) * 100, 10);
      expect(series.points[4]).toMatchObject({ value: null, previousYear: null, change: null, index: null });
      expect(series.points[4].reason).toMatch(/No figure for 2025/);
      expect(series.cagr).toBeCloseTo(Math.pow(170.8 / 142.2, 1 / 3) - 1, 12);
      expect([series.cagrFromYear, series.cagrToYear]).toEqual([2021, 2024]);
      expect(series.coverage).toEqual({ yearsInSpan: 5, yearsPresent: 4, ratio: 0.8, missingYears: [2025] });
      expect(series.excludedSpanFacts).toBe(1);
      expect(series.basis).toEqual({
        level: "region",
        stage: "plan",
        period: "FY",
        fundingSource: "total",
        budgetLevel: null,
        outputType: null,
        unit: null,
        detail: "total",
      });
    });
  });

  it("never adds a total for all activities to the activity and project figures it is made of", async () => {
    const funding = [
      { area_id: "north", year_from: 2024, amount_vnd: 100 * BN },
      { area_id: "north", year_from: 2024, amount_vnd: 60 * BN, activity_code: "Q1881-1" },
      { area_id: "north", year_from: 2024, amount_vnd: 40 * BN, activity_code: "Q1881-3" },
      { area_id: "north", year_from: 2024, amount_vnd: 25 * BN, activity_code: "Q1881-1", project: "DA-7" },
    ];
    await withFixture({ funding }, async (w) => {
      const spec = trendSpec();
      const series = shapeTrend(await rows(w, trendSql(spec)), spec, AMOUNT_UNITS.BILLION_VND);
      expect(series.map((s) => [s.basis.detail, s.keys, s.points[3].value])).toEqual([
        ["activity", [], 100],
        ["project", [], 25],
        ["total", [], 100],
      ]);
    });
  });

  it("names the previous year present across a gap", async () => {
    await withFixture({ funding: NORTH.filter((r) => r.year_from !== 2022) }, async (w) => {
      const spec = trendSpec();
      const [series] = shapeTrend(await rows(w, trendSql(spec)), spec, AMOUNT_UNITS.BILLION_VND);
      expect(series.points[1]).toMatchObject({ year: 2022, value: null, change: null });
      expect(series.points[2]).toMatchObject({ year: 2023, previousYear: 2021 });
      expect(series.points[2].change).toBeCloseTo(44.3, 10);
    });
  });

  it("compares like periods: an H1 trend reads only H1 figures", async () => {
    await withFixture({ funding: NORTH }, async (w) => {
      const spec = trendSpec({
        filter: factFilter({
          areaIds: ["north"],
          stages: ["estimated"],
          fundingSources: ["total"],
          levels: ["region"],
        }),
        yearly: { period: "H1", span: { from: 2023, to: 2024 } },
        indexBaseYear: 2023,
      });
      const [series] = shapeTrend(await rows(w, trendSql(spec)), spec, AMOUNT_UNITS.BILLION_VND);
      expect(series.points.map((p) => p.value)).toEqual([null, 34.7]);
      expect(series.points[1].index).toBeNull();
      expect(series.points[1].indexReason).toBe("The base year 2023 has no value.");
    });
  });

  it("groups series by funding source and lists the sources of each point", async () => {
    await withFixture({ funding: NORTH }, async (w) => {
      const spec = trendSpec({
        filter: factFilter({ areaIds: ["north"], stages: ["plan"], levels: ["region"] }),
        groupBy: ["fundingSource"],
        yearly: { period: "FY", span: { from: 2024, to: 2024 } },
        indexBaseYear: 2024,
      });
      const withSources = { ...spec, provenance: FULL_PROVENANCE };
      const series = shapeTrend(
        await rows(w, trendSql(withSources)),
        withSources,
        AMOUNT_UNITS.BILLION_VND,
        await sourcesById(w),
      );
      expect(series.map((s) => [s.keys[0].value, s.points[0].value])).toEqual([
        ["national", 71.5],
        ["total", 170.8],
      ]);
      expect(series[0].points[0].provenance.sources).toEqual([
        { id: 1, title: "Source 1", url: "https://example.org/1" },
      ]);
    });
  });

  it("deflates to constant prices with the CPI chain and gives a null naming a missing CPI year", async () => {
    const cpi = [
      { year: 2010, avg_change_pct: 9.19 },
      { year: 2012, avg_change_pct: 9.21 },
      { year: 2022, avg_change_pct: 3.15 },
      { year: 2023, avg_change_pct: 3.25 },
      { year: 2024, avg_change_pct: 3.63 },
    ];
    await withFixture(
      { funding: [...NORTH, { area_id: "north", year_from: 2012, amount_vnd: 50 * BN }], cpi },
      async (w) => {
        const basis: ValueBasis = {
          kind: "CONSTANT",
          baseYear: 2024,
          factors: cpiFactors(cpi, 2024, [2012, 2021, 2022, 2023, 2024, 2025]),
        };
        const spec = trendSpec({ basis, yearly: { period: "FY", span: { from: 2021, to: 2024 } } });
        const [series] = shapeTrend(await rows(w, trendSql(spec)), spec, AMOUNT_UNITS.BILLION_VND);
        const f2021 = 1.0315 * 1.0325 * 1.0363;
        expect(series.points[0].priceFactor).toBeCloseTo(f2021, 14);
        expect(series.points[0].value).toBeCloseTo(142.2 * f2021, 10);
        expect(series.points[3]).toMatchObject({ value: 170.8, priceFactor: 1 });

        const base2010: ValueBasis = {
          kind: "CONSTANT",
          baseYear: 2010,
          factors: cpiFactors(cpi, 2010, [2012]),
        };
        const old = trendSpec({
          basis: base2010,
          yearly: { period: "FY", span: { from: 2012, to: 2012 } },
          indexBaseYear: 2012,
        });
        const [oldSeries] = shapeTrend(await rows(w, trendSql(old)), old, AMOUNT_UNITS.BILLION_VND);
        expect(oldSeries.points[0]).toMatchObject({ value: null, amount: 50 });
        expect(oldSeries.points[0].reason).toMatch(
          /^No CPI for 2011: 2012 cannot be deflated to 2010 prices/,
        );
      },
    );
  });

  it("divides by the population of the region's member provinces per capita", async () => {
    const population = [
      { area_id: "35", year: 2024, population_thousands: 880.5 },
      { area_id: "36", year: 2024, population_thousands: 1888 },
      { area_id: "37", year: 2024, population_thousands: 1020 },
      { area_id: "02", year: 2024, population_thousands: 900.25 },
    ];
    await withFixture({ funding: NORTH, population }, async (w) => {
      const spec = trendSpec({
        basis: { kind: "PER_CAPITA" },
        yearly: { period: "FY", span: { from: 2023, to: 2024 } },
      });
      const [series] = shapeTrend(await rows(w, trendSql(spec)), spec, AMOUNT_UNITS.VND);
      const persons = (880.5 + 1888 + 1020 + 900.25) * 1000;
      expect(series.points[1].populationThousands).toBeCloseTo(4688.75, 10);
      expect(series.points[1].value).toBeCloseTo((170.8 * BN) / persons, 8);
      expect(series.points[0]).toMatchObject({
        value: null,
        reason: "No population for north in 2023 (thiếu dân số).",
      });
    });
  });
});
