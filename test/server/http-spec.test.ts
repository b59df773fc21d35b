import { join } from "node:path";
import type { GraphQLFormattedError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReloadRun, ReloadService } from "../../src/graphql/index.js";
import { createApp, type App } from "../../src/server/create-app.js";
import { ServedSnapshots } from "../../src/server/served-snapshots.js";
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse, DATA_DIR, PROJECT_ROOT } from "../support/test-warehouse.js";

const JSON_TYPE = "application/json";
const GRAPHQL_JSON = "application/graphql-response+json";
const asAdmin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** The widest trend of the published data: 146 series × 19 points, 1.3 MB. */
const WIDEST_TREND =
  "trend(from: 2007, to: 2025, groupBy: [ACTIVITY, AREA, BUDGET_LEVEL, DETAIL, FUNDING_SOURCE, LEVEL, REGION, SOURCE, STAGE])";
const TREND_FIELDS = `fragment T on Trend { series { keys { dimension value label } cagr cagrReason
  coverage { ratio missingYears yearsInSpan } points { year value amount change changePercent changeReason index
  indexReason quality { bound certainty caveat notes } sources { id title url } factCount reason likeForLike } } }`;
const aliasesOfWidestTrend = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${WIDEST_TREND} { ...T }`).join(" ")} } ${TREND_FIELDS}`;

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: { data?: unknown; errors?: GraphQLFormattedError[] };
}

/** POSTs a GraphQL request body to `url`'s /graphql, accepting `accept`. */
async function post(
  url: URL,
  body: object,
  accept: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(new URL("graphql", url), {
    method: "POST",
    headers: { "content-type": "application/json", accept, ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    body: (await response.json()) as Answer["body"],
  };
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

describe("status codes by media type (GraphQL over HTTP)", () => {
  it("answers a validation error with 400 as application/graphql-response+json", async () => {
    const answer = await post(server.url, { query: "{ snapshot { hsah } }" }, GRAPHQL_JSON);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain(GRAPHQL_JSON);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("answers the same error with 200 as application/json, as the spec asks for legacy clients", async () => {
    const answer = await post(server.url, { query: "{ snapshot { hsah } }" }, JSON_TYPE);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain(JSON_TYPE);
    expect(answer.body.errors?.[0].message).toContain('Did you mean "hash"?');
  });

  it("keeps 400 as application/json for a request that is not well-formed (a query that is not a string)", async () => {
    const answer = await post(server.url, { query: 0 }, JSON_TYPE);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe("BAD_REQUEST");
  });

  it("answers a syntax error with 400, not 500", async () => {
    const answer = await post(server.url, { query: "{" }, GRAPHQL_JSON);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  });
});

describe("the token limit", () => {
  const query = `{ ${"__typename ".repeat(2_000)}}`;

  it("refuses a query over it with 400 and a sentence naming the limit", async () => {
    const { status, data, errors } = await server.execute(query);
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors?.[0]).toMatchObject({
      message:
        "The query has more than 2000 tokens (names, punctuation, values), the limit per request. Ask for fewer " +
        "fields or aliases, pass values as variables, or split it into several requests.",
      extensions: { code: "GRAPHQL_PARSE_FAILED" },
    });
  });

  it("leaves the snapshot free: the server still answers and closes (the lease was released)", async () => {
    await server.execute(query);
    expect((await server.execute("{ snapshot { hash } }")).status).toBe(200);
  });
});

describe("persisted queries (test/server/dashboard-cache.test.ts has the rest)", () => {
  const persisted = (sha256Hash: string) => ({
    query: "{ snapshot { hash } }",
    extensions: { persistedQuery: { version: 1, sha256Hash } },
  });

  it("answers a hash that is not the query's with BAD_PERSISTED_QUERY, 400 as graphql-response+json", async () => {
    const answer = await post(server.url, persisted("0".repeat(64)), GRAPHQL_JSON);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        message:
          "The persistedQuery's sha256Hash is not the sha256 of the query sent with it: send the hex sha256 of " +
          "exactly that text, or the hash alone for a document the server knows.",
        extensions: { code: "BAD_PERSISTED_QUERY" },
      },
    ]);
  });

  it("answers an unknown hash without a query with PERSISTED_QUERY_NOT_FOUND, 200 as application/json", async () => {
    const answer = await post(server.url, { extensions: persisted("f".repeat(64)).extensions }, JSON_TYPE);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toEqual([
      { message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } },
    ]);
  });
});

describe("server paths only for the admin", () => {
  it("gives an anonymous caller the data folder's name and the admin its full path", async () => {
    const query = "{ etlRuns(limit: 1) { dataDir } }";
    const anonymous = await server.execute<{ etlRuns: { dataDir: string }[] }>(query);
    const admin = await server.execute<{ etlRuns: { dataDir: string }[] }>(query, {}, asAdmin);
    expect(anonymous.data?.etlRuns).toEqual([{ dataDir: "data" }]);
    expect(admin.data?.etlRuns).toEqual([{ dataDir: DATA_DIR }]);
  });

  it("cuts the paths of a failed reload's message and ETL errors to file names for anonymous callers", async () => {
    const warehouse = "/srv/kc/.warehouse/khuyen-cong.duckdb";
    const reason = `The new snapshot could not be published: The run log "${warehouse}.runs.jsonl" could not be written: EISDIR`;
    const failed: ReloadRun = {
      runId: "reload-1",
      state: "failed",
      startedAt: new Date("2026-01-02T03:04:05Z"),
      finishedAt: new Date("2026-01-02T03:04:09Z"),
      message: `The ETL failed, so the server keeps serving the previous snapshot. ${reason}`,
      report: {
        runId: "20260102T030405Z-abcdef",
        status: "failed",
        startedAt: new Date("2026-01-02T03:04:05Z"),
        finishedAt: new Date("2026-01-02T03:04:09Z"),
        dataDir: "/srv/kc/data",
        snapshotHash: null,
        rowsPerTable: {},
        inputFiles: [],
        warnings: [],
        errors: [{ severity: "error", file: "", line: null, column: null, value: null, message: reason }],
      },
    };
    const app = await appWith({
      start: () => failed,
      get: () => failed,
      latest: () => failed,
      list: () => [failed],
    });
    try {
      const url = await app.listen(0, "127.0.0.1");
      const query = { query: "{ latestReload { message report { dataDir errors { message } } } }" };
      const anonymous = await post(url, query, GRAPHQL_JSON);
      const redacted = `The new snapshot could not be published: The run log "khuyen-cong.duckdb.runs.jsonl" could not be written: EISDIR`;
      expect(anonymous.body.data).toEqual({
        latestReload: {
          message: `The ETL failed, so the server keeps serving the previous snapshot. ${redacted}`,
          report: { dataDir: "data", errors: [{ message: redacted }] },
        },
      });
      const admin = await post(url, query, GRAPHQL_JSON, asAdmin);
      expect(admin.body.data).toEqual({
        latestReload: {
          message: failed.message,
          report: { dataDir: "/srv/kc/data", errors: [{ message: reason }] },
        },
      });
    } finally {
      await app.close();
    }
  });
});

describe("bounded responses", () => {
  it("refuses ten aliases of the widest trend before running them, naming the limit", async () => {
    const { status, data, errors } = await server.execute(aliasesOfWidestTrend(10));
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors?.[0].message).toBe(
      "This operation runs 10 analyses (trend ×10), over the limit of 5 per request: each alias of an analysis " +
        "runs it once more. Send the analyses in several requests (the server's KC_MAX_ANALYSES sets the limit).",
    );
  });

  it("withholds a response over 5 MB (five aliases of the widest trend) with RESPONSE_TOO_LARGE", async () => {
    const { status, data, errors } = await server.execute(aliasesOfWidestTrend(5));
    expect(status).toBe(200);
    expect(data).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors?.[0].message).toMatch(
      /^The response would be larger than 5 MB, the limit per response \(the server's KC_MAX_RESPONSE_BYTES\)\. Narrow the query: group by fewer dimensions, add a filter/,
    );
    expect(errors?.[0].extensions).toMatchObject({ code: "RESPONSE_TOO_LARGE", limitBytes: 5 * 1024 * 1024 });
    expect(server.logs.join("\n")).toMatch(
      /Refused a response of more than 5242880 bytes \(KC_MAX_RESPONSE_BYTES\)/,
    );
  });

  it("answers one widest trend in full: the limits leave room for it", async () => {
    const { data, errors } = await server.execute<{ a0: { series: unknown[] } }>(aliasesOfWidestTrend(1));
    expect(errors).toBeUndefined();
    expect(data?.a0.series).toHaveLength(146);
  });

  it("refuses an analysis estimated over the row limit before it runs, naming it, its estimate and the limit", async () => {
    const small = await startTestServer({
      warehousePath: await buildTestWarehouse(),
      limits: { maxResultRows: 1_000 },
    });
    try {
      const { status, data, errors } = await small.execute(
        `{ snapshot { hash } wide: ${WIDEST_TREND} { series { points { year value } } } }`,
      );
      expect(status).toBe(400);
      expect(data).toBeUndefined();
      // The published facts number 168: no trend has more series (it has 146), each with a point for 19 years.
      expect(errors).toEqual([
        {
          message:
            'The analysis "wide" (trend) would return about 3,360 rows (168 groups by AREA × LEVEL × REGION × STAGE ' +
            "× FUNDING_SOURCE × BUDGET_LEVEL × ACTIVITY × DETAIL × SOURCE), over the limit of 1,000 rows per " +
            "analysis (the server's KC_MAX_RESULT_ROWS). Narrow the query: group by fewer dimensions, add a filter " +
            "(areas, years, stages, funding sources), shorten from–to, ask for fewer fields or aliases, or page " +
            "facts with limit and offset.",
          extensions: { code: "QUERY_TOO_LARGE", estimatedRows: 3_360, limitRows: 1_000 },
        },
      ]);
      const narrow = await small.execute(
        "{ trend(from: 2020, to: 2024, groupBy: [FUNDING_SOURCE]) { series { keys { value } } } }",
      );
      expect(narrow.errors).toBeUndefined();
    } finally {
      await small.close();
    }
  });

  it("refuses any field whose answer is over the row limit, naming the field and the limit", async () => {
    const small = await startTestServer({
      warehousePath: await buildTestWarehouse(),
      limits: { maxResultRows: 50 },
    });
    try {
      const { status, data, errors } = await small.execute("{ snapshot { hash } areas { id } }");
      expect(status).toBe(200);
      expect(data).toBeNull();
      expect(errors).toEqual([
        {
          message:
            'The field "areas" would return more than 50 rows (series, points, slices… counted together), ' +
            "the limit per field (the server's KC_MAX_RESULT_ROWS). Narrow the query: group by fewer dimensions, " +
            "add a filter (areas, years, stages, funding sources), shorten from–to, ask for fewer fields or " +
            "aliases, or page facts with limit and offset.",
          path: ["areas"],
          extensions: { code: "RESPONSE_TOO_LARGE", limitRows: 50 },
        },
      ]);
    } finally {
      await small.close();
    }
  });
});

/** The app over the test warehouse with `reloads` standing in for the ETL. */
async function appWith(reloads: ReloadService): Promise<App & { close(): Promise<void> }> {
  const snapshots = await ServedSnapshots.open(await buildTestWarehouse(), {
    poolSize: 1,
    queryTimeoutMs: 10_000,
  });
  const app = await createApp({
    snapshots,
    reloads,
    adminToken: TEST_ADMIN_TOKEN,
    webDir: join(PROJECT_ROOT, "src/web/dist"),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  return {
    ...app,
    async close() {
      await app.close();
      await snapshots.close();
    },
  };
}
