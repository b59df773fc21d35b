import { describe, expect, it } from "vitest";
import { parseCount, parseSyntheticArgs } from "../../../etl/synthetic/index.js";

describe("parseSyntheticArgs", () => {
  it("reads rows, out, seed and rows per file", () => {
    expect(
      parseSyntheticArgs(["--rows", "10M", "--out", "/tmp/x", "--seed", "7", "--rows-per-file", "250k"]),
    ).toEqual({
      ok: true,
      args: { rows: 10_000_000, outDir: "/tmp/x", seed: 7, rowsPerFile: 250_000 },
    });
  });

  it("defaults to seed 1 and a git-ignored folder under bench/out", () => {
    expect(parseSyntheticArgs(["--rows", "1_000_000"])).toEqual({
      ok: true,
      args: {
        rows: 1_000_000,
        outDir: "bench/out/synthetic/1000000-seed-1",
        seed: 1,
        rowsPerFile: undefined,
      },
    });
  });

  it("explains a missing or unreadable row count", () => {
    const missing = parseSyntheticArgs([]);
    expect(!missing.ok && missing.error).toMatch(/^--rows is required\.\nUsage: npm run data:synthetic/);
    const bad = parseSyntheticArgs(["--rows", "ten"]);
    expect(!bad.ok && bad.error).toMatch(/^--rows "ten" is not a positive whole number\./);
    const unknown = parseSyntheticArgs(["--rows", "10", "--sed", "3"]);
    expect(!unknown.ok && unknown.error).toMatch(/--sed/);
  });
});

describe("parseCount", () => {
  it.each([
    ["10000000", 10_000_000],
    ["10_000_000", 10_000_000],
    ["10,000,000", 10_000_000],
    ["10M", 10_000_000],
    ["500k", 500_000],
    ["1e6", null],
    ["-5", null],
    ["1,00", null],
  ])("reads %s as %s", (text, value) => {
    expect(parseCount(text)).toBe(value);
  });
});
