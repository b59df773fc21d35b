import type { MachineInfo } from "./machine.js";
import { READ_CSV_COLUMNS } from "./read-csv-baseline.js";
import type { SpawnedPhase } from "./spawn-phase.js";

export interface SizeResult {
  readonly rows: number;
  readonly files: number;
  readonly bytes: number;
  readonly etl: ReadonlyArray<SpawnedPhase>;
  readonly readCsv: ReadonlyArray<SpawnedPhase>;
}

export interface EtlBenchReport {
  readonly machine: MachineInfo;
  readonly started: Date;
  readonly finished: Date;
  readonly seed: number;
  readonly repeat: number;
  readonly timeoutMs: number;
  readonly results: ReadonlyArray<SizeResult>;
}

const int = (n: number): string => Math.round(n).toLocaleString("en");
const mib = (bytes: number): string => `${int(bytes / 2 ** 20)} MiB`;
const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
const stamp = (d: Date): string => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const peak = (p: SpawnedPhase): number => Math.max(p.result?.peakRssBytes ?? 0, p.polledPeakRssBytes);
const succeeded = (runs: ReadonlyArray<SpawnedPhase>): SpawnedPhase[] =>
  runs.filter((p) => p.result?.ok === true);

interface Summary {
  readonly seconds: number | null;
  readonly peakBytes: number;
  readonly note: string;
}

function summarize(runs: ReadonlyArray<SpawnedPhase>, rows: number, timeoutMs: number): Summary {
  const ok = succeeded(runs).filter((p) => p.result?.rows === rows);
  const peakBytes = Math.max(0, ...runs.map(peak));
  if (ok.length > 0) {
    const times = ok.map((p) => p.result?.seconds ?? NaN);
    return { seconds: median(times), peakBytes, note: ok.length > 1 ? `median of ${ok.length}` : "" };
  }
  const first = runs[0];
  if (first === undefined) return { seconds: null, peakBytes, note: "not run" };
  if (first.timedOut) {
    const last = first.lastLines.filter((l) => !/timed out/.test(l)).at(-1) ?? "";
    return {
      seconds: null,
      peakBytes,
      note: `did not finish in ${int(timeoutMs / 60_000)} min; last progress: ${last.trim().slice(0, 160)}`,
    };
  }
  const r = first.result;
  if (r !== null && r.ok)
    return { seconds: null, peakBytes, note: `loaded ${int(r.rows)} of ${int(rows)} rows` };
  const error =
    (r?.errors[0] ?? first.lastLines.at(-1) ?? `exit ${String(first.exitCode)}`).split("\n")[0] ?? "";
  const after = r === null ? first.wallSeconds : r.seconds;
  return {
    seconds: null,
    peakBytes,
    note: `failed after ${after.toFixed(0)} s: ${error.replaceAll("|", "\\|").slice(0, 200)}`,
  };
}

function stagesLine(size: SizeResult): string | null {
  const run = succeeded(size.etl)[0] ?? size.etl[0];
  const stages = run?.result?.detail["stages"] as ReadonlyArray<{ name: string; ms: number }> | undefined;
  if (stages === undefined || stages.length === 0) return null;
  const staged = stages.reduce((sum, s) => sum + s.ms / 1000, 0);
  const total = run?.result?.seconds ?? staged;
  return (
    `- ${int(size.rows)} rows: ${stages.map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)} s`).join(", ")}` +
    `; outside the reported stages ${(total - staged).toFixed(1)} s (of ${total.toFixed(1)} s)`
  );
}

/** The body of the BENCHMARKS.md section: machine, the table with the ratio, the ETL's stage times. */
export function formatEtlSection(report: EtlBenchReport): string {
  const { machine } = report;
  const duckdb = report.results
    .flatMap((s) => s.readCsv)
    .map((p) => p.result?.detail)
    .find((d) => d !== undefined && typeof d["version"] === "string");
  const lines = [
    `Last run ${stamp(report.started)} to ${stamp(report.finished)} on ${machine.cpu}, ${machine.cores} cores, ` +
      `${machine.ramGiB} GiB RAM, ${machine.os}; Node ${machine.node}; DuckDB ${String(duckdb?.["version"] ?? "?")} ` +
      `(@duckdb/node-api ${machine.duckdbNodeApi}; threads ${String(duckdb?.["threads"] ?? "?")}, ` +
      `memory_limit ${String(duckdb?.["memory_limit"] ?? "?")} for read_csv, 6GB for the ETL's snapshot build). ` +
      `Load average at start ${machine.loadAverage} (a shared machine). Synthetic seed ${report.seed}; ` +
      `${report.repeat} run(s) per loader and size, alternating which goes first, each in a fresh Node process.`,
    "",
    "| rows | input | loader | seconds | rows/s | peak RSS | ETL ÷ read_csv |",
    "|---:|---|---|---:|---:|---:|---|",
  ];
  for (const size of report.results) {
    const etl = summarize(size.etl, size.rows, report.timeoutMs);
    const base = summarize(size.readCsv, size.rows, report.timeoutMs);
    const ratio =
      etl.seconds !== null && base.seconds !== null
        ? `**${(etl.seconds / base.seconds).toFixed(1)}×** the time (${((100 * base.seconds) / etl.seconds).toFixed(1)}% of the rows/s)`
        : etl.seconds === null && base.seconds !== null && size.etl[0]?.timedOut === true
          ? `> ${int(report.timeoutMs / 1000 / base.seconds)}× the time`
          : "n/a";
    const input = `${size.files} file(s), ${int(size.bytes / 1e6)} MB`;
    const row = (name: string, s: Summary, last: string): string =>
      `| ${int(size.rows)} | ${input} | ${name} | ${s.seconds === null ? "—" : s.seconds.toFixed(1)} | ` +
      `${s.seconds === null ? "—" : int(size.rows / s.seconds)} | ${mib(s.peakBytes)} | ${last}` +
      `${s.note === "" ? "" : `${last === "" ? "" : "; "}${s.note}`} |`;
    lines.push(row("DuckDB `read_csv` → table", base, ""));
    lines.push(row("ETL `runEtl`", etl, ratio));
  }
  const stages = report.results.map(stagesLine).filter((l): l is string => l !== null);
  if (stages.length > 0) lines.push("", "ETL stage times (from its report):", ...stages);
  lines.push(
    "",
    "The read_csv baseline is `CREATE TABLE funding AS SELECT * FROM read_csv('<dir>/funding-synthetic-*.csv', " +
      `header = true, columns = {${Object.entries(READ_CSV_COLUMNS)
        .map(([k, v]) => `'${k}': '${v}'`)
        .join(", ")}})` +
      "` then `CHECKPOINT`, into a fresh file. Peak RSS is the process's high-water mark, including Node, tsx and " +
      "DuckDB's library (about 100 MiB before any work). Raw numbers: bench/out/etl-results.json.",
    "",
    "The data (etl/synthetic): one synthetic source, a register of projects (đề án); every row is its own " +
      "project's figure (unique `project` code) over the 63 provinces × 2008–2025 × 22 activities × " +
      "national/local × plan/allocated/estimated/actual, so nothing is restated: no duplicates, no " +
      "disagreements, and the identity checks find no shared key. Stage times: the inputs are hashed in a " +
      "worker thread during transform-load (etl/extract/hash-files.ts); publish includes the run history, " +
      "CHECKPOINT and the rename.",
  );
  return lines.join("\n");
}
