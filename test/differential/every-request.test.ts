import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { universe } from "./arbitraries.js";
import { openPublished, runBatch, type Call, type Dataset } from "./harness.js";

/**
 * Rule 8: every valid request over every area (the nation, every region, every province, every 2025 province,
 * as the `areas` query lists them under both boundaries) × analysis (a funding slice by year, a trend, a share
 * by funding source, a compare of the area with itself, execution rates) × value basis answers without an
 * INTERNAL_SERVER_ERROR. Many aliases per HTTP request. On the published data only: the generated data has the
 * same areas, and 1,545 requests are most of the suite's time already.
 */

let published: Dataset;
beforeAll(async () => {
  published = await openPublished();
});
afterAll(() => published?.close());

/** Aliases per HTTP request: the server adds an abort listener per root field, and warns past 10. */
const BATCH = 10;
/** HTTP requests in flight at once, enough to keep the server's four connections busy. */
const IN_FLIGHT = 3;

function analyses(
  area: string,
  boundary: string,
  basis: string,
  base: number,
  years: { from: number; to: number },
): Call[] {
  const filter = ["FactFilterInput", { areas: [area] }] as const;
  // A selection with one total per year: the full-year total plan.
  const plan = { areas: [area], periods: ["FY"], stages: ["PLAN"], fundingSources: ["TOTAL"] };
  const valuation = {
    valueBasis: ["ValueBasis", basis],
    priceBaseYear: ["Int", basis === "CONSTANT" ? base : undefined],
    boundary: ["Boundary", boundary],
  } as const;
  return [
    {
      field: "funding",
      args: { filter, groupBy: ["[Dimension!]", ["YEAR"]], ...valuation },
      selection: "rows { value reason }",
    },
    {
      field: "trend",
      args: { filter, from: ["Int!", years.from], to: ["Int!", years.to], ...valuation },
      selection: "series { points { value reason } }",
    },
    {
      field: "share",
      args: { partsBy: ["SharePartsBy!", "FUNDING_SOURCE"], filter, ...valuation },
      selection: "slices { whole { value reason } parts { value sharePercent } }",
    },
    {
      field: "compare",
      args: { selections: ["[CompareSelectionInput!]!", [{ filter: plan }, { filter: plan }]], ...valuation },
      selection: "selections { total { value reason } vsReference { difference ratio } }",
    },
    {
      field: "executionRate",
      args: { filter, ...valuation },
      selection: "rates { executed plan ratePercent }",
    },
  ];
}

describe("every area, analysis and value basis on the published data", () => {
  it("answers without an INTERNAL_SERVER_ERROR", { timeout: 240_000 }, async () => {
    const { rows, server } = published;
    const u = universe(rows);
    const listed = await server.execute<{ historical: { id: string }[]; merged: { id: string }[] }>(
      "{ historical: areas(boundary: HISTORICAL) { id } merged: areas(boundary: MERGED_2025) { id } }",
    );
    expect(listed.errors).toBeUndefined();
    const areas = [
      ...listed.data!.historical.map((a) => [a.id, "HISTORICAL"] as const),
      ...listed.data!.merged.map((a) => [a.id, "MERGED_2025"] as const),
    ];
    expect(areas.length).toBeGreaterThan(90);
    const base = u.cpiYears[Math.floor(u.cpiYears.length / 2)];
    const calls = areas.flatMap(([area, boundary]) =>
      ["CURRENT", "CONSTANT", "PER_CAPITA"].flatMap((basis) =>
        analyses(area, boundary, basis, base, u.years),
      ),
    );
    const failures: string[] = [];
    const batches: Call[][] = [];
    for (let i = 0; i < calls.length; i += BATCH) batches.push(calls.slice(i, i + BATCH));
    const worker = async () => {
      for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
        let results = await runBatch(server, batch);
        // A failing non-null root field ends the request with its own error only: ask each alone to see all.
        if (results.some((r) => r.error !== null)) {
          results = (await Promise.all(batch.map((call) => runBatch(server, [call])))).flat();
        }
        results.forEach((r, j) => {
          if (r.error?.extensions?.["code"] !== "INTERNAL_SERVER_ERROR") return;
          const args = Object.fromEntries(Object.entries(batch[j].args).map(([k, [, v]]) => [k, v]));
          failures.push(`${batch[j].field} ${JSON.stringify(args)}`);
        });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const causes = [
      ...new Set(
        server.logs
          .filter((l) => l.startsWith("error: Masked"))
          .map((l) =>
            l
              .split("\n")[0]
              .replace(/ at a\d+$/, "")
              .replace(/ at a\d+:/, ":"),
          ),
      ),
    ];
    expect({ failures: failures.slice(0, 20), count: failures.length, causes: causes.slice(0, 5) }).toEqual({
      failures: [],
      count: 0,
      causes: [],
    });
  });
});
