import type { ApiDataset, ApiOperationKind } from "./api-operations.js";
import type { LoadStats } from "./api-load.js";
import type { MachineInfo } from "./machine.js";

/** One operation at one connection count: over HTTP, and its SQL alone in one process. */
export interface ApiMeasurement {
  readonly kind: ApiOperationKind;
  readonly connections: number;
  readonly http: LoadStats;
  /** @duckdb/node-api alone; null for the floor (it runs no SQL). */
  readonly duckdb: LoadStats | null;
  /** Our warehouse layer (Kysely dialect + value conversion); null for the floor. */
  readonly kysely: LoadStats | null;
}

export interface ApiDatasetResult {
  readonly dataset: ApiDataset;
  readonly warehousePath: string;
  readonly factRows: number;
  /** Why this dataset is not what was asked (the 10M load failed and 1M was used), or null. */
  readonly note: string | null;
  readonly operations: ReadonlyArray<{
    readonly kind: ApiOperationKind;
    readonly description: string;
    readonly responseBytes: number;
    /** The statements one request runs, and the rows each returns. */
    readonly statements: ReadonlyArray<{ readonly rows: number; readonly sqlChars: number }>;
  }>;
  readonly measurements: ReadonlyArray<ApiMeasurement>;
}

export interface ApiBenchReport {
  readonly machine: MachineInfo;
  readonly duckdb: { readonly version: string; readonly threads: number; readonly memoryLimit: string };
  readonly serverEnv: Readonly<Record<string, string>>;
  readonly started: Date;
  readonly finished: Date;
  readonly seconds: number;
  readonly loadAverageEnd: number;
  readonly results: ReadonlyArray<ApiDatasetResult>;
  /** Datasets that were asked for but not measured, with why. */
  readonly notMeasured: ReadonlyArray<string>;
}

/** The limits the issue sets (issue 3, "Benchmark"). */
export const TARGETS = Object.freeze({ maxSqlRatio: 1.5, minTrendRps: 1000, trendConnections: 16 });

const int = (n: number): string => Math.round(n).toLocaleString("en");
const ms = (n: number): string => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const x = (n: number): string => `${n.toFixed(2)}×`;

/** GraphQL end to end over the plain SQL: p50 latency ratio, and time per request (SQL q/s ÷ GraphQL req/s). */
export function sqlRatios(m: ApiMeasurement): { latency: number; throughput: number } | null {
  if (m.duckdb === null) return null;
  return { latency: m.http.p50Ms / m.duckdb.p50Ms, throughput: m.duckdb.perSecond / m.http.perSecond };
}

function floorOf(r: ApiDatasetResult, connections: number): ApiMeasurement | undefined {
  return r.measurements.find((m) => m.kind === "floor" && m.connections === connections);
}

/** Whether each target is met, with the measurements that miss it. */
export function targetVerdicts(
  report: ApiBenchReport,
): ReadonlyArray<{ target: string; met: boolean; detail: string }> {
  const verdicts: { target: string; met: boolean; detail: string }[] = [];
  const synthetic = report.results.find((r) => r.dataset === "synthetic");
  if (synthetic !== undefined) {
    const misses: string[] = [];
    let worst = 0;
    for (const m of synthetic.measurements) {
      const ratio = sqlRatios(m);
      if (ratio === null) continue;
      worst = Math.max(worst, ratio.latency, ratio.throughput);
      if (ratio.latency > TARGETS.maxSqlRatio || ratio.throughput > TARGETS.maxSqlRatio) {
        misses.push(
          `${m.kind} at ${m.connections}: ${x(ratio.latency)} p50, ${x(ratio.throughput)} time per request`,
        );
      }
    }
    verdicts.push({
      target: `${int(synthetic.factRows)} synthetic rows: GraphQL end to end within ${TARGETS.maxSqlRatio}× of the plain SQL (p50 latency and time per request, every analysis and connection count)`,
      met: misses.length === 0,
      detail:
        misses.length === 0
          ? `worst ratio ${x(worst)}${synthetic.note === null ? "" : ` (${synthetic.note})`}`
          : `missed by ${misses.join("; ")}${synthetic.note === null ? "" : ` (${synthetic.note})`}`,
    });
  }
  const published = report.results.find((r) => r.dataset === "published");
  const trend = published?.measurements.find(
    (m) => m.kind === "trend" && m.connections === TARGETS.trendConnections,
  );
  if (trend !== undefined) {
    verdicts.push({
      target: `published data: at least ${int(TARGETS.minTrendRps)} requests/s for \`trend\` at ${TARGETS.trendConnections} connections`,
      met: trend.http.perSecond >= TARGETS.minTrendRps,
      detail: `${int(trend.http.perSecond)} req/s (p50 ${ms(trend.http.p50Ms)} ms)`,
    });
  }
  return verdicts;
}

function datasetTable(r: ApiDatasetResult): string {
  const lines = [
    "| operation | conns | GraphQL req/s | p50 ms | p99 ms | SQL q/s | p50 ms | p99 ms | layer q/s | layer p50 ms | GraphQL ÷ SQL p50 | ÷ SQL time/req | GraphQL ÷ floor p50 | ÷ floor time/req |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const m of r.measurements) {
    const ratio = sqlRatios(m);
    const floor = floorOf(r, m.connections);
    const vsFloor =
      m.kind === "floor" || floor === undefined
        ? ["", ""]
        : [x(m.http.p50Ms / floor.http.p50Ms), x(floor.http.perSecond / m.http.perSecond)];
    const failed = m.http.failures > 0 ? ` (${int(m.http.failures)} failed)` : "";
    lines.push(
      `| ${m.kind === "floor" ? "floor `{ __typename }`" : `\`${m.kind}\``} | ${m.connections} | ${int(m.http.perSecond)}${failed} | ${ms(m.http.p50Ms)} | ${ms(m.http.p99Ms)} | ` +
        (m.duckdb === null
          ? "— | — | — | "
          : `${int(m.duckdb.perSecond)} | ${ms(m.duckdb.p50Ms)} | ${ms(m.duckdb.p99Ms)} | `) +
        (m.kysely === null ? "— | — | " : `${int(m.kysely.perSecond)} | ${ms(m.kysely.p50Ms)} | `) +
        (ratio === null ? "— | — | " : `**${x(ratio.latency)}** | **${x(ratio.throughput)}** | `) +
        `${vsFloor[0]} | ${vsFloor[1]} |`,
    );
  }
  return lines.join("\n");
}

/** The "GraphQL API latency and throughput" section of BENCHMARKS.md. */
export function formatApiSection(report: ApiBenchReport): string {
  const { machine } = report;
  const stamp = (d: Date): string => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const out: string[] = [
    `Last run ${stamp(report.started)} to ${stamp(report.finished)} on ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, ${machine.os}; Node ${machine.node}; DuckDB ${report.duckdb.version} (@duckdb/node-api ${machine.duckdbNodeApi}; threads ${report.duckdb.threads}, memory_limit ${report.duckdb.memoryLimit}). Load average ${machine.loadAverage} at start, ${report.loadAverageEnd} at the end (a shared machine). ${report.seconds} s per measurement.`,
    "",
    `The server is src/server/main.ts in a child process (${Object.entries(report.serverEnv)
      .filter(([k]) => k !== "KC_ADMIN_TOKEN")
      .map(([k, v]) => `${k}=${v}`)
      .join(
        ", ",
      )}, the warehouse read-only), driven by autocannon 9 (POST /graphql JSON, keep-alive) from the benchmark process on the same 2 cores. Every response is checked against the first one (same snapshot, same body). **SQL** is the statements the resolver runs (captured by executing the operation in process on a recording Kysely), run with @duckdb/node-api alone (prepare, bind, runAndReadAll, rows as JS objects) on the same pool of 4 connections, with as many requests in flight as the HTTP run has connections, in a process of its own with the same UV_THREADPOOL_SIZE; a trend request is two statements run in parallel, as the resolver runs them. **layer** is the same through our warehouse layer (\`db.executeQuery\`: Kysely dialect, query timeout, DuckDB value conversion). Each HTTP measurement runs beside its SQL ones, alternating which goes first. Ratios: **GraphQL ÷ SQL p50** is the median latency ratio; **÷ SQL time/req** is SQL q/s ÷ GraphQL req/s (the time per request, inverse throughput); the same against the floor.`,
    "",
    "Targets (issue 3):",
    ...targetVerdicts(report).map((v) => `- ${v.met ? "**met**" : "**not met**"}: ${v.target}: ${v.detail}.`),
    ...report.notMeasured.map((why) => `- **not measured**: ${why}.`),
  ];
  for (const r of report.results) {
    out.push(
      "",
      `### ${r.dataset === "published" ? "Published data" : "Synthetic data"}: ${int(r.factRows)} funding facts`,
      "",
      `Warehouse \`${r.warehousePath.replace(/^.*\/bench\//, "bench/")}\`.${r.note === null ? "" : ` **${r.note}**`}`,
      "",
      ...r.operations.map(
        (o) =>
          `- \`${o.kind}\`: ${o.description}; response ${int(o.responseBytes)} bytes` +
          (o.statements.length === 0
            ? "."
            : `; ${o.statements.length} statement(s) per request returning ${o.statements.map((s) => int(s.rows)).join(" + ")} rows.`),
      ),
      "",
      datasetTable(r),
    );
  }
  out.push("", "Raw numbers: bench/out/api-results.json.");
  return out.join("\n");
}
