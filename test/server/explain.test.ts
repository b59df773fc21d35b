import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

/** The smallest funding rollup (src/warehouse/rollup-definitions.ts): it answers the north's plan trend. */
const BASIS_ROLLUP = "rollup_funding_area_level_year_stage_period_funding_source_budget_level_detail";
const TREND = `{ trend(filter: { areas: ["north"], stages: [PLAN], fundingSources: [TOTAL] }, from: 2021, to: 2025) { series { points { year value } } } }`;

interface Explained {
  field: string;
  key: string;
  rollups: Array<string | null>;
  cached: boolean;
  stages: { planMs: number; sqlMs: number; shapeMs: number; totalMs: number };
  statements: Array<{ sql: string; parameters: unknown[]; rows: number; ms: number }>;
  failed: boolean;
}

let server: TestServer;
let asAdmin: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
  asAdmin = { authorization: `Bearer ${server.adminToken}`, "x-kc-explain": "1" };
});
afterAll(async () => {
  await server?.close();
});

/** POSTs `query` with `headers` and returns the status and the raw body text. */
async function post(
  query: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL("graphql", server.url), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, text: await response.text() };
}

function explained(extensions: Record<string, unknown> | undefined): Explained[] {
  return extensions?.["explain"] as Explained[];
}

describe("explain (X-KC-Explain: 1 with the admin token)", () => {
  it("shows the rollup a trend read, its SELECT with the bound values, the rows returned and each stage's time", async () => {
    const answer = await server.execute(TREND, {}, asAdmin);
    expect(answer.errors).toBeUndefined();
    const [trend, ...others] = explained(answer.extensions);
    expect(others).toEqual([]);
    expect(trend.field).toBe("trend");
    expect(trend.rollups).toEqual([BASIS_ROLLUP]);
    expect(trend.cached).toBe(false);
    expect(trend.failed).toBe(false);
    expect(trend.statements).toHaveLength(1);
    const [statement] = trend.statements;
    expect(statement.sql).toMatch(/^SELECT /);
    expect(statement.sql).toContain(`FROM "${BASIS_ROLLUP}" AS f`);
    expect(statement.parameters).toEqual(["north", "region", "plan", "total", 2025, 2021, "FY"]);
    // One budget level (the total), 2021–2024: 2025 has no plan figure.
    expect(statement.rows).toBe(4);
    expect(statement.ms).toBeGreaterThanOrEqual(0);
    const { planMs, sqlMs, shapeMs, totalMs } = trend.stages;
    for (const ms of [planMs, sqlMs, shapeMs, totalMs]) expect(ms).toBeGreaterThanOrEqual(0);
    expect(planMs + sqlMs + shapeMs).toBeCloseTo(totalMs, 6);
    expect(sqlMs).toBeGreaterThanOrEqual(statement.ms);
  });

  it("explains each analysis of a request on its own: the facts for a slice by source, three rollup aggregates for a share", async () => {
    const answer = await server.execute(
      `{ bySource: funding(filter: { areas: ["north"], stages: [PLAN] }, groupBy: [SOURCE]) { rows { value } }
         share(partsBy: FUNDING_SOURCE, filter: { areas: ["north"], stages: [PLAN] }) { slices { parts { value } } } }`,
      {},
      asAdmin,
    );
    expect(answer.errors).toBeUndefined();
    const byField = new Map(explained(answer.extensions).map((e) => [e.field, e]));
    expect([...byField.keys()].sort()).toEqual(["funding", "share"]);
    expect(byField.get("funding")!.rollups).toEqual([null]);
    expect(byField.get("funding")!.statements.map((s) => /FROM "funding_fact"/.test(s.sql))).toEqual([true]);
    expect(byField.get("share")!.rollups).toEqual([BASIS_ROLLUP, BASIS_ROLLUP, BASIS_ROLLUP]);
    // One statement per analysis request: parts, their sum and the whole in one SELECT.
    expect(byField.get("share")!.statements).toHaveLength(1);
  });

  it("runs the analysis even when its result is cached, so the SQL is always shown", async () => {
    await server.execute(TREND);
    await server.execute(TREND);
    const first = explained((await server.execute(TREND, {}, asAdmin)).extensions);
    const again = explained((await server.execute(TREND, {}, asAdmin)).extensions);
    for (const [trend] of [first, again]) {
      expect(trend.cached).toBe(false);
      expect(trend.statements.map((s) => s.rows)).toEqual([4]);
    }
  });

  it("marks an analysis refused for its arguments as failed, with no statement run", async () => {
    const answer = await server.execute(
      `{ trend(filter: { areas: ["north"] }, from: 1900, to: 2025) { series { points { value } } } }`,
      {},
      asAdmin,
    );
    expect(answer.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    const [trend] = explained(answer.extensions);
    expect(trend.failed).toBe(true);
    expect(trend.statements).toEqual([]);
  });

  it("adds no explain extension to a request that does not ask for it, even the admin's", async () => {
    const answer = await server.execute(TREND, {}, { authorization: `Bearer ${server.adminToken}` });
    expect(answer.errors).toBeUndefined();
    expect(answer.extensions?.["rollup"]).toBe(BASIS_ROLLUP);
    expect(answer.extensions).not.toHaveProperty("explain");
  });
});

describe("explain refused", () => {
  it("refuses an anonymous visitor with 403, naming the admin token, and runs nothing", async () => {
    const { status, text } = await post(TREND, { "x-kc-explain": "1" });
    expect(status).toBe(403);
    expect(JSON.parse(text)).toEqual({
      errors: [
        {
          message:
            'Explaining a request (X-KC-Explain) shows its SQL and needs the admin token: send "Authorization: Bearer <admin token>" with it, or leave X-KC-Explain out.',
          extensions: { code: "FORBIDDEN" },
        },
      ],
    });
    expect(text).not.toContain("SELECT");
    expect(text).not.toContain("rollup_");
  });

  it("refuses the write token and a wrong admin token the same way", async () => {
    for (const authorization of [`Bearer ${server.writeToken}`, `Bearer ${server.adminToken}x`]) {
      const { status, text } = await post(TREND, { authorization, "x-kc-explain": "1" });
      expect(status).toBe(403);
      expect(text).not.toContain("SELECT");
    }
  });

  it("refuses a value other than 1 with 400, naming the header", async () => {
    const { status, text } = await post(TREND, {
      authorization: `Bearer ${server.adminToken}`,
      "x-kc-explain": "yes",
    });
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({
      errors: [
        {
          message:
            'The header X-KC-Explain must be 1 to explain the request, not "yes". Send "X-KC-Explain: 1" or leave it out.',
          extensions: { code: "BAD_REQUEST" },
        },
      ],
    });
  });
});
