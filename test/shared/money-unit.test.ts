import { describe, expect, it } from "vitest";
import { convertToVnd, parseMoneyUnit, toVnd } from "../../src/shared/money-unit.js";

describe("money units", () => {
  it.each([
    ["tỷ đồng", 1_000_000_000n],
    ["tỷ", 1_000_000_000n],
    ["ty dong", 1_000_000_000n],
    ["billion VND", 1_000_000_000n],
    ["bn", 1_000_000_000n],
    ["Tỷ Đồng", 1_000_000_000n],
    ["triệu đồng", 1_000_000n],
    ["triệu", 1_000_000n],
    ["million VND", 1_000_000n],
    ["đồng", 1n],
    ["VND", 1n],
  ])("reads %j as %i đồng", (text, vnd) => {
    expect(parseMoneyUnit(text)?.vnd).toBe(vnd);
  });

  it("returns null for an unknown unit", () => {
    expect(parseMoneyUnit("tỷ USD")).toBeNull();
  });

  it("converts exactly with bigint arithmetic", () => {
    expect(toVnd("170.8", "tỷ đồng")).toBe(170_800_000_000n);
    expect(toVnd("71.5", "bn")).toBe(71_500_000_000n);
    expect(toVnd("0.000000001", "tỷ")).toBe(1n);
    expect(toVnd("1234.5", "triệu đồng")).toBe(1_234_500_000n);
    expect(toVnd("2500000", "VND")).toBe(2_500_000n);
    expect(toVnd("-3", "tỷ")).toBe(-3_000_000_000n);
    expect(toVnd("99999999999.999999999", "tỷ đồng")).toBe(99_999_999_999_999_999_999n);
  });

  it("refuses a fraction of a đồng and an unknown unit", () => {
    expect(convertToVnd("0.5", "VND")).toEqual({
      ok: false,
      reason: "0.5 VND is not a whole number of đồng",
    });
    expect(convertToVnd("1.0000000001", "tỷ").ok).toBe(false);
    expect(convertToVnd("1", "USD")).toEqual({ ok: false, reason: 'unknown unit "USD"' });
    expect(() => toVnd("0.5", "đồng")).toThrow(RangeError);
  });
});
