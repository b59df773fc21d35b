import { describe, expect, it } from "vitest";

import { exactInteger, scaledDecimal, toDuckDBParameter } from "../../src/warehouse/duckdb-values.js";

describe("scaledDecimal", () => {
  it.each([
    ["1234.567", 18, 3, 1234567n],
    ["12.300", 18, 2, 1230n],
    ["-0.5", 18, 3, -500n],
    [".25", 4, 2, 25n],
    ["170800000000", 18, 0, 170800000000n],
    [0.1, 18, 3, 100n],
    [1e21, 30, 2, 100000000000000000000000n],
    [1.5e-7, 18, 8, 15n],
    ["999999999999999.999", 18, 3, 999999999999999999n],
  ] as const)("scales %s to DECIMAL(%i,%i) as %s", (value, width, scale, expected) => {
    expect(scaledDecimal(value, width, scale, "quantity")).toBe(expected);
  });

  it("refuses digits beyond the scale rather than rounding", () => {
    expect(() => scaledDecimal(0.1 + 0.2, 18, 3, "quantity")).toThrow(
      "quantity 0.30000000000000004 has more than 3 digits after the point, which DECIMAL(18,3) would round.",
    );
  });

  it("refuses a value wider than the precision", () => {
    expect(() => scaledDecimal("1000", 5, 2, "value_pct")).toThrow(
      "value_pct 1000 does not fit DECIMAL(5,2).",
    );
  });

  it.each(["", "abc", "1.2.3", "1,5"])("refuses %j as not a decimal number", (text) => {
    expect(() => scaledDecimal(text, 18, 2, "quantity")).toThrow("is not a decimal number");
  });

  it("refuses NaN and infinities", () => {
    expect(() => scaledDecimal(Number.NaN, 18, 2, "quantity")).toThrow(
      'quantity "NaN" is not a decimal number.',
    );
    expect(() => scaledDecimal(Infinity, 18, 2, "quantity")).toThrow("is not a decimal number");
  });
});

describe("exactInteger", () => {
  it("returns a number within ±MAX_SAFE_INTEGER and the bigint beyond", () => {
    expect(exactInteger(9007199254740991n)).toBe(9007199254740991);
    expect(exactInteger(-9007199254740991n)).toBe(-9007199254740991);
    expect(exactInteger(9007199254740992n)).toBe(9007199254740992n);
  });
});

describe("toDuckDBParameter", () => {
  it("refuses a plain object, suggesting JSON.stringify", () => {
    expect(() => toDuckDBParameter({ a: 1 }, 2)).toThrow(
      "Parameter $2 is a plain object, which the warehouse cannot bind.",
    );
  });

  it("refuses an invalid Date", () => {
    expect(() => toDuckDBParameter(new Date("nope"), 1)).toThrow("Parameter $1 is an invalid Date.");
  });
});
