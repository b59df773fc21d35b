import { describe, expect, it } from "vitest";
import { parseFundingSource, parseStage } from "../../src/shared/synonyms.js";

describe("stage synonyms", () => {
  it.each([
    ["plan", "plan"],
    ["kế hoạch", "plan"],
    ["KH", "plan"],
    ["approved", "plan"],
    ["dự toán", "plan"],
    ["allocated", "allocated"],
    ["phân bổ", "allocated"],
    ["giao", "allocated"],
    ["estimated", "estimated"],
    ["ước thực hiện", "estimated"],
    ["ước TH", "estimated"],
    ["ước", "estimated"],
    ["actual", "actual"],
    ["thực hiện", "actual"],
    ["giải ngân", "actual"],
    ["Disbursed", "actual"],
    ["executed", "actual"],
    ["GIAI NGAN", "actual"],
  ])("reads %j as %s", (text, stage) => {
    expect(parseStage(text)).toBe(stage);
  });

  it("accepts target only for outputs", () => {
    expect(parseStage("mục tiêu")).toBeNull();
    expect(parseStage("mục tiêu", true)).toBe("target");
    expect(parseStage("target", true)).toBe("target");
  });
});

describe("funding source synonyms", () => {
  it.each([
    ["national", "national"],
    ["KCQG", "national"],
    ["khuyến công quốc gia", "national"],
    ["quốc gia", "national"],
    ["local", "local"],
    ["KCĐP", "local"],
    ["KCDP", "local"],
    ["khuyến công địa phương", "local"],
    ["địa phương", "local"],
    ["total", "total"],
    ["tổng", "total"],
    ["Tổng cộng", "total"],
  ])("reads %j as %s", (text, source) => {
    expect(parseFundingSource(text)).toBe(source);
  });

  it("returns null for an unknown source", () => {
    expect(parseFundingSource("nationl")).toBeNull();
  });
});
