import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rawRow, type RawRow } from "../../../etl/extract/raw-table.js";
import { AreaRegistry } from "../../../etl/transform/area-registry.js";
import { transformFundingRow } from "../../../etl/transform/funding.transform.js";
import { createTransformContext } from "../../../etl/transform/transform-context.js";

const DATA = join(import.meta.dirname, "../../../data");
const areas = AreaRegistry.build([
  {
    gso_code: "02",
    name_vi: "Hà Giang",
    name_ascii: "Ha Giang",
    aliases: [],
    region_id: "north",
    subregion: null,
    merged_into_2025: "Tuyên Quang",
    merged_into_2025_code: "08",
  },
]);
const context = () =>
  createTransformContext({
    dataDir: DATA,
    file: "published/funding.csv",
    areas,
    activities: new Set(["Q1881-1"]),
  });
const row = (values: Record<string, string>): RawRow =>
  rawRow(12, {
    year: "2024",
    period: "FY",
    geo_level: "province",
    geo_code: "02",
    geo_name: "Hà Giang",
    funding_source: "local",
    budget_level: "",
    measure: "plan",
    amount_billion_vnd: "3.2",
    source_url: "https://a.vn/x",
    source_title: "A",
    source_date: "2024",
    note: "",
    ...values,
  });

describe("transformFundingRow", () => {
  it("makes a strict funding fact with integer VND and its origin", () => {
    const ctx = context();
    expect(transformFundingRow(row({}), ctx)).toEqual({
      area_id: "02",
      geo_level: "province",
      geo_name: "Hà Giang",
      year_from: 2024,
      year_to: 2024,
      period: "FY",
      funding_source: "local",
      budget_level: null,
      stage: "plan",
      activity_code: null,
      project: null,
      amount_vnd: 3_200_000_000n,
      source_id: 1599725007,
      note: null,
      scope: "whole",
      bound: "exact",
      certainty: "stated",
      origin: "published/funding.csv:12",
    });
    expect(ctx.issues).toEqual([]);
  });

  it.each([
    [
      { geo_code: "", geo_name: "Ha Giangg" },
      'Unknown province "Ha Giangg" in published/funding.csv line 12, column geo_name. Did you mean "Hà Giang" (02)?',
    ],
    [
      { geo_code: "north" },
      'Geo level "province" contradicts the area "Khu vực phía Bắc" (north), which is a region, in published/funding.csv line 12, column geo_level.',
    ],
    [
      { amount_billion_vnd: "-1" },
      'Negative amount "-1" in published/funding.csv line 12, column amount_billion_vnd: amounts cannot be below zero.',
    ],
    [
      { measure: "planed" },
      'Unknown stage "planed" in published/funding.csv line 12, column measure. Did you mean "planned"?',
    ],
    [
      { measure: "target" },
      'Stage "target" in published/funding.csv line 12, column measure is target, which applies to outputs only: a funding figure is plan, allocated, estimated or actual.',
    ],
    [
      { measure: "mục tiêu" },
      'Stage "mục tiêu" in published/funding.csv line 12, column measure is target, which applies to outputs only: a funding figure is plan, allocated, estimated or actual.',
    ],
    [
      { scope: "partial" },
      'Unknown scope "partial" in published/funding.csv line 12, column scope. Did you mean "part"?',
    ],
    [
      { bound: "at most" },
      'Unknown bound "at most" in published/funding.csv line 12, column bound. Did you mean "at least"?',
    ],
    [
      { certainty: "guessed" },
      'Unknown certainty "guessed" in published/funding.csv line 12, column certainty. Use stated or inferred, or leave it empty for stated.',
    ],
    [
      { period: "5Y" },
      'Period "5Y" does not fit the year in published/funding.csv line 12, column period: period 5Y needs a 5-year span, but the year is 2024 (1 year).',
    ],
    [
      { activity: "Q1881-9" },
      'Unknown activity "Q1881-9" in published/funding.csv line 12, column activity. Did you mean "Q1881-1"?',
    ],
    [
      { amount_billion_vnd: "", amount: "3", unit: "tỷ USD" },
      'Unknown unit "tỷ USD" in published/funding.csv line 12, column unit. Did you mean "tỷ VND"?',
    ],
  ])("refuses %j with a located message", (values, message) => {
    const ctx = context();
    expect(transformFundingRow(row(values), ctx)).toBeNull();
    expect(ctx.issues.map((i) => i.message)).toEqual([message]);
  });

  it("reads amount + unit in million VND", () => {
    const ctx = context();
    const fact = transformFundingRow(
      row({ amount_billion_vnd: "", amount: "1.234,5", unit: "triệu đồng" }),
      ctx,
    );
    expect(fact?.amount_vnd).toBe(1_234_500_000n);
  });

  it("reads the quality flags by any spelling of their vocabularies", () => {
    const ctx = context();
    const fact = transformFundingRow(row({ scope: "đợt", bound: "hơn", certainty: "inferred" }), ctx);
    expect(fact).toMatchObject({ scope: "part", bound: "at-least", certainty: "inferred" });
    expect(ctx.issues).toEqual([]);
  });

  it("reads empty flag cells as a whole, exact, stated figure", () => {
    const ctx = context();
    const fact = transformFundingRow(row({ scope: "", bound: "", certainty: "" }), ctx);
    expect(fact).toMatchObject({ scope: "whole", bound: "exact", certainty: "stated" });
    expect(ctx.issues).toEqual([]);
  });
});
