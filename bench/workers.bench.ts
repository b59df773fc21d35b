// `npm run bench -- workers [--seconds S] [--connections C]`: requests per second of `npm start` with 1 and with
// 2 workers (src/server/worker-cluster.ts) side by side, cache off, the `trend` of the published data
// (NorthPlanTrend from schema/operations/trend.graphql, POSTed). Both servers run throughout, on one warehouse
// the ETL builds from data/ first; the windows alternate 1, 2, 2, 1 so that a busy shared machine weighs on both
// alike. Writes its measured part of BENCHMARKS.md ("Workers and replicas") unless --no-record; the reasoning
// after it (scaling per core and per machine) is written by hand from those figures.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runEtl } from "../etl/run-etl.js";
import { httpLoad, postOnce, type LoadStats } from "./api-load.js";
import { replaceBenchmarkSection } from "./benchmarks-md.js";
import { machineInfo } from "./machine.js";

const ROOT = new URL("../", import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "32" },
    "no-record": { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const PORTS = { 1: 4691, 2: 4692 } as const;

const loadAtStart = machineInfo().loadAverage;
const startedAt = new Date();
const dir = await mkdtemp(join(tmpdir(), "kc-bench-workers-"));
const dbPath = join(dir, "khuyen-cong.duckdb");
const built = await runEtl({ dataDir: join(ROOT, "data"), dbPath });
if (built.status !== "succeeded") throw new Error("The ETL could not build the published data.");

const operations = await readFile(join(ROOT, "schema/operations/trend.graphql"), "utf8");
const from = operations.indexOf("query NorthPlanTrend");
const query = operations.slice(from, operations.indexOf("\n}\n", from) + 2);
const body = JSON.stringify({ query, operationName: "NorthPlanTrend" });

function start(workers: 1 | 2): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/server/main.ts",
      "--workers",
      String(workers),
      "--port",
      String(PORTS[workers]),
      "--db",
      dbPath,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        UV_THREADPOOL_SIZE: "16",
        KC_POOL_SIZE: "4",
        KC_RESULT_CACHE_ENTRIES: "0",
        KC_ADMIN_TOKEN: "bench-admin-token-0000",
        KC_WRITE_TOKEN: "bench-write-token-0000",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (/Health: /.test(text)) resolve(child);
    });
    child.once("exit", (code) =>
      reject(new Error(`The ${workers}-worker server exited with ${code}:\n${text}`)),
    );
  });
}

const servers = [await start(1), await start(2)];
const results: Record<1 | 2, LoadStats[]> = { 1: [], 2: [] };
try {
  for (const workers of [1, 2] as const) {
    const url = `http://127.0.0.1:${PORTS[workers]}/graphql`;
    const first = await postOnce(url, body);
    if (first.status !== 200 || first.text.includes('"errors"'))
      throw new Error(`NorthPlanTrend failed on ${workers} worker(s): ${first.text}`);
  }
  const expectBody = (await postOnce(`http://127.0.0.1:${PORTS[1]}/graphql`, body)).text;
  for (const workers of [1, 2, 2, 1] as const) {
    const url = `http://127.0.0.1:${PORTS[workers]}/graphql`;
    await httpLoad({ url, body, expectBody, connections, seconds: 3 }); // warm-up
    results[workers].push(await httpLoad({ url, body, expectBody, connections, seconds }));
  }
} finally {
  for (const server of servers) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
}

const machine = machineInfo();
const summary = ([1, 2] as const).map((workers) => {
  const runs = results[workers];
  const perSecond = runs.reduce((sum, r) => sum + r.perSecond, 0) / runs.length;
  const p50 = runs.reduce((sum, r) => sum + r.p50Ms, 0) / runs.length;
  const p99 = Math.max(...runs.map((r) => r.p99Ms));
  const failures = runs.reduce((sum, r) => sum + r.failures, 0);
  return {
    workers,
    perSecond,
    p50,
    p99,
    failures,
    windows: runs.map((r) => r.perSecond.toFixed(0)).join(", "),
  };
});
const ratio = summary[1]!.perSecond / summary[0]!.perSecond;
const table = [
  "| workers | req/s (mean of 2 windows) | windows | p50 ms | p99 ms | failed |",
  "|---|---:|---|---:|---:|---:|",
  ...summary.map(
    (s) =>
      `| ${s.workers} | ${s.perSecond.toFixed(0)} | ${s.windows} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.failures} |`,
  ),
].join("\n");
const section = `Last run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, Node ${machine.node}, @duckdb/node-api ${machine.duckdbNodeApi}; load average ${loadAtStart} at the start, ${machine.loadAverage} at the end (a shared machine).

\`npm start\` with 1 worker and with \`--workers 2\` (node:cluster, src/server/worker-cluster.ts) both running throughout on one warehouse built from data/, cache off (NODE_ENV=production, UV_THREADPOOL_SIZE=16, KC_POOL_SIZE=4, KC_RESULT_CACHE_ENTRIES=0), POSTing \`NorthPlanTrend\` (the \`trend\` of the published data) from ${connections} keep-alive connections with autocannon in the benchmark process on the same cores; ${seconds} s windows after 3 s of warm-up, alternating 1, 2, 2, 1; every answer checked byte for byte against the first.

${table}

2 workers ÷ 1 worker: **${ratio.toFixed(2)}×**.`;
console.log(`\n${section}\n`);
if (!values["no-record"])
  await replaceBenchmarkSection(join(ROOT, "BENCHMARKS.md"), "workers", "Workers and replicas", section);
