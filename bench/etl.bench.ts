// ETL load throughput: our ETL (runEtl) beside DuckDB's own read_csv on the same synthetic files, in one run.
//   npm run bench -- etl [--rows 1M,10M] [--seed 1] [--repeat 1] [--timeout-min 60] [--cpu-prof] [--no-record]
// See bench/README.md. Writes the "ETL load throughput" section of BENCHMARKS.md and bench/out/etl-results.json.
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  defaultSyntheticOutDir,
  parseCount,
  readSyntheticManifest,
  writeSyntheticFunding,
  type SyntheticManifest,
} from "../etl/synthetic/index.js";
import { replaceBenchmarkSection } from "./benchmarks-md.js";
import { formatEtlSection, type SizeResult } from "./etl-bench-report.js";
import { machineInfo } from "./machine.js";
import type { PhaseResult } from "./phase-result.js";
import { spawnPhase, type SpawnedPhase } from "./spawn-phase.js";

const ROOT = new URL("../", import.meta.url).pathname;
const OUT = join(ROOT, "bench/out");
const log = (line: string): void => console.error(line);

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1M,10M" },
    seed: { type: "string", default: "1" },
    repeat: { type: "string", default: "1" },
    "timeout-min": { type: "string", default: "60" },
    "cpu-prof": { type: "boolean", default: false },
    "no-record": { type: "boolean", default: false },
  },
});
const sizes = values.rows.split(",").map((s) => parseCount(s));
const seed = Number(values.seed);
const repeat = Number(values.repeat);
const timeoutMs = Number(values["timeout-min"]) * 60_000;
if (sizes.some((n) => n === null || n < 1) || !Number.isInteger(seed) || !(repeat >= 1) || !(timeoutMs > 0)) {
  console.error(
    "Usage: npm run bench -- etl [--rows 1M,10M] [--seed 1] [--repeat N] [--timeout-min M] [--cpu-prof]",
  );
  process.exit(2);
}

/** The synthetic folder for `rows`, generated unless a complete one with the same parameters is there. */
async function dataset(rows: number): Promise<{ dir: string; manifest: SyntheticManifest }> {
  const dir = join(ROOT, defaultSyntheticOutDir(rows, seed));
  const existing = await readSyntheticManifest(dir);
  if (existing !== null && existing.rows === rows && existing.seed === seed) {
    const sizesMatch = await Promise.all(
      existing.files.map((f) =>
        stat(join(dir, f.name)).then(
          (s) => s.size === f.bytes,
          () => false,
        ),
      ),
    );
    if (sizesMatch.every(Boolean)) {
      log(`reusing ${dir} (${rows.toLocaleString("en")} rows)`);
      return { dir, manifest: existing };
    }
  }
  log(`generating ${rows.toLocaleString("en")} synthetic rows into ${dir}`);
  const result = await writeSyntheticFunding({ rows, seed, outDir: dir, log: (l) => log(`  ${l}`) });
  if (!result.ok) throw new Error(result.error);
  log(`  generated in ${result.seconds.toFixed(1)} s`);
  return { dir, manifest: result.manifest };
}

async function measure(
  phase: PhaseResult["phase"],
  rows: number,
  dataDir: string,
  run: number,
): Promise<SpawnedPhase> {
  const dbDir = join(OUT, "db", `${phase}-${rows}-${run}`);
  await rm(dbDir, { recursive: true, force: true });
  await mkdir(dbDir, { recursive: true });
  const profDir = join(OUT, "profiles");
  const nodeFlags =
    values["cpu-prof"] && phase === "etl"
      ? ["--cpu-prof", "--cpu-prof-dir", profDir, "--cpu-prof-name", `etl-${rows}-${run}.cpuprofile`]
      : [];
  log(
    `[${phase}] ${rows.toLocaleString("en")} rows, run ${run}${nodeFlags.length > 0 ? " (with --cpu-prof)" : ""}`,
  );
  const spawned = await spawnPhase({
    phase,
    dataDir,
    dbPath: join(dbDir, "warehouse.duckdb"),
    nodeFlags,
    timeoutMs,
    log: (l) => log(`  ${l}`),
  });
  const r = spawned.result;
  log(
    r === null
      ? `  no result (${spawned.timedOut ? "timed out" : `exit ${String(spawned.exitCode)}`}) after ${spawned.wallSeconds.toFixed(1)} s`
      : `  ${r.ok ? "ok" : "FAILED"}: ${r.seconds.toFixed(2)} s, ${r.rows.toLocaleString("en")} rows, ` +
          `peak RSS ${(Math.max(r.peakRssBytes, spawned.polledPeakRssBytes) / 2 ** 20).toFixed(0)} MiB`,
  );
  for (const e of r?.errors ?? []) log(`  error: ${e.slice(0, 500)}`);
  await rm(dbDir, { recursive: true, force: true });
  return spawned;
}

const machine = machineInfo();
const started = new Date();
log(
  `${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}, load ${machine.loadAverage}`,
);
const results: SizeResult[] = [];
for (const rows of sizes as number[]) {
  const { dir, manifest } = await dataset(rows);
  const runs: { etl: SpawnedPhase[]; readCsv: SpawnedPhase[] } = { etl: [], readCsv: [] };
  for (let run = 1; run <= repeat; run++) {
    // Alternate the order so that neither loader always runs on a warmer page cache.
    const order = run % 2 === 1 ? (["read-csv", "etl"] as const) : (["etl", "read-csv"] as const);
    for (const phase of order) {
      const spawned = await measure(phase, rows, dir, run);
      (phase === "etl" ? runs.etl : runs.readCsv).push(spawned);
    }
  }
  results.push({
    rows,
    files: manifest.files.length,
    bytes: manifest.files.reduce((s, f) => s + f.bytes, 0),
    ...runs,
  });
}
const finished = new Date();

const report = { machine, started, finished, seed, repeat, timeoutMs, results };
await mkdir(OUT, { recursive: true });
await writeFile(join(OUT, "etl-results.json"), `${JSON.stringify(report, null, 2)}\n`);
const section = formatEtlSection(report);
console.log(section);
if (!values["no-record"]) {
  await replaceBenchmarkSection(join(ROOT, "BENCHMARKS.md"), "etl", "ETL load throughput", section);
  log("updated BENCHMARKS.md (section ETL load throughput)");
}
