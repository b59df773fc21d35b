import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cellMeasure,
  explainEmptyResult,
  figuresByArea,
  type CountFacts,
} from "../../src/notebook/fact-coverage.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

// The coverage behind honest empty states, counted by the API's own fact listing over real HTTP.

const COVERAGE = `query FundingCoverage($filter: FactFilterInput) {
  fundingFacts(filter: $filter, preferredOnly: true, limit: 1000) {
    totalCount
    facts { area areaName yearFrom yearTo stage fundingSource level }
  }
}`;

let server: TestServer;
const count: CountFacts = async (_kind, filter) => {
  const answer = await server.execute<{ fundingFacts: Awaited<ReturnType<CountFacts>> }>(COVERAGE, {
    filter,
  });
  if (answer.data == null) throw new Error(JSON.stringify(answer.errors));
  return answer.data.fundingFacts;
};

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(async () => {
  await server?.close();
});

describe("coverage of a cell's measure", () => {
  it("reads the measure from the variables a cell sent, with a trend's years folded in", () => {
    expect(
      cellMeasure("query T { trend(filter: $f) { a } }", { filter: { areas: ["19"] }, from: 2021, to: 2025 }),
    ).toEqual({
      kind: "funding",
      filter: { areas: ["19"], years: { from: 2021, to: 2025 } },
    });
    expect(cellMeasure("{ outputTrend(filter: $f) { a } }", { filter: { stages: ["ACTUAL"] } })?.kind).toBe(
      "output",
    );
    expect(cellMeasure("{ years { year } }", {})).toBeUndefined();
  });

  it("names the filter that removed every figure of Thái Nguyên's plan, and what there is instead", async () => {
    const filter = {
      areas: ["19"],
      fundingSources: ["TOTAL"],
      stages: ["PLAN"],
      years: { from: 2021, to: 2025 },
    };
    expect(
      await explainEmptyResult({ kind: "funding", filter }, count, (id) =>
        id === "19" ? "Thái Nguyên (19)" : id,
      ),
    ).toEqual([
      "No figures match area Thái Nguyên (19), years 2021–2025, stage PLAN and funding source TOTAL together.",
      "The area filter (Thái Nguyên (19)) removed everything: without it, 12 figures match: Khu vực phía Bắc (north) 4, " +
        "Khu vực miền Trung - Tây Nguyên (central-highlands) 2, Lào Cai (10) 2, Việt Nam (VN) 2, Khu vực phía Nam (south) 1, Quảng Trị (45) 1.",
    ]);
  });

  it("counts the north's plan figures by area, matching the fact listing's total", async () => {
    const coverage = await count("funding", {
      fundingSources: ["TOTAL"],
      stages: ["PLAN"],
      years: { from: 2021, to: 2025 },
    });
    const byArea = figuresByArea(coverage);
    expect(byArea.get("north")).toBe(4);
    expect(byArea.get("19")).toBeUndefined();
    expect([...byArea.values()].reduce((a, b) => a + b, 0)).toBe(coverage.totalCount);
  });

  it("says when the filters do keep figures, so the emptiness comes from elsewhere", async () => {
    const filter = {
      areas: ["north"],
      stages: ["PLAN"],
      fundingSources: ["TOTAL"],
      years: { from: 2024, to: 2024 },
    };
    expect(await explainEmptyResult({ kind: "funding", filter }, count)).toEqual([
      "1 figure matches area north, years 2024, stage PLAN and funding source TOTAL, but the query's own arguments leave no rows.",
    ]);
  });
});
