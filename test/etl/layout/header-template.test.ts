import { describe, expect, it } from "vitest";
import { compileTemplate, matchTemplate } from "../../../etl/layout/header-template.js";
import { foldHeader } from "../../../src/shared/vietnamese-text.js";

/** The captures of `template` in `cell` as an object, or null when it does not match. */
function match(template: string, cell: string): Record<string, string> | null {
  const compiled = compileTemplate(template);
  if (!compiled.ok) throw new Error(compiled.reason);
  const captures = matchTemplate(compiled.template, cell);
  return captures === null ? null : Object.fromEntries(captures);
}

describe("header patterns", () => {
  it("fold headers: diacritics, case and line breaks ignored, punctuation kept", () => {
    expect(foldHeader("  Kinh phí KCĐP\n(triệu  đồng) ")).toBe("kinh phi kcdp (trieu dong)");
  });

  it("match a header written with other case, diacritics and line breaks", () => {
    expect(match("Kinh phí KCQG (triệu đồng)", "KINH PHI KCQG\n(trieu dong)")).toEqual({});
    expect(match("Kinh phí KCQG", "Kinh phí KCĐP")).toBeNull();
  });

  it("capture fields as written in the cell, spaces collapsed", () => {
    expect(match("Kế hoạch năm {year} / {funding_source}", "KẾ HOẠCH NĂM 2024 / Tổng\ncộng")).toEqual({
      year: "2024",
      funding_source: "Tổng cộng",
    });
    expect(match("Tỉnh {geo_name}", "TỈNH TUYÊN QUANG")).toEqual({ geo_name: "TUYÊN QUANG" });
  });

  it("match the whole cell, with * for any text", () => {
    expect(match("Tổng cộng", "Tổng cộng (I+II)")).toBeNull();
    expect(match("Tổng cộng*", "Tổng cộng (I+II)")).toEqual({});
    expect(match("* (KCQG)", "Kinh phí khuyến công quốc gia (KCQG)")).toEqual({});
  });

  it("match an empty pattern to an empty cell only", () => {
    expect(match("", "  ")).toEqual({});
    expect(match("", "x")).toBeNull();
  });

  it("refuse placeholders that nothing separates, and unclosed braces", () => {
    expect(compileTemplate("{year}{unit}")).toEqual({
      ok: false,
      reason: "{unit} follows another placeholder or * with no text between them",
    });
    expect(compileTemplate("Năm {year")).toEqual({
      ok: false,
      reason: 'the "{" at character 5 is never closed',
    });
  });

  it("match a long cell against many wildcards without backtracking", () => {
    const cell = "a".repeat(20_000) + "b";
    expect(match("*a*a*a*a*a*c", cell)).toBeNull();
    expect(match("*a*a*a*a*a*b", cell)).toEqual({});
  });
});
