import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseLayoutSpec } from "../../../etl/layout/read-layout-spec.js";

const LAYOUTS = join(import.meta.dirname, "../../fixtures/layouts");

/** The spec's problems as `line:column message`. */
function problems(yaml: string): string[] {
  return parseLayoutSpec(yaml, "plan.layout.yaml").issues.map((i) => `${i.line}:${i.column} ${i.message}`);
}

/** A complete spec; tests change one line of it. */
const VALID = `kind: funding
header: [3, 4]
set:
  year: 2024
  period: FY
  stage: kế hoạch
  geo_level: province
  funding_source: KCQG
  unit: triệu đồng
  source_url: https://example.org/plan
  source_title: Plan
  source_date: 2024-01-01
columns:
  geo_name: "Tỉnh, thành phố"
  amount: "Kinh phí"
rows:
  - match: { "Tỉnh, thành phố": "Tổng cộng" }
    skip: true
`;

const replace = (from: string, to: string) => {
  expect(VALID).toContain(from);
  return VALID.replace(from, to);
};

describe("a valid layout spec", () => {
  it("reads every fixture spec without a problem", async () => {
    for (const name of ["ke-hoach-kcqg-2017", "lam-dong-2011-2017", "hoi-nghi-phia-bac-xviii"]) {
      const text = await readFile(join(LAYOUTS, `${name}.layout.yaml`), "utf8");
      expect(parseLayoutSpec(text, name).issues).toEqual([]);
    }
  });

  it("reads constants by their vocabularies, and stage as a funding table's measure", () => {
    const { spec, issues } = parseLayoutSpec(VALID, "plan.layout.yaml");
    expect(issues).toEqual([]);
    expect(spec?.header).toEqual([3, 4]);
    expect(Object.fromEntries(spec!.set.map((s) => [s.field, s.value]))).toEqual({
      year: "2024",
      period: "FY",
      measure: "plan",
      geo_level: "province",
      funding_source: "national",
      unit: "million VND",
      source_url: "https://example.org/plan",
      source_title: "Plan",
      source_date: "2024-01-01",
    });
    expect(spec!.set.find((s) => s.field === "measure")?.at).toEqual({
      file: "plan.layout.yaml",
      line: 6,
      col: 10,
    });
  });
});

describe("each kind of mistake, located at its YAML node", () => {
  it("bad YAML", () => {
    expect(problems(replace("  period: FY\n", "  period: [FY\n"))).toEqual([
      "6:3 Bad YAML in the layout spec plan.layout.yaml line 6, column 3: Flow sequence in block collection must be sufficiently indented and end with a ].",
    ]);
  });

  it("a key given twice", () => {
    expect(problems(VALID + "header: 2\n")).toEqual([
      "19:1 Bad YAML in the layout spec plan.layout.yaml line 19, column 1: Map keys must be unique.",
    ]);
  });

  it("an unknown key, with a did-you-mean", () => {
    expect(problems(replace("header:", "heder:"))).toEqual(
      [
        'Unknown key "heder" in the layout spec at plan.layout.yaml line 2, column 1. Did you mean "header"?',
      ].map((m) => `2:1 ${m}`),
    );
  });

  it("an unknown kind", () => {
    expect(problems(replace("kind: funding", "kind: fundings"))).toEqual([
      '1:7 Unknown kind "fundings" in plan.layout.yaml line 1, column 7. Did you mean "funding"?',
    ]);
  });

  it("an unknown field", () => {
    expect(problems(replace("  geo_name:", "  geo_nam:"))).toEqual([
      '14:3 Unknown field "geo_nam" under columns at plan.layout.yaml line 14, column 3: a funding table has no field "geo_nam". Did you mean "geo_name"?',
    ]);
  });

  it("a value the field's vocabulary does not know", () => {
    expect(problems(replace("funding_source: KCQG", "funding_source: KCQGG"))).toEqual([
      '8:19 Bad funding_source under set at plan.layout.yaml line 8, column 19: "KCQGG" is not a funding_source. Did you mean "KCQG"?',
    ]);
    expect(problems(replace("stage: kế hoạch", "stage: target"))).toEqual([
      '6:10 Bad stage under set at plan.layout.yaml line 6, column 10: "target" is target, which applies to outputs only: a funding stage is plan, allocated, estimated, actual.',
    ]);
  });

  it("an impossible year, an unknown period and money unit", () => {
    const yaml = replace("year: 2024", "year: 2024-2019")
      .replace("period: FY", "period: FYY")
      .replace("unit: triệu đồng", "unit: triệu đôla");
    expect(problems(yaml)).toEqual([
      '4:9 Bad year under set at plan.layout.yaml line 4, column 9: "2024-2019" is not a year: the span ends (2019) before it starts (2024).',
      '5:11 Bad period under set at plan.layout.yaml line 5, column 11: "FYY" is not a period. Did you mean "FY"?',
      '9:9 Bad unit under set at plan.layout.yaml line 9, column 9: "triệu đôla" is not a money unit. Did you mean "trieu dong" or "triệu đồng"?',
    ]);
  });

  it("a pattern that does not compile", () => {
    expect(problems(replace('amount: "Kinh phí"', 'amount: "Kinh phí ({unit)"'))).toEqual([
      '15:11 Bad pattern "Kinh phí ({unit)" in the header of amount at plan.layout.yaml line 15, column 11: the "{" at character 11 is never closed.',
    ]);
    expect(problems(replace('amount: "Kinh phí"', 'amount: "{year}{unit}"'))).toEqual([
      '15:11 Bad pattern "{year}{unit}" in the header of amount at plan.layout.yaml line 15, column 11: {unit} follows another placeholder or * with no text between them.',
    ]);
  });

  it("a field given twice for the whole file", () => {
    expect(problems(replace('amount: "Kinh phí"', 'amount: "Kinh phí năm {year}"'))).toEqual([
      "15:11 The field year is given twice for the whole file: by set at plan.layout.yaml line 4, column 9 and by the header of column amount at plan.layout.yaml line 15, column 11. Keep one.",
    ]);
  });

  it("a required field given nowhere", () => {
    expect(
      problems(replace("  source_url: https://example.org/plan\n", "").replace("  period: FY\n", "")),
    ).toEqual([
      "1:1 The layout spec plan.layout.yaml gives no period and source_url, which a funding table needs: add each under set:, as a column, or as a {placeholder} in a pattern.",
    ]);
  });

  it("header rows out of order", () => {
    expect(problems(replace("header: [3, 4]", "header: [4, 3]"))).toEqual([
      "2:13 Header row 3 at plan.layout.yaml line 2, column 13 comes after row 4: list the header rows from top to bottom.",
    ]);
  });

  it("a row rule that skips and also sets", () => {
    expect(problems(replace("    skip: true\n", "    skip: true\n    set: { geo_level: region }\n"))).toEqual(
      [
        "17:5 The row rule at plan.layout.yaml line 17, column 5 skips the row, so total, section and set do nothing: remove them or skip.",
      ],
    );
  });

  it("an unknown number format", () => {
    expect(problems(VALID + "number_format: decimal-coma\n")).toEqual([
      '19:16 Unknown number_format "decimal-coma" at plan.layout.yaml line 19, column 16. Did you mean "decimal-comma"? Use decimal-comma (1.234,5, as Vietnamese documents write) or decimal-point (1,234.5).',
    ]);
  });

  it("anchors and aliases", () => {
    expect(problems(replace("year: 2024", "year: &y 2024").replace("period: FY", "period: *y"))).toEqual([
      "5:11 An alias at plan.layout.yaml line 5, column 11: layout specs do not use YAML anchors and aliases; write the value of period out.",
    ]);
  });
});
