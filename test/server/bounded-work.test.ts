import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer } from "../../bench/api-server.js";
import { buildSyntheticWarehouse, type SyntheticWarehouse } from "../support/synthetic-warehouse.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/*
 * Bounded work on generated data (etl/synthetic): 22,176 funding facts, 2008–2009, every province × activity ×
 * funding source × stage, so a trend grouped by every dimension has 11,088 series, as on the 1M rows of
 * BENCHMARKS.md ("Bounded work"), while the ETL loads it in seconds.
 */

const WIDEST =
  "trend(from: 2008, to: 2009, groupBy: [ACTIVITY, AREA, BUDGET_LEVEL, DETAIL, FUNDING_SOURCE, LEVEL, REGION, SOURCE, STAGE])";
/** 2,772 series (63 provinces × 22 activities × 2 stages, national funding): estimated 33,264 rows with FIELDS. */
const LARGE =
  "trend(from: 2008, to: 2009, groupBy: [AREA, ACTIVITY], filter: { fundingSources: [NATIONAL], stages: [PLAN, ACTUAL] })";
/** 5,544 series: estimated 66,528 rows, over the default limit; allowed on the servers with raised limits. */
const WIDER =
  "trend(from: 2008, to: 2009, groupBy: [AREA, ACTIVITY, STAGE], filter: { fundingSources: [NATIONAL] })";
const FIELDS =
  "series { keys { dimension value label } cagr coverage { ratio missingYears } points { year value amount change changePercent index quality { bound certainty } sources { id title url } factCount likeForLike } }";

const RAISED = { maxResultRows: 1_000_000, maxEstimatedRows: 1_000_000, maxResponseBytes: 100 << 20 };

let warehouse: SyntheticWarehouse;
let server: TestServer;

beforeAll(async () => {
  warehouse = await buildSyntheticWarehouse(22_176);
  server = await startTestServer({ warehousePath: warehouse.path });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await warehouse?.remove();
});

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly ms: number;
}

/**
 * POSTs `query` and reads the answer's text; with `keep`, only its first `keep` bytes are decoded (the test shares
 * the event loop with the server: decoding megabytes here would be counted as the server's stall).
 */
async function post(
  target: { readonly url: URL },
  query: string,
  keep = Infinity,
  variables: Readonly<Record<string, unknown>> = {},
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(new URL("graphql", target.url), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query, variables }),
  });
  let text: string;
  if (keep === Infinity) {
    text = await response.text();
  } else {
    const chunks: Uint8Array[] = [];
    let kept = 0;
    for await (const chunk of (response.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
      if (kept < keep) chunks.push(chunk);
      kept += chunk.length;
    }
    text = Buffer.concat(chunks).subarray(0, keep).toString("utf8");
  }
  return { status: response.status, headers: response.headers, text, ms: performance.now() - started };
}

function errorsOf(answer: Answer): ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> {
  return (JSON.parse(answer.text) as { errors?: [] }).errors ?? [];
}

describe("the cost estimate", () => {
  it("refuses the widest trend before it runs, naming its estimate, the limit and how to narrow it", async () => {
    const answer = await post(server, `{ a: ${WIDEST} { ${FIELDS} } }`);
    expect(answer.status).toBe(400);
    expect(errorsOf(answer)).toEqual([
      {
        message:
          'The analysis "a" (trend) would return about 155,232 rows (11,088 groups by AREA × LEVEL × REGION × ' +
          "STAGE × FUNDING_SOURCE × BUDGET_LEVEL × ACTIVITY × DETAIL × SOURCE), over the limit of 50,000 " +
          "rows per analysis (the server's KC_MAX_RESULT_ROWS). Narrow the query: group by fewer dimensions, add " +
          "a filter (areas, years, stages, funding sources), shorten from–to, ask for fewer fields or aliases, " +
          "or page facts with limit and offset.",
        extensions: { code: "QUERY_TOO_LARGE", estimatedRows: 155_232, limitRows: 50_000 },
      },
    ]);
    expect(server.logs).toContain('warning: Refused "a" (trend): about 155232 rows (limit 50000).');
  });

  it("lets the same trend through once a filter narrows it: the estimate counts what the filter lists", async () => {
    const answer = await post(
      server,
      `{ ${WIDEST.replace(")", ', filter: { areas: ["hanoi"] })')} { series { keys { value } } } }`,
    );
    expect(answer.status).toBe(200);
    const data = JSON.parse(answer.text) as { data: { trend: { series: unknown[] } } };
    expect(data.data.trend.series).toHaveLength(22 * 2 * 4);
  });

  it("counts every alias: four aliases of a trend each allowed alone are refused together", async () => {
    const aliases = [0, 1, 2, 3].map((i) => `a${i}: ${LARGE} { ${FIELDS} }`).join(" ");
    const answer = await post(server, `{ ${aliases} }`);
    expect(answer.status).toBe(400);
    expect(errorsOf(answer)).toEqual([
      {
        message:
          'This request\'s 4 analyses would return about 133,056 rows together ("a0" (trend) 33,264, "a1" ' +
          '(trend) 33,264, "a2" (trend) 33,264, "a3" (trend) 33,264), over the limit of 100,000 rows per request ' +
          "(the server's KC_MAX_ESTIMATED_ROWS): each alias runs its analysis once more. Send the analyses in " +
          "several requests. Narrow the query: group by fewer dimensions, add a filter (areas, years, stages, " +
          "funding sources), shorten from–to, ask for fewer fields or aliases, or page facts with limit and offset.",
        extensions: { code: "QUERY_TOO_LARGE", estimatedRows: 133_056, limitRows: 100_000 },
      },
    ]);
    const one = await post(server, `{ ${LARGE} { series { keys { value } } } }`);
    expect(one.status).toBe(200);
    expect(
      (JSON.parse(one.text) as { data: { trend: { series: unknown[] } } }).data.trend.series,
    ).toHaveLength(2_772);
  });
});

describe("the cost estimate with variables", () => {
  it("estimates what variable defaults ask for: the widest trend written with defaults is refused the same way", async () => {
    const query =
      "query Wide($from: Int! = 2008, $to: Int = 2009, $groupBy: [Dimension!] = [ACTIVITY, AREA, BUDGET_LEVEL, " +
      `DETAIL, FUNDING_SOURCE, LEVEL, REGION, SOURCE, STAGE]) { a: trend(from: $from, to: $to, groupBy: $groupBy) { ${FIELDS} } }`;
    const answer = await post(server, query);
    expect(answer.status).toBe(400);
    expect(errorsOf(answer).map((e) => e.extensions)).toEqual([
      { code: "QUERY_TOO_LARGE", estimatedRows: 155_232, limitRows: 50_000 },
    ]);
  });

  it("estimates with the values sent over the defaults: the same operation narrowed by a variable runs", async () => {
    const query =
      'query Narrow($groupBy: [Dimension!] = [ACTIVITY, AREA, STAGE], $areas: [String!] = ["VN"]) ' +
      "{ trend(from: 2008, to: 2009, groupBy: $groupBy, filter: { areas: $areas }) { series { keys { value } } } }";
    const answer = await post(server, query, Infinity, { areas: ["hanoi"] });
    expect(answer.status).toBe(200);
    const data = JSON.parse(answer.text) as { data: { trend: { series: unknown[] } } };
    // Hà Nội's 22 activities × 4 stages, each split by funding source (a basis dimension of the trend).
    expect(data.data.trend.series).toHaveLength(22 * 4 * 2);
  });
});

describe("shaping in slices", () => {
  it("gives each series what a narrower query gives it: slices never mix the rows of two series", async () => {
    type Series = {
      keys: { dimension: string; value: string | null }[];
      points: { year: number; value: number | null }[];
    };
    const fields = "series { keys { dimension value } points { year value change index } cagr }";
    const read = async (query: string): Promise<Map<string, Series>> => {
      const answer = await post(server, `{ ${query} { ${fields} } }`);
      const series = (JSON.parse(answer.text) as { data: { trend: { series: Series[] } } }).data.trend.series;
      return new Map(series.map((s) => [JSON.stringify(s.keys), s]));
    };
    const wide = await read(LARGE);
    const narrow = await read(
      LARGE.replace("fundingSources", 'activities: ["D235-ARTISAN"], fundingSources'),
    );
    expect(wide.size).toBe(2_772);
    expect(narrow.size).toBe(63 * 2);
    for (const [keys, series] of narrow) expect(wide.get(keys)).toEqual(series);
  });
});

describe("time limits", () => {
  it("ends a request at KC_REQUEST_TIMEOUT_MS with REQUEST_TIMEOUT, shaping included", async () => {
    const timed = await startTestServer({
      warehousePath: warehouse.path,
      limits: { ...RAISED, requestTimeoutMs: 300 },
    });
    try {
      const answer = await post(timed, `{ wide: ${WIDER} { ${FIELDS} } }`);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({
        data: null,
        errors: [
          {
            message: "The request took longer than its time limit and was stopped. Ask for less data.",
            path: ["wide"],
            extensions: { code: "REQUEST_TIMEOUT" },
          },
        ],
      });
      // Without the limit this request takes seconds (shaping and writing 5,544 series).
      expect(answer.ms).toBeLessThan(2_000);
    } finally {
      await timed.close();
    }
  });

  it("stops an analysis at KC_QUERY_TIMEOUT_MS with QUERY_TIMEOUT, its whole resolver timed", async () => {
    const timed = await startTestServer({
      warehousePath: warehouse.path,
      limits: { ...RAISED, queryTimeoutMs: 300 },
    });
    try {
      const answer = await post(timed, `{ wide: ${WIDER} { ${FIELDS} } }`);
      expect(JSON.parse(answer.text)).toMatchObject({
        data: null,
        errors: [
          {
            message:
              'The analysis "trend" took longer than its time limit of 300 ms (the server\'s KC_QUERY_TIMEOUT_MS) ' +
              "and was stopped. Narrow it: group by fewer dimensions, add a filter or shorten from–to.",
            path: ["wide"],
            extensions: { code: "QUERY_TIMEOUT" },
          },
        ],
      });
      expect(answer.ms).toBeLessThan(2_000);
      // A stopped analysis is not kept: the same request with a fresh limit is computed again, and stopped again.
      const again = await post(timed, `{ wide: ${WIDER} { series { keys { value } } } }`);
      expect(errorsOf(again).map((e) => e.extensions?.code)).toEqual(["QUERY_TIMEOUT"]);
    } finally {
      await timed.close();
    }
  });
});

describe("the budget of rows in flight", () => {
  it("answers SERVER_BUSY (503, Retry-After) while large requests fill it, and serves again once they end", async () => {
    const busy = await startTestServer({
      warehousePath: warehouse.path,
      limits: { maxRowsInFlight: 50_000 },
    });
    try {
      const answers = await Promise.all([
        post(busy, `{ a: ${LARGE} { ${FIELDS} } }`),
        post(busy, `{ b: ${LARGE.replace("PLAN, ACTUAL", "ESTIMATED, ALLOCATED")} { ${FIELDS} } }`),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 503]);
      const refused = answers.find((a) => a.status === 503) as Answer;
      expect(refused.headers.get("retry-after")).toBe("2");
      expect(errorsOf(refused)).toEqual([
        {
          message:
            "The server is busy with other large analyses (about 33,264 rows in flight; this request would add " +
            "about 33,264, over the server's budget of 50,000, KC_MAX_ROWS_IN_FLIGHT). Retry in a few seconds, or " +
            "narrow the query to fewer than 5,000 rows, which never wait.",
          extensions: { code: "SERVER_BUSY" },
        },
      ]);
      const later = await post(
        busy,
        `{ b: ${LARGE.replace("PLAN, ACTUAL", "ESTIMATED, ALLOCATED")} { cagr: series { cagr } } }`,
      );
      expect(later.status).toBe(200);
    } finally {
      await busy.close();
    }
  });
});

describe("load: /health while the widest queries run", () => {
  it("keeps answering /health, never stalled for a second, while wide queries are refused or bounded", async () => {
    // The real server in a process of its own, as `npm start` runs it: the test's own work (sending, reading)
    // does not share its event loop. Two of the largest allowed requests fit in the budget of rows in flight at
    // once; the others are answered SERVER_BUSY.
    const child = await startApiServer({
      warehousePath: warehouse.path,
      dataDir: warehouse.dataDir,
      env: { KC_MAX_ROWS_IN_FLIGHT: "70000" },
      log: () => {},
    });
    const loaded = { url: new URL(".", child.graphqlUrl) };
    let running = true;
    /** /health answered over and over until `running` is false: the latency of each answer, in ms. */
    const probeHealth = async (): Promise<number[]> => {
      const latencies: number[] = [];
      while (running) {
        const started = performance.now();
        const response = await fetch(new URL("health", loaded.url));
        await response.text();
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return latencies.sort((a, b) => a - b);
    };
    const p99 = (sorted: ReadonlyArray<number>): number =>
      sorted[Math.floor(sorted.length * 0.99)] ?? Infinity;
    // The machine's own noise (tests share two cores): /health alone for a second.
    const idleProbe = probeHealth();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    running = false;
    const idle = await idleProbe;
    running = true;
    const probe = probeHealth();
    const rssBefore = rssOf(child.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(child.pid))), 20);
    const outcomes = new Map<string, number>();
    const count = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
    try {
      for (let round = 0; round < 3; round++) {
        // Four of the widest at once, and four of the largest allowed (33,264 estimated rows, 1.5 MB each).
        const widest = Array.from({ length: 4 }, () => post(loaded, `{ w: ${WIDEST} { ${FIELDS} } }`));
        const allowed = Array.from({ length: 4 }, (_, i) =>
          post(loaded, `{ r${round}q${i}: ${LARGE} { ${FIELDS} } }`, 2_000),
        );
        for (const answer of await Promise.all(widest)) {
          expect(errorsOf(answer).map((e) => e.extensions?.code)).toEqual(["QUERY_TOO_LARGE"]);
          count("widest refused");
        }
        for (const answer of await Promise.all(allowed)) {
          if (answer.status === 503) {
            expect(JSON.parse(answer.text)).toMatchObject({
              errors: [{ extensions: { code: "SERVER_BUSY" } }],
            });
            count("busy");
          } else {
            expect(answer.status).toBe(200);
            expect(answer.text.slice(0, 300)).toMatch(/^{"data":{"r/);
            count("served");
          }
        }
      }
    } finally {
      running = false;
      clearInterval(sampler);
      await child.stop();
    }
    const health = await probe;
    console.log(
      `/health under load: ${health.length} answers, p50 ${health[Math.floor(health.length / 2)]?.toFixed(1)} ms, ` +
        `p99 ${p99(health).toFixed(1)} ms, max ${health.at(-1)?.toFixed(1)} ms (alone: p99 ${p99(idle).toFixed(1)} ` +
        `ms); server RSS ${(rssBefore / 2 ** 20).toFixed(0)} → peak ${(rssPeak / 2 ** 20).toFixed(0)} MiB; ` +
        JSON.stringify(Object.fromEntries(outcomes)),
    );
    expect(outcomes.get("widest refused")).toBe(12);
    expect((outcomes.get("served") ?? 0) + (outcomes.get("busy") ?? 0)).toBe(12);
    expect(outcomes.get("busy") ?? 0).toBeGreaterThan(0);
    // Before the bounds, /health stalled for up to 3.3 s and a probe got ECONNRESET (a failed fetch fails this
    // test). The 50 ms p99 target is a speed target, measured side by side in bench/bounded-work.bench.ts
    // (BENCHMARKS.md, "Bounded work"), not asserted here on a shared machine; a stall of a second is a failure.
    expect(health.at(-1)).toBeLessThan(1_000 + p99(idle));
    expect(rssPeak - rssBefore).toBeLessThan(1024 * 2 ** 20);
  }, 60_000);
});

/** The resident memory of process `pid`, in bytes (Linux: /proc/<pid>/status). */
function rssOf(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kib ?? 0) * 1024;
}
