import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceIdOf } from "../../../etl/transform/source-registry.js";
import { transformFolder } from "./transform-harness.js";

const DATA = join(import.meta.dirname, "../../../data");
const data = await transformFolder(DATA);
const XVIII = "sources/2024-05-north-conference-xviii.txt";

describe("transforming the default data", () => {
  it("reports no issue at all", () => {
    expect(data.allIssues).toEqual([]);
  });

  it("keeps every row of every file", () => {
    expect({
      funding: data.funding.length,
      outputs: data.outputs.length,
      claims: data.claims.length,
      activities: data.activities.length,
      population: data.population.length,
      cpi: data.cpi.length,
    }).toEqual({ funding: 168, outputs: 224, claims: 101, activities: 22, population: 960, cpi: 15 });
    expect(data.rowsPerTable["published/provinces.csv"]).toBe(63);
  });

  it("makes 103 areas: VN, five regions, 63 provinces before the merger and 34 after", () => {
    const count = (predicate: (a: (typeof data.areas)[number]) => boolean) =>
      data.areas.filter(predicate).length;
    expect(data.areas.length).toBe(103);
    expect(count((a) => a.level === "region")).toBe(5);
    expect(count((a) => a.level === "province" && a.boundary === "historical")).toBe(63);
    expect(count((a) => a.boundary === "2025")).toBe(34);
  });

  it("gives the north's 2024 national plan as 71500000000 VND from the XVIII report", () => {
    const rows = data.funding.filter(
      (f) =>
        f.area_id === "north" &&
        f.year_from === 2024 &&
        f.period === "FY" &&
        f.funding_source === "national" &&
        f.stage === "plan",
    );
    expect(rows.map((f) => f.amount_vnd)).toEqual([71_500_000_000n]);
    const source = data.sources.find((s) => s.source_id === rows[0]?.source_id);
    expect(source).toMatchObject({
      url: XVIII,
      is_local: true,
      is_synthetic: false,
      published: "2024-05-16",
    });
    expect(rows[0]?.origin).toBe("published/funding.csv:119");
  });

  it("parses the base figures of the XVIII report's claims", () => {
    const xviii = data.sources.find((s) => s.url === XVIII)?.source_id;
    const claims = data.claims.filter((c) => c.source_id === xviii);
    expect(
      claims.map((c) => [c.claim, c.kind, c.value_pct, c.decimals, c.numerator_bn, c.denominator_bn]),
    ).toEqual([
      ["North plan change vs 2023 plan", "change", -8.5, 1, 170.8, 186.5],
      ["KCQG share of northern regional plan", "share", 41.9, 1, 71.5, 170.8],
      ["Round-1 allocation as share of northern KCQG plan", "share", 25.6, 1, 18.3, 71.5],
      ["North KCĐP share of nationwide KCĐP", "share", 49, 0, 99.2, 202.3],
      ["KCĐP share of northern regional plan", "share", 58.1, 1, 99.2, 170.8],
      ["North H1 estimated execution vs year plan", "share", 20.3, 1, 34.7, 170.8],
      ["North H1 estimated execution vs same period previous year", "share", 10.25, 2, 34.7, null],
      ["North KCQG H1 estimated execution vs KCQG plan", "share", 11.9, 1, 8.5, 71.5],
      ["North KCĐP H1 estimated execution vs KCĐP plan", "share", 26.4, 1, 26.2, 99.2],
      [
        "Demo/machinery/cleaner-production support share of northern regional plan",
        "share",
        57.4,
        1,
        98.1,
        170.8,
      ],
    ]);
  });

  it("ids sources by their url, lists them by id, and titles claims' sources from the fact files", () => {
    expect(data.sources.map((s) => s.source_id)).toEqual(data.sources.map((s) => sourceIdOf(s.url)));
    const ids = data.sources.map((s) => s.source_id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const nscl = data.sources.find(
      (s) => s.url === "https://nscl.eprodata.vn/cong-tac-khuyen-cong-cac-tinh-thanh-phia-bac",
    );
    expect(nscl?.title).toBe(
      "Công tác khuyến công các tỉnh thành phía Bắc (report from 11th northern KC conference, Ninh Bình, 2016)",
    );
  });

  it("reads the quality flags of funding and outputs", () => {
    const count = (rows: ReadonlyArray<Record<string, unknown>>, column: string) => {
      const counts: Record<string, number> = {};
      for (const r of rows) counts[String(r[column])] = (counts[String(r[column])] ?? 0) + 1;
      return counts;
    };
    expect(["scope", "bound", "certainty"].map((c) => count(data.funding, c))).toEqual([
      { whole: 149, part: 13, "incl-non-budget": 5, cumulative: 1 },
      { exact: 132, "at-least": 31, about: 5 },
      { stated: 152, inferred: 16 },
    ]);
    expect(["scope", "bound", "certainty"].map((c) => count(data.outputs, c))).toEqual([
      { whole: 212, part: 5, cumulative: 4, "incl-non-budget": 3 },
      { exact: 210, "at-least": 9, about: 5 },
      { stated: 216, inferred: 8 },
    ]);
    const north2013 = data.funding.find(
      (f) =>
        f.area_id === "north" &&
        f.year_from === 2013 &&
        f.period === "FY" &&
        f.funding_source === "total" &&
        f.stage === "plan",
    );
    expect(north2013).toMatchObject({ scope: "part", bound: "exact", certainty: "stated" });
    expect(north2013?.note).toMatch(/^COMPONENT ONLY/);
  });

  it("maps population codes to areas and keeps thousands as numbers", () => {
    expect(data.population.find((p) => p.area_id === "VN" && p.year === 2011)?.population_thousands).toBe(
      88145.83,
    );
    expect(data.population.find((p) => p.area_id === "02" && p.year === 2011)?.population_thousands).toBe(
      749.54,
    );
  });

  it("keeps the output row that states only an amount as billion VND", () => {
    const row = data.outputs.find((o) => o.origin === "published/outputs.csv:120");
    expect(row).toMatchObject({ quantity: 98.1, unit: "billion VND", amount_vnd: 98_100_000_000n });
  });

  it("gives each output type the unit most of its rows use", () => {
    expect(data.outputTypes.find((t) => t.output_type === "technical_demonstration_models")?.unit).toBe(
      "models",
    );
    expect(data.periodKinds.length).toBe(13);
  });
});
