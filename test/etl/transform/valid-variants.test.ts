import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { transformFolder } from "./transform-harness.js";

const variants = await transformFolder(join(import.meta.dirname, "../../fixtures/valid-variants"));
const funding = (line: number, file = "published/funding-variants.csv") =>
  variants.funding.find((f) => f.origin === `${file}:${line}`);

describe("valid variants", () => {
  it("transform without any issue", () => {
    expect(variants.allIssues).toEqual([]);
    expect(variants.rowsPerTable).toMatchObject({
      "published/funding-flags.csv": 5,
      "published/funding-variants.csv": 8,
      "published/outputs-flags.csv": 2,
      "published/outputs-variants.csv": 2,
      "reference/workbook.xlsx#cpi": 2,
      "reference/workbook.xlsx#funding-xlsx": 1,
    });
  });

  it("read Vietnamese number formats in every money unit", () => {
    expect([2, 3, 4, 5, 6, 7, 8, 9].map((line) => funding(line)?.amount_vnd)).toEqual([
      170_800_000_000n, // "170,8" tỷ đồng
      1_234_500_000n, // "1.234,5" triệu đồng
      1_234_000_000n, // "1 234" triệu
      2_500_000n, // 2500000 đồng
      17_816_000_000_000n, // "17.816" billion VND: 17816, as the column writes decimals with a comma
      3_000_000_000n, // 3 bn
      500_000_000n, // "0,5" ty dong
      0n, // -0 tỷ
    ]);
  });

  it("resolve names without diacritics and aliases, by name when the code is empty", () => {
    expect([3, 4, 5, 6, 7, 8, 9].map((line) => funding(line)?.area_id)).toEqual([
      "02",
      "79",
      "77",
      "46",
      "02",
      "46",
      "VN",
    ]);
  });

  it("read stage, funding source and period synonyms", () => {
    expect(
      [2, 3, 4, 5].map((line) => [
        funding(line)?.stage,
        funding(line)?.funding_source,
        funding(line)?.period,
      ]),
    ).toEqual([
      ["plan", "national", "FY"],
      ["actual", "local", "FY"],
      ["estimated", "total", "H1"],
      ["allocated", "local", "9M"],
    ]);
    expect(funding(5)?.budget_level).toBe("province");
    expect(funding(3)?.activity_code).toBe("Q1881-1");
    expect(funding(7)).toMatchObject({ period: "CUMULATIVE", year_from: 2021, year_to: 2025 });
  });

  it("cite a local source file under the data folder", () => {
    expect(variants.sources.find((s) => s.source_id === funding(7)?.source_id)).toMatchObject({
      url: "sources/local-report.txt",
      is_local: true,
    });
  });

  it("keep physical lines after a quoted field over two CRLF lines", () => {
    const variantOutputs = variants.outputs.filter((o) => o.origin.startsWith("published/outputs-variants"));
    expect(variantOutputs.map((o) => [o.origin, o.stage, o.quantity, o.amount_vnd, o.note])).toEqual([
      [
        "published/outputs-variants.csv:2",
        "target",
        1250,
        12_500_000_000n,
        "quoted note spanning\ntwo lines",
      ],
      ["published/outputs-variants.csv:4", "actual", 1200, null, "after a multi-line field"],
    ]);
  });

  it("read a workbook's numeric and text cells", () => {
    expect(variants.cpi).toEqual([
      { year: 2023, avg_change_pct: 3.25, source_id: expect.any(Number) },
      { year: 2024, avg_change_pct: 3.63, source_id: expect.any(Number) },
    ]);
    expect(funding(2, "reference/workbook.xlsx#funding-xlsx")).toMatchObject({
      area_id: "02",
      amount_vnd: 4_250_000_000n,
    });
    expect(variants.population.map((p) => [p.area_id, p.population_thousands])).toEqual([
      ["02", 905.1],
      ["VN", 101112.7],
    ]);
  });

  it("read the quality flags by any spelling, and empty cells as whole, exact and stated", () => {
    const flags = (fact: { scope: string; bound: string; certainty: string } | undefined) =>
      fact === undefined ? undefined : [fact.scope, fact.bound, fact.certainty];
    expect([2, 3, 4, 5, 6].map((line) => flags(funding(line, "published/funding-flags.csv")))).toEqual([
      ["part", "exact", "stated"],
      ["part", "at-least", "inferred"], // đợt, hơn, suy ra
      ["whole", "exact", "stated"], // empty cells
      ["cumulative", "about", "inferred"], // Cumulative, nearly, Inferred
      ["incl-non-budget", "about", "stated"],
    ]);
    const outputs = variants.outputs.filter((o) => o.origin.startsWith("published/outputs-flags.csv"));
    expect(outputs.map(flags)).toEqual([
      ["part", "at-least", "inferred"], // Round, trên, Inferred
      ["whole", "exact", "stated"],
    ]);
  });

  it("read a file without flag columns as whole, exact and stated figures", () => {
    const facts = [
      ...variants.funding.filter((f) => f.origin.startsWith("published/funding-variants.csv")),
      ...variants.outputs.filter((o) => o.origin.startsWith("published/outputs-variants.csv")),
    ];
    expect(facts.length).toBe(10);
    expect(new Set(facts.map((f) => `${f.scope} ${f.bound} ${f.certainty}`))).toEqual(
      new Set(["whole exact stated"]),
    );
  });
});
