import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  BacGiangBudgetLevelsQuery,
  FactFilterInput,
  FundingVersionsQuery,
  FundingVersionsQueryVariables,
  NationLocalPlanTrendQuery,
  NationLocalPlanTrendQueryVariables,
  NationPlanPerCapitaTrendQuery,
  NationPlanPerCapitaWithItselfQuery,
  NationVsNorthLocalPlanQuery,
  NationVsNorthLocalPlanQueryVariables,
  NorthH1ExecutionPerCapitaQuery,
  NorthH1ExecutionPerCapitaQueryVariables,
  NorthPlannedOutputTrendQuery,
  NorthPlanQualityTrendQuery,
  NorthPlanQualityTrendQueryVariables,
  PlannedOutputsQuery,
  RegionsOfNationLocalPlanQuery,
  RegionsOfNationPerCapitaQuery,
} from "../../src/generated/graphql.js";
import { operation } from "../support/operations.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

/**
 * The semantic model every analysis shares (docs/analytics.md), over real HTTP on the published data: per
 * capita divides by each area-year's population once, one version per figure with the other sources' versions
 * beside it, quality flags carried into sums and trends, budget levels kept apart, ids in any case.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

async function query<TData, TVariables = Record<string, never>>(
  name: string,
  variables?: TVariables,
): Promise<TData> {
  const { status, data, errors } = await server.execute<TData, TVariables>(
    operation("semantic-model", name),
    variables,
  );
  expect(errors).toBeUndefined();
  expect(status).toBe(200);
  return data!;
}

const funding = async (variables: FundingVersionsQueryVariables = {}) =>
  (await query<FundingVersionsQuery, FundingVersionsQueryVariables>("FundingVersions", variables)).funding;

/** |actual − expected| ≤ tolerance × |expected|: per-person values are around 1e-6 billion VND. */
function expectRelativelyClose(actual: number | null | undefined, expected: number, tolerance: number) {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  expect(Math.abs(actual! - expected) / Math.abs(expected)).toBeLessThanOrEqual(tolerance);
}

const XVIII_URL = "sources/2024-05-north-conference-xviii.txt";
const XVIII_ID = 1239660138;
const SOUTH_2025_URL = "https://www.vietnam.vn/id/thuc-day-doi-moi-cong-tac-khuyen-cong-khu-vuc-phia-nam";
const SOUTH_2025_ID = 1601238546;
const MOIT_DAK_LAK_ID = 459370667;
const LAO_DONG_DAK_LAK_ID = 709509129;

const nationLocalPlan2024: FactFilterInput = {
  areas: ["VN"],
  fundingSources: ["LOCAL"],
  stages: ["PLAN"],
  years: { from: 2024, to: 2024 },
};
/** The nation's 2024 total plan: 332 billion VND for 101,343.75 thousand people. */
const NATION_2024_PER_PERSON = 332 / 101_343_750;
/** The north's 2024 population, the sum of its provinces' (thousand people). */
const NORTH_2024_POPULATION = 45921.28;

describe("per capita counts each area-year's population once", () => {
  it("gives the nation's 2024 total plan per person as 332 billion ÷ 101,343.75 thousand people", async () => {
    const { trend } = await query<NationPlanPerCapitaTrendQuery>("NationPlanPerCapitaTrend");
    expect(trend).toMatchObject({ unit: "BILLION_VND", valueBasis: "PER_CAPITA" });
    expect(trend.series).toHaveLength(1);
    const [nation] = trend.series;
    expect(nation.basis).toEqual({ level: "NATION", stage: "PLAN", period: "FY", fundingSource: "TOTAL" });
    const p2024 = nation.points.find((p) => p.year === 2024)!;
    expect(p2024).toMatchObject({ amount: 332, factCount: 1, populationThousands: 101343.75, reason: null });
    expect(p2024.value).toBe(3.275979031760715e-6);
    expectRelativelyClose(p2024.value, NATION_2024_PER_PERSON, 1e-15);
    for (const point of nation.points.filter((p) => p.year !== 2024)) {
      expect(point).toMatchObject({ value: null, amount: null, factCount: 0, populationThousands: null });
    }
  });

  it("gives the same per-person value through the funding slice of the year", async () => {
    const slice = await funding({
      filter: { areas: ["VN"], fundingSources: ["TOTAL"], stages: ["PLAN"], years: { from: 2024, to: 2024 } },
      groupBy: ["YEAR"],
      valueBasis: "PER_CAPITA",
    });
    expect(slice.valueBasis).toBe("PER_CAPITA");
    expect(slice.totalCount).toBe(1);
    expect(slice.rows[0]).toMatchObject({
      amount: 332,
      factCount: 1,
      populationThousands: 101343.75,
      value: 3.275979031760715e-6,
      reason: null,
    });
  });

  it("divides the nation's plan over 2016 and 2024 by the two years' populations, each counted once", async () => {
    const slice = await funding({
      filter: { areas: ["VN"], fundingSources: ["TOTAL"], stages: ["PLAN"], periods: ["FY"] },
      groupBy: [],
      valueBasis: "PER_CAPITA",
    });
    expect(slice.rows).toHaveLength(1);
    const [row] = slice.rows;
    expect(row.factCount).toBe(2);
    expect(row.amount).toBeCloseTo(332 + 230.9, 9);
    expect(row.populationThousands).toBeCloseTo(101343.75 + 93250.7, 9);
    expectRelativelyClose(row.value, (332 + 230.9) / ((101343.75 + 93250.7) * 1000), 1e-12);
  });

  it("compares the nation's 2024 plan per person with itself: difference 0, ratio 1, no error", async () => {
    const { compare } = await query<NationPlanPerCapitaWithItselfQuery>("NationPlanPerCapitaWithItself");
    expect(compare.valueBasis).toBe("PER_CAPITA");
    expect(compare.selections.map((s) => s.total)).toEqual([
      { value: 3.275979031760715e-6, amount: 332, factCount: 1, reason: null },
      { value: 3.275979031760715e-6, amount: 332, factCount: 1, reason: null },
    ]);
    for (const selection of compare.selections) {
      expect(selection.vsReference).toEqual({
        difference: 0,
        ratio: 1,
        percentDifference: 0,
        percentOfReference: 100,
        reason: null,
      });
    }
  });

  it("shares the nation's 2024 plan among regions per person without an internal error", async () => {
    const { share } = await query<RegionsOfNationPerCapitaQuery>("RegionsOfNationPerCapita");
    expect(share.valueBasis).toBe("PER_CAPITA");
    expect(share.slices).toHaveLength(1);
    const [slice] = share.slices;
    expect(slice).toMatchObject({ year: "2024", period: "FY", stage: "PLAN", fundingSource: "TOTAL" });
    expect(slice.whole).toMatchObject({
      area: "VN",
      basis: "PUBLISHED_TOTAL",
      value: 3.275979031760715e-6,
      publishedTotal: 3.275979031760715e-6,
      amount: 332,
      reason: null,
    });
    expectRelativelyClose(slice.whole.value, NATION_2024_PER_PERSON, 1e-15);
    const north = slice.parts.find((p) => p.key === "north")!;
    expect(north.amount).toBe(170.8);
    expect(north.factor).toBeCloseTo(NORTH_2024_POPULATION, 9);
    expectRelativelyClose(north.value, 170.8 / (NORTH_2024_POPULATION * 1000), 1e-14);
    // Shares are of current amounts, whatever the value basis.
    expect(north.sharePercent).toBeCloseTo((170.8 / 332) * 100, 9);
  });

  it("gives the north's first-half 2024 estimate per person beside its rate over the plan", async () => {
    const { executionRate } = await query<NorthH1ExecutionPerCapitaQuery>("NorthH1ExecutionPerCapita");
    expect(executionRate.valueBasis).toBe("PER_CAPITA");
    expect(executionRate.rates).toHaveLength(1);
    const [rate] = executionRate.rates;
    expect(rate).toMatchObject({
      area: "north",
      year: 2024,
      period: "H1",
      stage: "ESTIMATED",
      fundingSource: "TOTAL",
      executedAmount: 34.7,
      executedReason: null,
      reason: null,
    });
    expect(rate.populationThousands).toBeCloseTo(NORTH_2024_POPULATION, 9);
    expectRelativelyClose(rate.executed, 34.7 / (NORTH_2024_POPULATION * 1000), 1e-14);
    expectRelativelyClose(rate.plan, 170.8 / (NORTH_2024_POPULATION * 1000), 1e-14);
    expect(rate.ratePercent).toBeCloseTo((34.7 / 170.8) * 100, 9);
  });

  it("gives every executed figure per person, or says why not", async () => {
    const { executionRate } = await query<
      NorthH1ExecutionPerCapitaQuery,
      NorthH1ExecutionPerCapitaQueryVariables
    >("NorthH1ExecutionPerCapita", { filter: null });
    expect(executionRate.rates).toHaveLength(49);
    for (const rate of executionRate.rates) {
      if (rate.executed === null) expect(rate.executedReason).not.toBeNull();
      else
        expectRelativelyClose(rate.executed, rate.executedAmount / (rate.populationThousands! * 1000), 1e-14);
    }
  });
});

describe("disagreeing sources are visible", () => {
  it("shows both of Đắk Lắk's 2021–2025 versions by source, each naming the other source's value", async () => {
    const slice = await funding();
    const span = slice.rows.filter((r) => r.keys[0].value === "2021-2025");
    expect(span.map((r) => [r.keys[1], r.value, r.factCount])).toEqual([
      [{ dimension: "SOURCE", value: String(MOIT_DAK_LAK_ID), label: expect.any(String) }, 48, 1],
      [{ dimension: "SOURCE", value: String(LAO_DONG_DAK_LAK_ID), label: expect.any(String) }, 104, 1],
    ]);
    expect(span[0].alternatives).toEqual([
      {
        value: 104,
        chosenValue: 48,
        difference: 56,
        figureCount: 1,
        source: expect.objectContaining({ id: LAO_DONG_DAK_LAK_ID }),
      },
    ]);
    expect(span[1].alternatives).toEqual([
      {
        value: 48,
        chosenValue: 104,
        difference: -56,
        figureCount: 1,
        source: expect.objectContaining({ id: MOIT_DAK_LAK_ID }),
      },
    ]);
  });

  it("shows Đắk Lắk's preferred 2021–2025 value, 104, with the other source's 48 when not grouped by source", async () => {
    const slice = await funding({ filter: { areas: ["66"] }, groupBy: ["YEAR"] });
    const span = slice.rows.filter((r) => r.keys[0].value === "2021-2025");
    expect(span).toHaveLength(1);
    expect(span[0]).toMatchObject({ value: 104, factCount: 1, sources: [{ id: LAO_DONG_DAK_LAK_ID }] });
    expect(span[0].alternatives).toEqual([
      {
        value: 48,
        chosenValue: 104,
        difference: -56,
        figureCount: 1,
        source: expect.objectContaining({ id: MOIT_DAK_LAK_ID }),
      },
    ]);
  });

  it("gives the nation's 2024 local plan as 202.3 with the southern report's 202 beside it in the slice", async () => {
    const slice = await funding({ filter: nationLocalPlan2024, groupBy: [] });
    expect(slice.rows).toHaveLength(1);
    const [row] = slice.rows;
    expect(row).toMatchObject({ value: 202.3, factCount: 1, sources: [{ id: XVIII_ID, url: XVIII_URL }] });
    expect(row.alternatives).toHaveLength(1);
    expect(row.alternatives[0]).toMatchObject({
      value: 202,
      chosenValue: 202.3,
      figureCount: 1,
      source: { id: SOUTH_2025_ID, url: SOUTH_2025_URL },
    });
    expect(row.alternatives[0].difference).toBeCloseTo(-0.3, 9);
  });

  it("carries the southern report's 202 beside the 2024 trend point of 202.3", async () => {
    const { trend } = await query<NationLocalPlanTrendQuery>("NationLocalPlanTrend");
    const [point] = trend.series[0].points;
    expect(point).toMatchObject({ year: 2024, value: 202.3, factCount: 1, sources: [{ id: XVIII_ID }] });
    expect(point.alternatives).toHaveLength(1);
    expect(point.alternatives[0]).toMatchObject({
      value: 202,
      chosenValue: 202.3,
      figureCount: 1,
      source: { id: SOUTH_2025_ID },
    });
    expect(point.alternatives[0].difference).toBeCloseTo(-0.3, 9);
  });

  it("carries one alternative source beside the share's whole of 202.3", async () => {
    const { share } = await query<RegionsOfNationLocalPlanQuery>("RegionsOfNationLocalPlan");
    expect(share.slices).toHaveLength(1);
    const { whole } = share.slices[0];
    expect(whole).toMatchObject({
      area: "VN",
      basis: "PUBLISHED_TOTAL",
      value: 202.3,
      publishedTotal: 202.3,
      alternativeSources: 1,
      sources: [{ id: XVIII_ID }],
    });
    expect(whole.alternatives).toHaveLength(1);
    expect(whole.alternatives[0]).toMatchObject({
      value: 202,
      chosenValue: 202.3,
      figureCount: 1,
      source: { id: SOUTH_2025_ID },
    });
  });

  it("carries one alternative source beside the compared total of 202.3, none beside the north's", async () => {
    const { compare } = await query<NationVsNorthLocalPlanQuery>("NationVsNorthLocalPlan");
    const [nation, north] = compare.selections;
    expect(nation.total).toMatchObject({ value: 202.3, factCount: 1, alternativeSources: 1 });
    expect(nation.total.alternatives).toHaveLength(1);
    expect(nation.total.alternatives[0]).toMatchObject({
      value: 202,
      chosenValue: 202.3,
      figureCount: 1,
      source: { id: SOUTH_2025_ID },
    });
    expect(north.total).toMatchObject({ value: 99.2, factCount: 1, alternativeSources: 0, alternatives: [] });
    expect(north.vsReference.difference).toBeCloseTo(99.2 - 202.3, 9);
    expect(north.vsReference.ratio).toBeCloseTo(99.2 / 202.3, 12);
  });
});

describe("sources picked by the filter give one version per figure", () => {
  const bothSources: ReadonlyArray<[string, FactFilterInput]> = [
    ["ids", { sources: [XVIII_ID, SOUTH_2025_ID] }],
    ["addresses", { sourceUrls: [XVIII_URL, SOUTH_2025_URL] }],
    ["an id and an address", { sources: [XVIII_ID], sourceUrls: [SOUTH_2025_URL] }],
  ];

  it.each(bothSources)(
    "gives the nation's 2024 local plan as 202.3, never 404.3, when both sources are picked by %s",
    async (_how, picked) => {
      const slice = await funding({ filter: { ...nationLocalPlan2024, ...picked }, groupBy: [] });
      expect(slice.rows.map((r) => [r.value, r.factCount, r.sources.map((s) => s.id)])).toEqual([
        [202.3, 1, [XVIII_ID]],
      ]);
      const { trend } = await query<NationLocalPlanTrendQuery, NationLocalPlanTrendQueryVariables>(
        "NationLocalPlanTrend",
        { filter: { ...nationLocalPlan2024, ...picked, years: undefined } },
      );
      expect(trend.series[0].points.map((p) => [p.value, p.factCount])).toEqual([[202.3, 1]]);
      const { compare } = await query<NationVsNorthLocalPlanQuery, NationVsNorthLocalPlanQueryVariables>(
        "NationVsNorthLocalPlan",
        { selections: [{ filter: { ...nationLocalPlan2024, ...picked } }, { filter: nationLocalPlan2024 }] },
      );
      expect(compare.selections.map((s) => [s.total.value, s.total.factCount])).toEqual([
        [202.3, 1],
        [202.3, 1],
      ]);
    },
  );

  it.each<[string, FactFilterInput]>([
    ["id", { sources: [SOUTH_2025_ID] }],
    ["address", { sourceUrls: [SOUTH_2025_URL] }],
  ])("gives 202 when only the southern report is picked by %s", async (_how, picked) => {
    const slice = await funding({ filter: { ...nationLocalPlan2024, ...picked }, groupBy: [] });
    expect(slice.rows).toHaveLength(1);
    expect(slice.rows[0]).toMatchObject({ value: 202, factCount: 1, sources: [{ id: SOUTH_2025_ID }] });
    expect(slice.rows[0].alternatives).toMatchObject([
      { value: 202.3, chosenValue: 202, figureCount: 1, source: { id: XVIII_ID } },
    ]);
    const { trend } = await query<NationLocalPlanTrendQuery, NationLocalPlanTrendQueryVariables>(
      "NationLocalPlanTrend",
      { filter: { ...nationLocalPlan2024, ...picked, years: undefined } },
    );
    expect(trend.series[0].points.map((p) => [p.value, p.factCount])).toEqual([[202, 1]]);
  });
});

describe("quality flags travel into trends and sums", () => {
  it("flags the north's 2013 plan as one component of the plan, with its note", async () => {
    const { trend } = await query<NorthPlanQualityTrendQuery>("NorthPlanQualityTrend");
    const p2013 = trend.series[0].points[0];
    expect(p2013).toMatchObject({ year: 2013, value: 30.81, factCount: 1, index: 100 });
    expect(p2013.quality).toMatchObject({
      scopes: ["PART"],
      bound: "EXACT",
      certainty: "STATED",
      caveat: "Not a whole figure: part only (một phần).",
    });
    expect(p2013.quality.notes).toHaveLength(1);
    expect(p2013.quality.notes[0]).toMatch(/^COMPONENT ONLY: /);
  });

  it("gives no change, index or CAGR from the 2013 component to the whole 2016 plan (not +305.7%)", async () => {
    const { trend } = await query<NorthPlanQualityTrendQuery>("NorthPlanQualityTrend");
    const [north] = trend.series;
    const p2016 = north.points.find((p) => p.year === 2016)!;
    expect(p2016).toMatchObject({
      value: 125,
      previousYear: 2013,
      change: null,
      changePercent: null,
      likeForLike: false,
      index: null,
      changeReason:
        "Not like for like (không cùng phạm vi): 2016 is whole figure but 2013 is part only, so no change; see the notes of their figures.",
      indexReason:
        "Not like for like (không cùng phạm vi): 2016 is whole figure but 2013 is part only, so no index; see the notes of their figures.",
    });
    expect(p2016.quality).toMatchObject({ scopes: ["WHOLE"], bound: "EXACT", caveat: null });
    expect(north).toMatchObject({
      cagr: null,
      cagrPercent: null,
      cagrReason:
        "Not like for like (không cùng phạm vi): 2016 is whole figure but 2013 is part only, so no CAGR; see the notes of their figures.",
    });
  });

  it("makes a sum that includes an at-least figure at least: Đắk Nông's “trên 1,2 tỉ” plus Lâm Đồng's 5.85", async () => {
    const byArea = await funding({
      filter: {
        areas: ["67", "68"],
        fundingSources: ["TOTAL"],
        stages: ["PLAN"],
        years: { from: 2011, to: 2011 },
      },
      groupBy: ["AREA"],
    });
    expect(byArea.rows.map((r) => [r.keys[0].value, r.value, r.quality.bound])).toEqual([
      ["67", 1.2, "AT_LEAST"],
      ["68", 5.85, "EXACT"],
    ]);
    const summed = await funding({
      filter: {
        areas: ["67", "68"],
        fundingSources: ["TOTAL"],
        stages: ["PLAN"],
        years: { from: 2011, to: 2011 },
      },
      groupBy: [],
    });
    expect(summed.rows).toHaveLength(1);
    const [row] = summed.rows;
    expect(row.factCount).toBe(2);
    expect(row.value).toBeCloseTo(1.2 + 5.85, 9);
    expect(row.quality).toMatchObject({
      bound: "AT_LEAST",
      scopes: ["WHOLE"],
      certainty: "STATED",
      caveat: "A lower bound (ít nhất): the source says “more than”.",
    });
    expect(row.quality.notes).toEqual([
      '"trên 1,2 tỉ" for 13 đề án (3 KCQG, 10 KCĐP)',
      "approved as of end-Aug 2011 (Lâm Đồng then in southern grouping)",
    ]);
  });
});

describe("paging", () => {
  it("keeps the total count when the offset is past the last row", async () => {
    const filter = { areas: ["north"] };
    const first = await funding({ filter, groupBy: ["YEAR"] });
    const past = await funding({ filter, groupBy: ["YEAR"], offset: 500 });
    expect(first.totalCount).toBe(24);
    expect(first.rows).toHaveLength(24);
    expect(past).toMatchObject({ offset: 500, totalCount: 24, rows: [] });
  });
});

describe("output trend", () => {
  it("follows each planned output type of the north in its own series", async () => {
    const { outputTrend } = await query<NorthPlannedOutputTrendQuery>("NorthPlannedOutputTrend");
    expect(outputTrend.baseYear).toBe(2013);
    expect(outputTrend.series.map((s) => s.keys)).toEqual([
      [
        { dimension: "OUTPUT_TYPE", value: "cleaner_production_assessments" },
        { dimension: "UNIT", value: "establishments" },
      ],
      [
        { dimension: "OUTPUT_TYPE", value: "demo_machinery_cleaner_production_support" },
        { dimension: "UNIT", value: "billion VND" },
      ],
      [
        { dimension: "OUTPUT_TYPE", value: "enterprises_tech_transfer" },
        { dimension: "UNIT", value: "enterprises" },
      ],
      [
        { dimension: "OUTPUT_TYPE", value: "facilities_machinery_support" },
        { dimension: "UNIT", value: "establishments" },
      ],
      [
        { dimension: "OUTPUT_TYPE", value: "technical_demonstration_models" },
        { dimension: "UNIT", value: "models" },
      ],
    ]);
  });

  it("gives the north's planned machinery support 224 → 324 establishments: +100, +44.64…%, index 144.64…", async () => {
    const { outputTrend } = await query<NorthPlannedOutputTrendQuery>("NorthPlannedOutputTrend");
    const machinery = outputTrend.series.find((s) => s.keys[0].value === "facilities_machinery_support")!;
    expect(machinery.basis).toEqual({
      level: "REGION",
      stage: "PLAN",
      period: "FY",
      fundingSource: "TOTAL",
      unit: "establishments",
    });
    expect(machinery.coverage).toEqual({ yearsInSpan: 12, yearsPresent: 2 });
    const present = machinery.points.filter((p) => p.factCount > 0);
    expect(present.map((p) => [p.year, p.value, p.quantity, p.amount])).toEqual([
      [2013, 224, 224, null],
      [2024, 324, 324, null],
    ]);
    expect(present[0]).toMatchObject({ index: 100, change: null, previousYear: null });
    const p2024 = present[1];
    expect(p2024).toMatchObject({ previousYear: 2013, change: 100, likeForLike: true, changeReason: null });
    expect(p2024.changePercent).toBeCloseTo((100 / 224) * 100, 12);
    expect(p2024.index).toBeCloseTo((324 / 224) * 100, 12);
    expect([machinery.cagrFromYear, machinery.cagrToYear]).toEqual([2013, 2024]);
    expect(machinery.cagr).toBeCloseTo(Math.pow(324 / 224, 1 / 11) - 1, 14);
    expect(machinery.cagrPercent).toBeCloseTo((Math.pow(324 / 224, 1 / 11) - 1) * 100, 12);
  });

  it("gives no change from the north's 2013 demonstration models, one component of the plan, to 2024", async () => {
    const { outputTrend } = await query<NorthPlannedOutputTrendQuery>("NorthPlannedOutputTrend");
    const models = outputTrend.series.find((s) => s.keys[0].value === "technical_demonstration_models")!;
    const p2024 = models.points.find((p) => p.year === 2024)!;
    expect(p2024).toMatchObject({
      value: 13,
      previousYear: 2013,
      change: null,
      index: null,
      likeForLike: false,
    });
    expect(p2024.changeReason).toMatch(/^Not like for like/);
    expect(models.cagr).toBeNull();
  });
});

describe("budget levels", () => {
  it("filters on the district budget: Bắc Giang 2016–2020 and Nghệ An 2011–2015", async () => {
    const slice = await funding({ filter: { budgetLevels: ["DISTRICT"] }, groupBy: ["AREA", "YEAR"] });
    expect(slice.rows.map((r) => [r.keys[0].value, r.keys[1].value, r.value, r.basis.budgetLevel])).toEqual([
      ["24", "2016-2020", 8.57, "DISTRICT"],
      ["40", "2011-2015", 2.6, "DISTRICT"],
    ]);
  });

  it("groups local funding by budget level", async () => {
    const slice = await funding({
      filter: { budgetLevels: ["PROVINCE", "DISTRICT"] },
      groupBy: ["AREA", "YEAR", "BUDGET_LEVEL"],
    });
    expect(slice.rows.map((r) => [r.keys[0].value, r.keys[1].value, r.keys[2], r.value])).toEqual([
      ["24", "2016-2020", { dimension: "BUDGET_LEVEL", value: "district", label: null }, 8.57],
      ["24", "2016-2020", { dimension: "BUDGET_LEVEL", value: "province", label: null }, 16.15],
      ["40", "2011-2015", { dimension: "BUDGET_LEVEL", value: "district", label: null }, 2.6],
      ["40", "2011-2015", { dimension: "BUDGET_LEVEL", value: "province", label: null }, 19.2],
    ]);
    expect(slice.rows.map((r) => r.basis.budgetLevel)).toEqual([
      "DISTRICT",
      "PROVINCE",
      "DISTRICT",
      "PROVINCE",
    ]);
  });

  it("shares Bắc Giang's 2016–2020 local funding between its province and district budgets", async () => {
    const { share } = await query<BacGiangBudgetLevelsQuery>("BacGiangBudgetLevels");
    expect(share.partsBy).toBe("BUDGET_LEVEL");
    expect(share.slices).toHaveLength(1);
    const [slice] = share.slices;
    expect(slice).toMatchObject({
      year: "2016-2020",
      period: "5Y",
      stage: "ACTUAL",
      fundingSource: "LOCAL",
      area: "24",
    });
    expect(slice.whole).toMatchObject({
      areaName: "Bắc Giang",
      basis: "SUM_OF_PARTS",
      publishedTotal: null,
      partCount: 2,
      reason: null,
    });
    expect(slice.whole.value).toBeCloseTo(16.15 + 8.57, 9);
    expect(slice.parts.map((p) => [p.key, p.label, p.value, p.rank, p.level])).toEqual([
      ["province", "province budget (ngân sách tỉnh)", 16.15, 1, "PROVINCE"],
      ["district", "district budget (ngân sách huyện)", 8.57, 2, "PROVINCE"],
    ]);
    expect(slice.parts[0].sharePercent).toBeCloseTo((16.15 / 24.72) * 100, 9);
    expect(slice.parts[1].sharePercent).toBeCloseTo((8.57 / 24.72) * 100, 9);
  });

  it("never adds Bắc Giang's province and district budgets into one local row of a plain slice", async () => {
    const slice = await funding({ filter: { areas: ["24"], years: { from: 2016, to: 2020 } }, groupBy: [] });
    const actual = slice.rows.filter((r) => r.basis.stage === "ACTUAL");
    expect(actual.map((r) => [r.basis.fundingSource, r.basis.budgetLevel, r.value, r.factCount])).toEqual([
      ["LOCAL", "DISTRICT", 8.57, 1],
      ["LOCAL", "PROVINCE", 16.15, 1],
      ["NATIONAL", null, 6, 1],
      ["TOTAL", null, 30.72, 1],
    ]);
  });
});

describe("enums and ids", () => {
  it("returns planned outputs' stage as the enum PLAN", async () => {
    const { outputs } = await query<PlannedOutputsQuery>("PlannedOutputs");
    expect(outputs.totalCount).toBe(21);
    expect(outputs.rows).toHaveLength(21);
    expect(new Set(outputs.rows.map((r) => r.basis.stage))).toEqual(new Set(["PLAN"]));
  });

  it.each([
    ["North", "north"],
    ["NORTH", "north"],
    ["vn", "VN"],
  ])("reads the area id %s as %s", async (spelled, id) => {
    const asSpelled = await funding({ filter: { areas: [spelled] }, groupBy: ["AREA", "YEAR"] });
    const asId = await funding({ filter: { areas: [id] }, groupBy: ["AREA", "YEAR"] });
    expect(asId.totalCount).toBeGreaterThan(0);
    expect(asSpelled).toEqual(asId);
    expect(new Set(asSpelled.rows.map((r) => r.keys[0].value))).toEqual(new Set([id]));
  });

  it("gives the north's trend for the id North", async () => {
    const variables = (area: string): NorthPlanQualityTrendQueryVariables => ({
      filter: { areas: [area], fundingSources: ["TOTAL"], stages: ["PLAN"] },
      from: 2021,
      to: 2024,
    });
    const spelled = await query<NorthPlanQualityTrendQuery, NorthPlanQualityTrendQueryVariables>(
      "NorthPlanQualityTrend",
      variables("North"),
    );
    const id = await query<NorthPlanQualityTrendQuery, NorthPlanQualityTrendQueryVariables>(
      "NorthPlanQualityTrend",
      variables("north"),
    );
    expect(spelled).toEqual(id);
    expect(spelled.trend.series[0].points.map((p) => p.value)).toEqual([142.2, 174.3, 186.5, 170.8]);
  });
});
