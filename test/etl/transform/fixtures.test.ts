import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { transformFolder } from "./transform-harness.js";

const MALFORMED = join(import.meta.dirname, "../../fixtures/malformed");
/** Faults found after the transform, when the lead's load compares rows with each other. */
const LOAD_LEVEL = new Set(["duplicate-figure-different-values"]);

interface Expected {
  readonly file: string;
  readonly line?: number;
  readonly column?: string;
  readonly messageIncludes: string;
}

const faults = readdirSync(MALFORMED).sort();

describe("malformed fixtures", () => {
  it("cover at least 22 kinds of fault", () => {
    expect(faults.length).toBeGreaterThanOrEqual(22);
  });

  it.each(faults.filter((f) => !LOAD_LEVEL.has(f)))(
    "report the %s fault with its location",
    async (fault) => {
      const dir = join(MALFORMED, fault);
      const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected;
      const { allIssues } = await transformFolder(dir);
      const errors = allIssues.filter((i) => i.severity === "error");
      const match = errors.find((e) => e.message.includes(expected.messageIncludes));
      expect(match, JSON.stringify(errors)).toBeDefined();
      expect(match?.file).toBe(expected.file);
      if (expected.line !== undefined) expect(match?.line).toBe(expected.line);
      if (expected.column !== undefined) expect(match?.column).toBe(expected.column);
    },
  );

  it.each([...LOAD_LEVEL])(
    "pass the %s fixture through the transform without errors (the load finds it)",
    async (fault) => {
      const { allIssues, funding } = await transformFolder(join(MALFORMED, fault));
      expect(allIssues).toEqual([]);
      expect(funding.map((f) => f.amount_vnd)).toEqual([71_500_000_000n, 72_500_000_000n]);
    },
  );

  it("quote the unknown province and suggest the right one", async () => {
    const { allIssues } = await transformFolder(join(MALFORMED, "unknown-province-name"));
    expect(allIssues.map((i) => i.message)).toEqual([
      'Unknown province "Ha Giangg" in published/funding.csv line 3, column geo_name. Did you mean "Hà Giang" (02)?',
    ]);
  });
});
