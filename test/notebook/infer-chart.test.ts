import { describe, expect, it } from "vitest";
import { checkChartColumns, inferChart } from "../../src/notebook/index.js";

const series = [
  { "area.name": "Bắc", "points.year": 2021, "points.value": 10 },
  { "area.name": "Bắc", "points.year": 2022, "points.value": 12 },
  { "area.name": "Nam", "points.year": 2021, "points.value": 8 },
];
const shares = [
  { area: "Hà Giang", share: 0.2, value: 12 },
  { area: "Cao Bằng", share: 0.1, value: 6 },
];

describe("inferChart", () => {
  it("draws a year series as lines coloured by area", () => {
    expect(inferChart(series)).toEqual({
      mark: "line",
      x: "points.year",
      y: "points.value",
      color: "area.name",
    });
  });

  it("draws a single series as one line", () => {
    expect(
      inferChart(
        [
          { year: 2021, value: 1 },
          { year: 2022, value: null },
        ],
        "trend",
      ),
    ).toEqual({ mark: "line", x: "year", y: "value" });
  });

  it("ranks shares with horizontal bars", () => {
    expect(inferChart(shares, "share")).toEqual({ mark: "barX", x: "value", y: "area" });
  });

  it("compares categories with vertical bars", () => {
    expect(inferChart(shares)).toEqual({ mark: "bar", x: "area", y: "value" });
    expect(inferChart(series, "compare")).toEqual({
      mark: "bar",
      x: "area.name",
      y: "points.value",
      color: "points.year",
    });
  });

  it("compares years with bars when asked", () => {
    expect(
      inferChart(
        [
          { year: 2023, value: 1 },
          { year: 2024, value: 2 },
        ],
        "compare",
      ),
    ).toEqual({ mark: "bar", x: "year", y: "value" });
  });

  it("scatters two numeric columns", () => {
    expect(inferChart([{ plan: 10, actual: 8 }])).toEqual({ mark: "dot", x: "plan", y: "actual" });
  });

  it("returns null without rows or numbers", () => {
    expect(inferChart([])).toBeNull();
    expect(inferChart([{ area: "Bắc" }])).toBeNull();
  });

  it("lays long or many category labels beside horizontal bars, so they do not overlap", () => {
    const claims = [
      { claim: "Share of national funding in the plan", stated: 41.9 },
      { claim: "Share of local funding in the plan", stated: 58.1 },
    ];
    expect(inferChart(claims)).toEqual({ mark: "barX", x: "stated", y: "claim" });
    const provinces = Array.from({ length: 13 }, (_, i) => ({ area: `P${i}`, value: i }));
    expect(inferChart(provinces)).toEqual({ mark: "barX", x: "value", y: "area" });
  });
});

describe("checkChartColumns", () => {
  it("names each unknown column with the closest and every column there is", () => {
    expect(
      checkChartColumns({ mark: "line", x: "points.year", y: "points.valu" }, [
        "points.year",
        "points.value",
      ]),
    ).toBe(
      'The chart\'s "y" names the column "points.valu", which the result does not have. Did you mean ' +
        '"points.value"? Columns: points.year, points.value.',
    );
    expect(checkChartColumns({ mark: "line", x: "year", y: "value" }, ["year", "value"])).toBeNull();
    expect(checkChartColumns({ mark: "line", x: "year", y: "value" }, [])).toBeNull();
  });
});
