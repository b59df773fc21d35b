import { describe, expect, it } from "vitest";
import { checkPeriodSpan, parsePeriod, parseYearSpan, PERIODS } from "../../src/shared/period.js";

describe("parseYearSpan", () => {
  it.each([
    ["2024", { from: 2024, to: 2024 }],
    ["2021-2025", { from: 2021, to: 2025 }],
    ["2021–2025", { from: 2021, to: 2025 }],
    ["2021 - 2025", { from: 2021, to: 2025 }],
  ])("reads %j", (text, span) => {
    expect(parseYearSpan(text)).toEqual({ ok: true, span });
  });

  it.each([
    ["1890", "the year 1890 is outside 1990–2100"],
    ["2101", "the year 2101 is outside 1990–2100"],
    ["2025-2021", "the span ends (2021) before it starts (2025)"],
    ["1990-2025", "the span covers 36 years, more than 30"],
    ["20x4", "a year is four digits (2024) or a span of two (2021-2025)"],
  ])("refuses %j", (text, reason) => {
    expect(parseYearSpan(text)).toEqual({ ok: false, reason });
  });
});

describe("parsePeriod", () => {
  it.each([
    ["FY", "FY"],
    ["cả năm", "FY"],
    ["năm", "FY"],
    ["H1", "H1"],
    ["6 tháng", "H1"],
    ["6T", "H1"],
    ["9M", "9M"],
    ["9 tháng", "9M"],
    ["11M", "11M"],
    ["8M", "8M"],
    ["18M", "18M"],
    ["2Y", "2Y"],
    ["3Y", "3Y"],
    ["5Y", "5Y"],
    ["7Y", "7Y"],
    ["10Y", "10Y"],
    ["CUMULATIVE", "CUMULATIVE"],
    ["lũy kế", "CUMULATIVE"],
    ["luy ke", "CUMULATIVE"],
    ["PROGRAMME", "PROGRAMME"],
    ["fy", "FY"],
  ])("reads %j as %s", (text, code) => {
    expect(parsePeriod(text)).toBe(code);
  });

  it("returns null for an unknown period", () => {
    expect(parsePeriod("Q3")).toBeNull();
  });

  it("lists thirteen period kinds with months and labels", () => {
    expect(PERIODS.map((p) => [p.period, p.months])).toEqual([
      ["H1", 6],
      ["8M", 8],
      ["9M", 9],
      ["11M", 11],
      ["FY", 12],
      ["18M", 18],
      ["2Y", 24],
      ["3Y", 36],
      ["5Y", 60],
      ["7Y", 84],
      ["10Y", 120],
      ["CUMULATIVE", null],
      ["PROGRAMME", null],
    ]);
  });
});

describe("checkPeriodSpan", () => {
  it("accepts periods that fit their span", () => {
    expect(checkPeriodSpan("FY", { from: 2024, to: 2024 })).toBeNull();
    expect(checkPeriodSpan("5Y", { from: 2021, to: 2025 })).toBeNull();
    expect(checkPeriodSpan("18M", { from: 2024, to: 2025 })).toBeNull();
    expect(checkPeriodSpan("CUMULATIVE", { from: 2011, to: 2024 })).toBeNull();
    expect(checkPeriodSpan("10Y", { from: 2012, to: 2022 })).toBeNull();
  });

  it("explains a period that does not fit its span", () => {
    expect(checkPeriodSpan("FY", { from: 2021, to: 2025 })).toBe(
      "period FY covers part or all of one year, but the year is the 5-year span 2021-2025",
    );
    expect(checkPeriodSpan("5Y", { from: 2024, to: 2024 })).toBe(
      "period 5Y needs a 5-year span, but the year is 2024 (1 year)",
    );
    expect(checkPeriodSpan("18M", { from: 2024, to: 2024 })).not.toBeNull();
  });
});
