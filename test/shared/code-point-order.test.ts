import { describe, expect, it } from "vitest";
import { compareCodePoints } from "../../src/shared/index.js";

/** DuckDB sorts VARCHAR by code point: `list_sort` put these in this order (@duckdb/node-api 1.5). */
describe("compareCodePoints", () => {
  it("orders text by code point, as DuckDB sorts VARCHAR, astral characters after U+FFEE", () => {
    const text = ["ước tính", "b", "Đã điều chỉnh", "a 😀", "a \uffee", "a", "B"];
    expect([...text].sort(compareCodePoints)).toEqual([
      "B",
      "a",
      "a \uffee",
      "a 😀",
      "b",
      "Đã điều chỉnh",
      "ước tính",
    ]);
  });

  it("puts a prefix first and finds equal text equal", () => {
    expect(compareCodePoints("Hà", "Hà Giang")).toBeLessThan(0);
    expect(compareCodePoints("Hà Giang", "Hà Giang")).toBe(0);
  });
});
