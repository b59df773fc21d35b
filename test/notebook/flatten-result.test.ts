import { describe, expect, it } from "vitest";
import { flattenResult } from "../../src/notebook/index.js";

describe("flattenResult", () => {
  it("flattens nested objects of the first list into dotted columns and joins scalar lists", () => {
    expect(
      flattenResult({
        ranking: {
          unit: "tỷ đồng",
          rows: [
            { rank: 1, area: { id: "02", name: "Hà Giang" }, value: 12.5, sources: ["national", "local"] },
            { rank: 2, area: { id: "04", name: "Cao Bằng" }, value: null, sources: [] },
          ],
        },
      }),
    ).toEqual({
      columns: ["rank", "area.id", "area.name", "value", "sources"],
      rows: [
        { rank: 1, "area.id": "02", "area.name": "Hà Giang", value: 12.5, sources: "national, local" },
        { rank: 2, "area.id": "04", "area.name": "Cao Bằng", value: null, sources: null },
      ],
    });
  });

  it("expands series points inside groups into one row per point carrying the group's fields", () => {
    expect(
      flattenResult({
        trend: {
          groups: [
            {
              area: { id: "north" },
              points: [
                { year: 2021, value: 10 },
                { year: 2022, value: 12 },
              ],
            },
            { area: { id: "south" }, points: [] },
          ],
        },
      }),
    ).toEqual({
      columns: ["area.id", "points.year", "points.value"],
      rows: [
        { "area.id": "north", "points.year": 2021, "points.value": 10 },
        { "area.id": "north", "points.year": 2022, "points.value": 12 },
        { "area.id": "south", "points.year": null, "points.value": null },
      ],
    });
  });

  it("takes the first list depth-first", () => {
    expect(flattenResult({ a: { b: { first: [{ x: 1 }] } }, second: [{ y: 2 }] }).rows).toEqual([{ x: 1 }]);
  });

  it("keeps a second nested list of objects as JSON rather than multiplying rows", () => {
    expect(flattenResult({ list: [{ id: 1, a: [{ v: 1 }, { v: 2 }], b: [{ w: 3 }] }] }).rows).toEqual([
      { id: 1, b: '[{"w":3}]', "a.v": 1 },
      { id: 1, b: '[{"w":3}]', "a.v": 2 },
    ]);
  });

  it("makes one row of a result without a list", () => {
    expect(flattenResult({ share: { value: 0.419, base: { value: 100 } } })).toEqual({
      columns: ["value", "base.value"],
      rows: [{ value: 0.419, "base.value": 100 }],
    });
  });

  it("returns an empty table for an empty list or no data", () => {
    expect(flattenResult({ trend: { points: [] } })).toEqual({ columns: [], rows: [] });
    expect(flattenResult(null)).toEqual({ columns: [], rows: [] });
  });
});

describe("flattenResult on group keys", () => {
  it("pivots a list of group keys into one column per dimension and expands the points", () => {
    expect(
      flattenResult({
        trend: {
          series: [
            {
              keys: [{ dimension: "AREA", value: "north", label: "Miền Bắc" }],
              points: [
                { year: 2021, value: 142.2 },
                { year: 2022, value: 174.3 },
              ],
            },
          ],
        },
      }),
    ).toEqual({
      columns: ["keys.AREA", "keys.AREA.label", "points.year", "points.value"],
      rows: [
        { "keys.AREA": "north", "keys.AREA.label": "Miền Bắc", "points.year": 2021, "points.value": 142.2 },
        { "keys.AREA": "north", "keys.AREA.label": "Miền Bắc", "points.year": 2022, "points.value": 174.3 },
      ],
    });
  });
});
