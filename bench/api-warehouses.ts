import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  defaultSyntheticOutDir,
  readSyntheticManifest,
  writeSyntheticFunding,
} from "../etl/synthetic/index.js";
import { runEtl } from "../etl/run-etl.js";
import {
  openWarehouse,
  readRollups,
  readSchemaHash,
  ROLLUP_DEFINITIONS,
  WAREHOUSE_SCHEMA_HASH,
} from "../src/warehouse/index.js";
import { spawnPhase } from "./spawn-phase.js";

const ROOT = new URL("../", import.meta.url).pathname;
export const API_DB_DIR = join(ROOT, "bench/out/db");

/** A warehouse the API benchmark serves, and the data folder it was built from. */
export interface BenchWarehouse {
  readonly path: string;
  readonly dataDir: string;
  /** How it was obtained in this run, for the log and the report. */
  readonly origin: "reused" | "built";
  readonly buildSeconds: number | null;
}

export type BuildOutcome =
  { readonly ok: true; readonly warehouse: BenchWarehouse } | { readonly ok: false; readonly error: string };

/** True when `path` exists and was built by this version of the warehouse model, rollups included. */
async function current(path: string): Promise<boolean> {
  try {
    await stat(path);
  } catch {
    return false;
  }
  if ((await readSchemaHash(path)) !== WAREHOUSE_SCHEMA_HASH) return false;
  // Rollups are not part of the schema hash (a snapshot without them is still served, from its facts), so a
  // warehouse built before them would bench the facts path: it is rebuilt unless it holds every rollup defined.
  const warehouse = await openWarehouse(path, { readOnly: true });
  try {
    return (await readRollups(warehouse)).length === ROLLUP_DEFINITIONS.length;
  } finally {
    await warehouse.close();
  }
}

/**
 * Builds `dbPath` from `dataDir` with runEtl (etl/run-etl.ts) in a fresh process (bench/etl-phase.ts), unless
 * it is there already and of the current model (or `rebuild`).
 */
async function ensureBuilt(
  dataDir: string,
  dbPath: string,
  options: { rebuild: boolean; timeoutMs: number; inProcess?: boolean; log: (line: string) => void },
): Promise<BuildOutcome> {
  if (!options.rebuild && (await current(dbPath))) {
    options.log(`reusing ${dbPath}`);
    return { ok: true, warehouse: { path: dbPath, dataDir, origin: "reused", buildSeconds: null } };
  }
  options.log(`building ${dbPath} from ${dataDir} with runEtl`);
  await mkdir(API_DB_DIR, { recursive: true });
  for (const file of [dbPath, `${dbPath}.wal`, `${dbPath}.runs.jsonl`]) await rm(file, { force: true });
  if (options.inProcess === true) {
    const t0 = performance.now();
    const report = await runEtl({ dataDir, dbPath });
    if (report.status !== "succeeded") {
      return { ok: false, error: `runEtl did not build ${dbPath}: ${report.errors[0]?.message ?? "failed"}` };
    }
    const seconds = (performance.now() - t0) / 1000;
    return { ok: true, warehouse: { path: dbPath, dataDir, origin: "built", buildSeconds: seconds } };
  }
  const spawned = await spawnPhase({
    phase: "etl",
    dataDir,
    dbPath,
    timeoutMs: options.timeoutMs,
    log: (line) => options.log(`  ${line}`),
  });
  const result = spawned.result;
  if (result === null || !result.ok) {
    const why =
      result?.errors[0] ??
      (spawned.timedOut ? "timed out" : `exit ${String(spawned.exitCode)}: ${spawned.lastLines.join(" / ")}`);
    return { ok: false, error: `runEtl did not build ${dbPath}: ${why.slice(0, 400)}` };
  }
  options.log(
    `  built in ${result.seconds.toFixed(1)} s (${result.rows.toLocaleString("en")} funding facts)`,
  );
  return { ok: true, warehouse: { path: dbPath, dataDir, origin: "built", buildSeconds: result.seconds } };
}

/** The published data (data/) in bench/out/db/published.duckdb, loaded in process (a few seconds). */
export function ensurePublishedWarehouse(options: {
  rebuild: boolean;
  log: (line: string) => void;
}): Promise<BuildOutcome> {
  return ensureBuilt(join(ROOT, "data"), join(API_DB_DIR, "published.duckdb"), {
    ...options,
    timeoutMs: 10 * 60_000,
    inProcess: true,
  });
}

/** `10M` for 10,000,000: the file name's size label. */
export const rowsLabel = (rows: number): string =>
  rows % 1_000_000 === 0 ? `${rows / 1_000_000}M` : rows % 1000 === 0 ? `${rows / 1000}k` : String(rows);

/**
 * A synthetic warehouse of `rows` funding rows in bench/out/db/synthetic-<rows>.duckdb: the synthetic folder
 * (`npm run data:synthetic -- --rows N`) is reused when complete and of the current generator, and loaded with
 * runEtl.
 */
export async function ensureSyntheticWarehouse(
  rows: number,
  options: { seed: number; rebuild: boolean; timeoutMs: number; log: (line: string) => void },
): Promise<BuildOutcome> {
  const dbPath = join(API_DB_DIR, `synthetic-${rowsLabel(rows).toLowerCase()}.duckdb`);
  const dataDir = join(ROOT, defaultSyntheticOutDir(rows, options.seed));
  const manifest = await readSyntheticManifest(dataDir);
  if (manifest === null || manifest.rows !== rows || manifest.seed !== options.seed) {
    options.log(`generating ${rows.toLocaleString("en")} synthetic rows into ${dataDir}`);
    const generated = await writeSyntheticFunding({
      rows,
      seed: options.seed,
      outDir: dataDir,
      log: options.log,
    });
    if (!generated.ok) return { ok: false, error: generated.error };
    // The data changed: a warehouse built from the old folder is stale.
    return ensureBuilt(dataDir, dbPath, { ...options, rebuild: true });
  }
  return ensureBuilt(dataDir, dbPath, options);
}
