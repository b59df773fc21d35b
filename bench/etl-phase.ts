// One measurement of the ETL benchmark, run by etl.bench.ts in a fresh process of its own so that peak RSS
// (the kernel's high-water mark, VmHWM) belongs to that measurement alone. Prints one `RESULT {json}` line.
//   tsx bench/etl-phase.ts --phase etl|read-csv --data DIR --db FILE
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import type { PhaseResult } from "./phase-result.js";
import { readCsvSql } from "./read-csv-baseline.js";

async function readCsvPhase(dataDir: string, dbPath: string): Promise<Omit<PhaseResult, "startRssBytes">> {
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(dbPath, { memory_limit: "2GB" });
  const connection = await instance.connect();
  try {
    await connection.run(readCsvSql(dataDir));
    await connection.run("CHECKPOINT");
    const seconds = (performance.now() - t0) / 1000;
    const count = await connection.runAndReadAll("SELECT count(*)::INTEGER AS n FROM funding");
    const settings = await connection.runAndReadAll(
      "SELECT version() AS version, current_setting('threads')::INTEGER AS threads, current_setting('memory_limit') AS memory_limit",
    );
    const [row] = settings.getRowObjectsJS();
    return {
      phase: "read-csv",
      ok: true,
      seconds,
      rows: Number(count.getRowObjectsJS()[0]?.n ?? 0),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      detail: { ...row },
      errors: [],
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function etlPhase(dataDir: string, dbPath: string): Promise<Omit<PhaseResult, "startRssBytes">> {
  let runEtl: typeof import("../etl/run-etl.js").runEtl;
  try {
    ({ runEtl } = await import("../etl/run-etl.js"));
  } catch (error) {
    return failed("etl", `etl/run-etl.ts could not be loaded: ${String(error)}`);
  }
  const t0 = performance.now();
  // Elapsed seconds on every progress line: where a slow or failing load spends its time.
  const elapsed = (): string => ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
  const report = await runEtl({
    dataDir,
    dbPath,
    log: (line) => console.error(`  etl ${elapsed()} s: ${line}`),
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    phase: "etl",
    ok: report.status === "succeeded",
    seconds,
    rows: report.rowsPerTable["funding_fact"] ?? 0,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    detail: {
      stages: report.stages,
      rowsPerTable: report.rowsPerTable,
      warnings: report.warnings.length,
      findings: report.findings,
    },
    errors: report.errors.slice(0, 5).map((e) => e.message),
  };
}

const failed = (phase: PhaseResult["phase"], error: string): Omit<PhaseResult, "startRssBytes"> => ({
  phase,
  ok: false,
  seconds: 0,
  rows: 0,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  detail: {},
  errors: [error],
});

// The orchestrator's timeout sends SIGTERM: exiting normally lets --cpu-prof write its profile.
process.on("SIGTERM", () => process.exit(143));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { phase: { type: "string" }, data: { type: "string" }, db: { type: "string" } },
  });
  const { phase, data, db } = values;
  if ((phase !== "etl" && phase !== "read-csv") || data === undefined || db === undefined) {
    console.error("Usage: tsx bench/etl-phase.ts --phase etl|read-csv --data DIR --db FILE");
    process.exit(2);
  }
  // Imports done: what is resident now is the fixed cost of a Node + DuckDB process.
  await readFile(join(data, "synthetic-funding.json"));
  const startRssBytes = process.memoryUsage.rss();
  let result: Omit<PhaseResult, "startRssBytes">;
  try {
    result = phase === "etl" ? await etlPhase(data, db) : await readCsvPhase(data, db);
  } catch (error) {
    result = failed(phase, error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  console.log(`RESULT ${JSON.stringify({ ...result, startRssBytes })}`);
}

await main();
