import { describe, expect, it } from "vitest";
import { FUNDING_SOURCE, STAGE } from "../../src/model/index.js";

describe("the STAGE vocabulary", () => {
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
  ])("reads %j as %s for funding and outputs", (text, stage) => {
    expect(STAGE.parse(text, "funding")).toBe(stage);
    expect(STAGE.parse(text, "outputs")).toBe(stage);
  });

  it("accepts target only for outputs", () => {
    expect(STAGE.parse("mục tiêu", "funding")).toBeNull();
    expect(STAGE.parse("target", "funding")).toBeNull();
    expect(STAGE.parse("mục tiêu", "outputs")).toBe("target");
    expect(STAGE.parse("target", "outputs")).toBe("target");
  });

  it("returns null for an unknown stage", () => {
    expect(STAGE.parse("planed", "funding")).toBeNull();
  });

  it("lists the spellings did-you-mean messages suggest from", () => {
    expect(STAGE.spellings).toEqual(expect.arrayContaining(["planned", "KH", "giải ngân", "mục tiêu"]));
  });
});

describe("the FUNDING_SOURCE vocabulary", () => {
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
    expect(FUNDING_SOURCE.parse(text)).toBe(source);
  });

  it("returns null for an unknown source", () => {
    expect(FUNDING_SOURCE.parse("nationl")).toBeNull();
  });
});
