// GraphQL API latency and throughput: trend, share and compare over HTTP (autocannon) on two servers, the result
// cache off (KC_RESULT_CACHE_ENTRIES=0) and on (the default), beside the same SQL run alone, and beside a
// constant query (the framework's floor), on the published data and a synthetic warehouse.
//   npm run bench -- api [--duration 10] [--connections 1,16,64] [--datasets published,synthetic]
//                        [--operations trend,share,compare,floor] [--rows 10M]
//                        [--fallback-rows 1M] [--seed 1] [--rebuild] [--cpu-prof] [--no-record]
// See bench/README.md. Writes the "GraphQL API latency and throughput" section of BENCHMARKS.md and
// bench/out/api-results.json.
import { mkdir, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseCount } from "../etl/synthetic/index.js";
import {
  formatApiSection,
  type ApiBenchReport,
  type ApiDatasetResult,
  type ApiMeasurement,
  CACHE_MODE_LABEL,
  CACHE_MODES,
  type CacheMode,
} from "./api-bench-report.js";
import { httpLoad, postOnce } from "./api-load.js";
import { apiOperations, requestBody, type ApiDataset } from "./api-operations.js";
import { startApiServer, type ApiServer } from "./api-server.js";
import { startSqlBaseline, type SqlBaseline } from "./api-sql-baseline.js";
import {
  ensurePublishedWarehouse,
  ensureSyntheticWarehouse,
  rowsLabel,
  type BuildOutcome,
} from "./api-warehouses.js";
import { replaceBenchmarkSection } from "./benchmarks-md.js";
import { machineInfo } from "./machine.js";

const ROOT = new URL("../", import.meta.url).pathname;
const OUT = join(ROOT, "bench/out");
const log = (line: string): void => console.error(line);

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "1,16,64" },
    datasets: { type: "string", default: "published,synthetic" },
    operations: { type: "string", default: "trend,share,compare,floor" },
    rows: { type: "string", default: "10M" },
    "fallback-rows": { type: "string", default: "1M" },
    seed: { type: "string", default: "1" },
    "etl-timeout-min": { type: "string", default: "60" },
    rebuild: { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
    "no-record": { type: "boolean", default: false },
  },
});
const seconds = Number(values.duration);
const connectionCounts = values.connections.split(",").map(Number);
const datasets = values.datasets.split(",") as ApiDataset[];
const rows = parseCount(values.rows);
const fallbackRows = parseCount(values["fallback-rows"]);
const seed = Number(values.seed);
if (
  !(seconds > 0) ||
  connectionCounts.some((c) => !Number.isInteger(c) || c < 1) ||
  datasets.some((d) => d !== "published" && d !== "synthetic") ||
  rows === null ||
  fallbackRows === null ||
  !Number.isInteger(seed)
) {
  console.error(
    "Usage: npm run bench -- api [--duration S] [--connections 1,16,64] [--datasets published,synthetic] [--rows 10M] [--fallback-rows 1M] [--seed 1] [--rebuild] [--cpu-prof] [--no-record]",
  );
  process.exit(2);
}
const warmupSeconds = Math.min(3, Math.max(1, seconds / 4));

/** The warehouse for `dataset`; for synthetic, the fallback size when the asked size does not load. */
async function warehouseFor(dataset: ApiDataset): Promise<{ outcome: BuildOutcome; note: string | null }> {
  const options = { rebuild: values.rebuild, log };
  if (dataset === "published") return { outcome: await ensurePublishedWarehouse(options), note: null };
  const synthetic = { ...options, seed, timeoutMs: Number(values["etl-timeout-min"]) * 60_000 };
  const asked = await ensureSyntheticWarehouse(rows as number, synthetic);
  if (asked.ok || fallbackRows === rows) return { outcome: asked, note: null };
  log(`${asked.error}\nfalling back to ${rowsLabel(fallbackRows as number)} rows`);
  return {
    outcome: await ensureSyntheticWarehouse(fallbackRows as number, synthetic),
    note: `The ${rowsLabel(rows as number)}-row warehouse could not be built (${asked.error}); measured on ${rowsLabel(fallbackRows as number)} rows instead.`,
  };
}

/** One warehouse measured, with what the report says about the processes that measured it. */
interface MeasuredDataset {
  readonly result: ApiDatasetResult;
  readonly duckdb: ApiBenchReport["duckdb"];
  readonly serverEnv: ApiBenchReport["serverEnv"];
}

/** Every operation at every connection count on `dataset`'s warehouse; null when it could not be built. */
async function measureDataset(dataset: ApiDataset): Promise<MeasuredDataset | null> {
  const { outcome, note } = await warehouseFor(dataset);
  if (!outcome.ok) {
    log(`skipping ${dataset}: ${outcome.error}`);
    return null;
  }
  const warehousePath = outcome.warehouse.path;
  const kinds = values.operations.split(",");
  const operations = apiOperations(dataset).filter((o) => kinds.includes(o.kind));
  const profDir = join(OUT, "profiles");
  const servers = {} as Record<CacheMode, ApiServer>;
  const started: ApiServer[] = [];
  let sql: SqlBaseline | null = null;
  try {
    for (const mode of CACHE_MODES) {
      servers[mode] = await startApiServer({
        warehousePath,
        dataDir: outcome.warehouse.dataDir,
        // Off: KC_RESULT_CACHE_ENTRIES=0. On: the default, so a value the benchmark inherited is not passed on.
        env: { KC_RESULT_CACHE_ENTRIES: mode === "cacheOff" ? "0" : undefined },
        nodeFlags: values["cpu-prof"]
          ? [
              "--cpu-prof",
              "--cpu-prof-dir",
              profDir,
              "--cpu-prof-name",
              `api-server-${dataset}-${mode === "cacheOff" ? "cache-off" : "cache-on"}.cpuprofile`,
            ]
          : [],
        log,
      });
      started.push(servers[mode]);
      log(`[${dataset}] ${CACHE_MODE_LABEL[mode]}: pid ${servers[mode].pid} at ${servers[mode].graphqlUrl}`);
    }
    sql = await startSqlBaseline(warehousePath);
    log(`[${dataset}] capturing the SQL of each operation`);
    const captured = await sql.capture(operations);
    const expected = new Map<string, string>();
    const described: ApiDatasetResult["operations"][number][] = [];
    for (const operation of operations) {
      const firstRequestMs = {} as Record<CacheMode, number>;
      for (const mode of CACHE_MODES) {
        const t0 = performance.now();
        const { status, text } = await postOnce(servers[mode].graphqlUrl, requestBody(operation));
        firstRequestMs[mode] = performance.now() - t0;
        const body = JSON.parse(text) as { errors?: { message: string }[]; data?: unknown };
        if (status !== 200 || body.errors !== undefined || body.data == null) {
          throw new Error(
            `${operation.operationName} on ${dataset} (${CACHE_MODE_LABEL[mode]}) answered ${status}: ${text.slice(0, 500)}`,
          );
        }
        const first = expected.get(operation.kind);
        if (first === undefined) expected.set(operation.kind, text);
        else if (first !== text) {
          throw new Error(
            `${operation.operationName} on ${dataset}: ${CACHE_MODE_LABEL[mode]} answered otherwise than ${CACHE_MODE_LABEL.cacheOff}: ${describeDifference(first, text)}`,
          );
        }
      }
      const text = expected.get(operation.kind) ?? "";
      const statements = captured.queries[operation.kind] ?? [];
      described.push({
        kind: operation.kind,
        description: operation.description,
        responseBytes: Buffer.byteLength(text),
        firstRequestMs,
        statements: statements.map((s) => ({ rows: s.rows, sqlChars: s.sql.length })),
      });
      log(
        `  ${operation.kind}: ${Buffer.byteLength(text)} bytes; SQL rows ${statements.map((s) => s.rows).join(" + ") || "none"}; first request ${firstRequestMs.cacheOff.toFixed(1)} ms off, ${firstRequestMs.cacheOn.toFixed(1)} ms on`,
      );
    }
    const baseline = sql;
    // Warm every side (JIT, DuckDB's buffer pool, Apollo's document cache; the cache-on server's result cache
    // then holds each operation's result, as it does once a dashboard has loaded) before measuring.
    for (const operation of operations) {
      const body = requestBody(operation);
      for (const mode of CACHE_MODES) {
        await httpLoad({
          url: servers[mode].graphqlUrl,
          body,
          expectBody: expected.get(operation.kind) ?? "",
          connections: 16,
          seconds: warmupSeconds,
        });
        await postOnce(servers[mode].graphqlUrl, body);
      }
      if (operation.kind !== "floor") await baseline.run(operation.kind, "duckdb", 16, warmupSeconds);
    }
    const measurements: ApiMeasurement[] = [];
    let turn = 0;
    for (const operation of operations) {
      const body = requestBody(operation);
      for (const connections of connectionCounts) {
        const http = async (mode: CacheMode): ReturnType<typeof httpLoad> => {
          const stats = await httpLoad({
            url: servers[mode].graphqlUrl,
            body,
            expectBody: expected.get(operation.kind) ?? "",
            connections,
            seconds,
          });
          // autocannon stops at the deadline with requests still queued in the server; one more request of the
          // same kind waits behind them (the connection pool is FIFO), so the next measurement starts on an idle
          // server.
          await postOnce(servers[mode].graphqlUrl, body);
          return stats;
        };
        const plain = async (): Promise<Pick<ApiMeasurement, "duckdb" | "kysely">> =>
          operation.kind === "floor"
            ? { duckdb: null, kysely: null }
            : {
                duckdb: await baseline.run(operation.kind, "duckdb", connections, seconds),
                kysely: await baseline.run(operation.kind, "kysely", connections, seconds),
              };
        // Alternate the order (off, on, SQL / SQL, on, off), so that no side always runs on a cooler or warmer
        // machine.
        let m: ApiMeasurement;
        if (turn++ % 2 === 0) {
          const cacheOff = await http("cacheOff");
          const cacheOn = await http("cacheOn");
          m = { kind: operation.kind, connections, cacheOff, cacheOn, ...(await plain()) };
        } else {
          const p = await plain();
          const cacheOn = await http("cacheOn");
          m = { kind: operation.kind, connections, cacheOff: await http("cacheOff"), cacheOn, ...p };
        }
        measurements.push(m);
        for (const mode of CACHE_MODES) {
          if (m[mode].failures === 0) continue;
          const again = await postOnce(servers[mode].graphqlUrl, body);
          log(
            `  ${CACHE_MODE_LABEL[mode]}: ${m[mode].failures} failed (${m[mode].failureKinds ?? ""}); a response now: ${again.status}, ${describeDifference(expected.get(operation.kind) ?? "", again.text)}`,
          );
        }
        const line = (mode: CacheMode): string =>
          `${mode === "cacheOff" ? "off" : "on"} ${m[mode].perSecond.toFixed(0)} req/s p50 ${m[mode].p50Ms.toFixed(2)} p99 ${m[mode].p99Ms.toFixed(2)} ms` +
          (m[mode].failures > 0 ? ` (${m[mode].failures} FAILED)` : "");
        log(
          `  ${operation.kind} c=${connections}: ${line("cacheOff")}; ${line("cacheOn")}` +
            (m.duckdb === null
              ? ""
              : `; SQL ${m.duckdb.perSecond.toFixed(0)} q/s p50 ${m.duckdb.p50Ms.toFixed(2)} ms`) +
            (m.kysely === null
              ? ""
              : `; layer ${m.kysely.perSecond.toFixed(0)} q/s p50 ${m.kysely.p50Ms.toFixed(2)} ms`),
        );
      }
    }
    return {
      result: {
        dataset,
        warehousePath,
        factRows: captured.factRows,
        note,
        operations: described,
        measurements,
      },
      duckdb: {
        version: baseline.duckdbVersion,
        threads: baseline.threads,
        memoryLimit: baseline.memoryLimit,
      },
      serverEnv: { cacheOff: servers.cacheOff.env, cacheOn: servers.cacheOn.env },
    };
  } finally {
    await sql?.close();
    for (const server of started) await server.stop();
  }
}

/** Where `actual` first differs from `expected`, for the log. */
function describeDifference(expected: string, actual: string): string {
  if (expected === actual) return "the same as the first";
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  return `differs at byte ${i}: expected …${expected.slice(Math.max(0, i - 60), i + 60)}… got …${actual.slice(Math.max(0, i - 60), i + 60)}…`;
}

const machine = machineInfo();
const started = new Date();
log(
  `${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}, load ${machine.loadAverage}`,
);
const measured: MeasuredDataset[] = [];
const notMeasured: string[] = [];
for (const dataset of datasets) {
  try {
    const m = await measureDataset(dataset);
    if (m !== null) measured.push(m);
    else notMeasured.push(`${dataset}: its warehouse could not be built (see the log)`);
  } catch (error) {
    log(`${dataset} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    notMeasured.push(`${dataset}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
}
const finished = new Date();
const first = measured[0];
if (first === undefined) {
  console.error("Nothing was measured.");
  process.exit(1);
}
const report = {
  machine,
  duckdb: first.duckdb,
  serverEnv: first.serverEnv,
  started,
  finished,
  seconds,
  loadAverageEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  results: measured.map((m) => m.result),
  notMeasured,
};
await mkdir(OUT, { recursive: true });
await writeFile(join(OUT, "api-results.json"), `${JSON.stringify(report, null, 2)}\n`);
const section = formatApiSection(report);
console.log(section);
if (!values["no-record"]) {
  await replaceBenchmarkSection(
    join(ROOT, "BENCHMARKS.md"),
    "api",
    "GraphQL API latency and throughput",
    section,
  );
  log("updated BENCHMARKS.md (section GraphQL API latency and throughput)");
}
