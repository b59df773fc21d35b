import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { parseIssues, parseRowsPerTable, type EtlRunRecord } from "../analytics/catalog/index.js";

export interface EtlProcessOptions {
  readonly projectRoot: string;
  readonly dataDir: string;
  readonly dbPath: string;
  /** Each progress line the ETL prints on stderr. */
  readonly onProgress?: (line: string) => void;
}

export interface EtlProcessResult {
  readonly exitCode: number | null;
  /** The report the CLI printed as JSON on its last stdout line; null if it printed none (it crashed). */
  readonly report: EtlRunRecord | null;
  /** The last stderr lines, for a failure message. */
  readonly stderrTail: ReadonlyArray<string>;
}

const STDERR_TAIL_LINES = 20;

/**
 * Runs the ETL CLI in a child process (`node --import tsx etl/cli.ts --data … --db … --json`), never in
 * process: the load is CPU and I/O heavy and the server's event loop must keep answering. The CLI builds a
 * new file and renames it over `dbPath` atomically, so a served read-only snapshot of `dbPath` keeps reading
 * the old file. Never rejects: a crash gives `report: null` and the stderr tail.
 */
export function runEtlProcess(options: EtlProcessOptions): Promise<EtlProcessResult> {
  return new Promise((resolveResult) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "etl/cli.ts", "--data", options.dataDir, "--db", options.dbPath, "--json"],
      { cwd: options.projectRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    let lastLine = "";
    const tail: string[] = [];
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.trim() !== "") lastLine = line;
    });
    createInterface({ input: child.stderr }).on("line", (line) => {
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
      options.onProgress?.(line);
    });
    let settled = false;
    const finish = (exitCode: number | null): void => {
      if (settled) return;
      settled = true;
      resolveResult({ exitCode, report: parseReport(lastLine), stderrTail: tail });
    };
    child.on("error", (error) => {
      tail.push(`Could not start the ETL: ${error.message}`);
      finish(null);
    });
    child.on("close", (code) => finish(code));
  });
}

/** The EtlReport JSON of the CLI's last stdout line, parsed at this boundary; null if it is not one. */
export function parseReport(line: string): EtlRunRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const r = value as Record<string, unknown>;
  if (typeof r.runId !== "string" || (r.status !== "succeeded" && r.status !== "failed")) return null;
  const inputFiles = Array.isArray(r.inputFiles) ? r.inputFiles : [];
  return {
    runId: r.runId,
    status: r.status,
    startedAt: toDate(r.startedAt),
    finishedAt: toDate(r.finishedAt),
    dataDir: typeof r.dataDir === "string" ? r.dataDir : "",
    snapshotHash: typeof r.snapshotHash === "string" ? r.snapshotHash : null,
    rowsPerTable: parseRowsPerTable(r.rowsPerTable),
    inputFiles: inputFiles
      .filter((f): f is Record<string, unknown> => typeof f === "object" && f !== null)
      .map((f) => ({
        path: String(f.path ?? ""),
        sha256: String(f.sha256 ?? ""),
        bytes: typeof f.bytes === "number" ? f.bytes : 0,
        rows: typeof f.rows === "number" ? f.rows : null,
      })),
    warnings: parseIssues(r.warnings, "warning"),
    errors: parseIssues(r.errors, "error"),
  };
}

function toDate(value: unknown): Date {
  const date = typeof value === "string" || typeof value === "number" ? new Date(value) : new Date(NaN);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}
