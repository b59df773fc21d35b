import { describe, expect, it } from "vitest";
import { redactPaths } from "../../src/shared/redact-paths.js";

describe("redactPaths", () => {
  it.each([
    ["/srv/kc/data", "data"],
    ["/srv/kc/data/", "data"],
    [
      'The warehouse "/srv/kc/.warehouse/khuyen-cong.duckdb" is not valid',
      'The warehouse "khuyen-cong.duckdb" is not valid',
    ],
    [
      "ENOSPC: no space left on device, write '/tmp/t/kc.duckdb.next-1'",
      "ENOSPC: no space left on device, write 'kc.duckdb.next-1'",
    ],
    ["C:\\kc\\data\\funding.csv and D:/kc/notebooks", "funding.csv and notebooks"],
    ["/", "…"],
  ])("cuts %j to the last name of each absolute path", (text, expected) => {
    expect(redactPaths(text)).toBe(expected);
  });

  it.each([
    "data/funding.csv",
    "./data",
    "../data",
    "and/or",
    "2021/2025",
    "https://example.org/a/b",
    "file:///x/y",
  ])("keeps %j: relative paths, fractions and URLs say nothing about the server", (text) => {
    expect(redactPaths(text)).toBe(text);
  });
});
