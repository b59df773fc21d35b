// `npm run bench -- http-cache [--connections 16] [--seconds 5] [--rounds 3] [--no-record]`: what HTTP caching
// and compression save. (1) First visits to / and /playground/ in headless Chromium: bytes on the wire and the
// same bodies decompressed. (2) Side by side in one run against the real server (src/server/main.ts, child
// process, published data): the floor `POST { __typename }`, POSTing a dashboard's trend, GETting it as a
// persisted query (200, full answer) and GETting it again with its ETag (304). Writes its section of BENCHMARKS.md.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { loadTrustedDocuments } from "../src/server/trusted-documents.js";
import { loadStats, type LoadStats } from "./api-load.js";
import { startApiServer } from "./api-server.js";
import { ensurePublishedWarehouse } from "./api-warehouses.js";
import { replaceBenchmarkSection } from "./benchmarks-md.js";
import { measureFirstVisits, type FirstVisit } from "./first-visit.js";
import { machineInfo } from "./machine.js";

const ROOT = new URL("../", import.meta.url).pathname;
const log = (line: string): void => console.error(line);

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${name} takes a whole number above 0, not "${process.argv[at + 1] ?? ""}".`);
    process.exit(2);
  }
  return value;
}

const connections = option("connections", 16);
const seconds = option("seconds", 5);
const rounds = option("rounds", 3);
const record = !process.argv.includes("--no-record");

/** The dashboard's request: the trusted NorthPlanTrend (schema/operations/trend.graphql) over 2021–2025. */
const OPERATION = "NorthPlanTrend";
const VARIABLES = { from: 2021, to: 2025, baseYear: 2021 };

interface Phase {
  readonly name: string;
  readonly method: "GET" | "POST";
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly expectStatus: number;
}

/** `phase` from `connections` keep-alive connections for `seconds`; any other status counts as a failure. */
async function load(phase: Phase): Promise<LoadStats> {
  const latencies: number[] = [];
  let wrongStatus = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: phase.url,
        method: phase.method,
        headers: phase.headers,
        ...(phase.body === undefined ? {} : { body: phase.body }),
        connections,
        duration: seconds,
        timeout: 120,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === phase.expectStatus) latencies.push(responseTime);
      else wrongStatus++;
    });
  });
  return loadStats(latencies, result.duration, wrongStatus + result.errors + result.timeouts);
}

async function main(): Promise<void> {
  const machine = machineInfo();
  if (!existsSync(join(ROOT, "src/web/dist/index.html"))) {
    log("src/web/dist is missing: running `npm run build:web`.");
    const build = spawnSync("npm", ["run", "--silent", "build:web"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) process.exit(1);
  }
  const built = await ensurePublishedWarehouse({ rebuild: false, log });
  if (!built.ok) throw new Error(built.error);
  const trusted = await loadTrustedDocuments();
  const [hash, document] = [...trusted].find(([, d]) => new RegExp(`query ${OPERATION}\\b`).test(d)) ?? [];
  if (hash === undefined || document === undefined) {
    throw new Error(`No trusted document holds ${OPERATION}: run \`npm run codegen\`.`);
  }

  const server = await startApiServer({
    warehousePath: built.warehouse.path,
    dataDir: built.warehouse.dataDir,
    log,
  });
  let visits: FirstVisit[];
  const stats = new Map<string, LoadStats[]>();
  try {
    const graphqlUrl = server.graphqlUrl;
    const base = new URL("/", graphqlUrl);
    visits = await measureFirstVisits(base, ["/", "/playground/"]);

    const getUrl = new URL(graphqlUrl);
    getUrl.searchParams.set(
      "extensions",
      JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }),
    );
    getUrl.searchParams.set("variables", JSON.stringify(VARIABLES));
    const dashboard = {
      "apollo-require-preflight": "true",
      accept: "application/json",
      "accept-encoding": "br",
    };
    const first = await fetch(getUrl, { headers: dashboard });
    const etag = first.headers.get("etag");
    if (first.status !== 200 || etag === null)
      throw new Error(`The persisted GET answered ${first.status} without an ETag.`);
    const post = { "content-type": "application/json", accept: "application/json", "accept-encoding": "br" };
    const phases: Phase[] = [
      {
        name: "floor: POST `{ __typename }`",
        method: "POST",
        url: graphqlUrl,
        headers: post,
        body: JSON.stringify({ query: "query Floor { __typename }" }),
        expectStatus: 200,
      },
      {
        name: `POST ${OPERATION} (the document in the body)`,
        method: "POST",
        url: graphqlUrl,
        headers: post,
        body: JSON.stringify({ query: document, variables: VARIABLES }),
        expectStatus: 200,
      },
      {
        name: `GET ${OPERATION} by hash: 200`,
        method: "GET",
        url: getUrl.href,
        headers: dashboard,
        expectStatus: 200,
      },
      {
        name: `GET ${OPERATION} by hash + If-None-Match: 304`,
        method: "GET",
        url: getUrl.href,
        headers: { ...dashboard, "if-none-match": etag },
        expectStatus: 304,
      },
    ];
    for (let round = 0; round < rounds; round++) {
      // Alternate the order, so neither phase always runs on a warmer (or busier) machine.
      const order = round % 2 === 0 ? phases : [...phases].reverse();
      for (const phase of order) {
        const result = await load(phase);
        log(`${phase.name}: ${result.perSecond.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms`);
        stats.set(phase.name, [...(stats.get(phase.name) ?? []), result]);
      }
    }
  } finally {
    await server.stop();
  }

  // The best round of each: on a shared machine the other rounds measure the neighbours' load too.
  const rows = [...stats].map(([name, list]) => {
    const best = list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    return {
      name,
      perSecond: best.perSecond,
      p50: best.p50Ms,
      p99: best.p99Ms,
      failures: list.reduce((s, v) => s + v.failures, 0),
    };
  });
  const floor = rows[0]!;
  const kB = (bytes: number): string =>
    `${(bytes / 1000).toLocaleString("en", { maximumFractionDigits: 1 })} kB`;
  const body = [
    `Run ${new Date().toISOString().slice(0, 10)} on ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB,`,
    `${machine.os}, Node ${machine.node}; load average ${machine.loadAverage} at the start. Published data,`,
    `result cache on (the default), ${connections} connections, ${seconds} s per phase, ${rounds} rounds in`,
    "alternating order (the best round of each shown). Server: `src/server/main.ts` as `npm start` runs it, NODE_ENV=production.",
    "",
    "First visits (headless Chromium, cache off, until the network is idle):",
    "",
    "| page | requests | on the wire (brotli) | the same bodies uncompressed |",
    "|---|---:|---:|---:|",
    ...visits.map(
      (v) => `| \`${v.path}\` | ${v.requests} | ${kB(v.transferredBytes)} | ${kB(v.decodedBytes)} |`,
    ),
    "",
    `A dashboard's request (\`${OPERATION}\`, variables \`${JSON.stringify(VARIABLES)}\`), side by side:`,
    "",
    "| request | req/s | p50 ms | p99 ms | time ÷ floor (p50) | failures |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ` +
        `${(r.p50 / floor.p50).toFixed(2)}× | ${r.failures} |`,
    ),
  ].join("\n");
  console.log(body);
  if (record) {
    await replaceBenchmarkSection(
      join(ROOT, "BENCHMARKS.md"),
      "http-cache",
      "HTTP caching and first visits",
      body,
    );
    log("BENCHMARKS.md: section http-cache written.");
  }
}

await main();
