import { randomBytes } from "node:crypto";
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { checkpoint, createWarehouse, openTableAppender, type Warehouse } from "../src/warehouse/index.js";
import type { ConsistencyFindingTable, EtlRunTable } from "../src/warehouse/tables.js";
import { checkClaims } from "./consistency/check-claims.js";
import { checkFigureIdentity, markPreferredFacts } from "./consistency/check-figure-identity.js";
import { checkPartsVsTotal } from "./consistency/check-parts-vs-total.js";
import type { EtlIssue } from "./etl-issue.js";
import { loadInputs } from "./load/load-inputs.js";
import { writeQualityPage } from "./load/quality-page.js";
import { appendRunLog, isLoadRun, readRunLog } from "./load/run-log.js";
import { snapshotHash } from "./load/snapshot-hash.js";
import { buildRollups } from "./load/build-rollups.js";
import {
  discardSnapshot,
  nextSnapshotPath,
  publishSnapshot,
  removeOrphanedSnapshots,
  SnapshotNotRestoredError,
} from "../src/warehouse/snapshot-file.js";
import { nodeSnapshotFileSystem, type SnapshotFileSystem } from "../src/warehouse/snapshot-file-system.js";
import {
  DEFAULT_KEEP_SNAPSHOTS,
  forgetSnapshot,
  keepSnapshot,
  pruneKeptSnapshots,
} from "../src/warehouse/snapshot-history.js";

/**
 * DuckDB's memory limit while a snapshot is built: the figure-identity aggregates and the snapshot's primary-key
 * index grow with the fact count (10 million funding rows need more than the 2GB default for serving).
 */
const ETL_MEMORY_LIMIT = "6GB";

export interface EtlOptions {
  readonly dataDir: string;
  readonly dbPath: string;
  /**
   * Layout specs to apply besides those found beside their files (docs/layout-specs.md): paths of spec files,
   * each listing under `files:` the data files it reads.
   */
  readonly layouts?: ReadonlyArray<string>;
  /**
   * Let DuckDB read and check the funding CSV files in our layout (etl/load/load-funding-set.ts; the default);
   * false reads every file row by row in JavaScript (tests compare the two).
   */
  readonly setBased?: boolean;
  /** Validate and build the snapshot, then throw it away: the served warehouse is never touched. */
  readonly dryRun?: boolean;
  /** Progress lines for a person watching (the CLI prints them to stderr). */
  readonly log?: (line: string) => void;
  readonly clock?: () => Date;
  /** The file operations of the publish and the run log; tests pass one that fails like a full disk. */
  readonly files?: SnapshotFileSystem;
  /** Published snapshots to keep for a rollback (`<db>.snapshots/`), this one included; 5 when absent. */
  readonly keepSnapshots?: number;
}

/**
 * The stages a report times, in order; together they cover the whole load. extract: list the inputs, read
 * headers and reference tables; transform-load: stream the fact rows into the snapshot (the inputs are hashed
 * meanwhile, in a worker thread); validate:
 * figure identity (and dropping duplicate rows); prefer: pick one fact per figure stated by several sources;
 * consistency: findings, stored; rollups: the preferred facts pre-aggregated (etl/load/build-rollups.ts);
 * hash: the snapshot hash; publish: run history, CHECKPOINT, close, rename.
 */
export interface EtlStage {
  readonly name:
    "extract" | "transform-load" | "validate" | "prefer" | "consistency" | "rollups" | "hash" | "publish";
  readonly ms: number;
  readonly rows?: number;
}

export interface FindingSummary {
  readonly kind: ConsistencyFindingTable["kind"];
  readonly status: ConsistencyFindingTable["status"];
  readonly count: number;
}

export interface EtlReport {
  readonly runId: string;
  readonly status: "succeeded" | "failed";
  readonly dryRun: boolean;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly dataDir: string;
  readonly dbPath: string;
  readonly inputFiles: ReadonlyArray<{ path: string; sha256: string; bytes: number; rows: number }>;
  readonly rowsPerTable: Readonly<Record<string, number>>;
  readonly stages: ReadonlyArray<EtlStage>;
  readonly warnings: ReadonlyArray<EtlIssue>;
  readonly errors: ReadonlyArray<EtlIssue>;
  readonly findings: ReadonlyArray<FindingSummary>;
  /** The findings that need a reader's attention: discrepancies and gaps within rounding. */
  readonly discrepancies: ReadonlyArray<
    Pick<ConsistencyFindingTable, "kind" | "status" | "message" | "origin">
  >;
  readonly snapshotHash: string | null;
}

/**
 * Extract → transform → validate → load into a new snapshot → consistency report → atomic switch.
 * Never throws: it returns a report whose status says what happened. Any error, in the inputs or in the
 * publish (CHECKPOINT, fsync, rename, the run log append), fails the run, and then the warehouse at `dbPath`
 * is byte for byte what it was and no `.next` file is left. Every run is appended to the run log beside it
 * (a failed run too, unless the log itself cannot be written; the report then says so).
 */
export async function runEtl(options: EtlOptions): Promise<EtlReport> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const files = options.files ?? nodeSnapshotFileSystem;
  const dataDir = resolve(options.dataDir);
  const dbPath = resolve(options.dbPath);
  const startedAt = clock();
  const runId = `${startedAt
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`;
  const stages: EtlStage[] = [];
  const issues: EtlIssue[] = [];
  let inputFiles: EtlReport["inputFiles"] = [];
  let rowsPerTable: Record<string, number> = {};
  let findings: Omit<ConsistencyFindingTable, "finding_id">[] = [];
  let hash: string | null = null;

  const nextPath = nextSnapshotPath(dbPath);
  let warehouse: Warehouse | undefined;
  let published = false;
  let kept: string | null = null;

  const timed = async <T>(
    name: EtlStage["name"],
    fn: () => Promise<T>,
    rows?: (t: T) => number,
  ): Promise<T> => {
    const t0 = performance.now();
    const result = await fn();
    stages.push({ name, ms: Math.round(performance.now() - t0), ...(rows ? { rows: rows(result) } : {}) });
    return result;
  };
  const hasErrors = () => issues.some((i) => i.severity === "error");

  // First, so that even a run rejected for its data folder can be recorded beside the warehouse.
  const folderReady = await prepareFolder(dbPath, issues, log);
  try {
    if (!(await isDirectory(dataDir))) {
      issues.push({
        severity: "error",
        file: dataDir,
        message: `The data folder "${dataDir}" does not exist. Pass an existing folder with --data.`,
      });
    } else if (folderReady) {
      log(`Loading ${dataDir} into a new snapshot of ${dbPath}`);
      const t0 = performance.now();
      // One connection per table appender (loadInputs keeps all open while streaming) plus one for queries.
      warehouse = await createWarehouse(nextPath, { poolSize: 16, memoryLimit: ETL_MEMORY_LIMIT });
      const db = warehouse.db;
      const loaded = await loadInputs(warehouse, dataDir, log, {
        layouts: options.layouts ?? [],
        setBased: options.setBased ?? true,
        memoryLimit: ETL_MEMORY_LIMIT,
      });
      // The extract part (listing, headers, reference tables) is timed inside loadInputs.
      const loadMs = Math.round(performance.now() - t0);
      stages.push(
        { name: "extract", ms: loaded.extractMs },
        {
          name: "transform-load",
          ms: loadMs - loaded.extractMs,
          rows: Object.values(loaded.rowsPerTable).reduce((a, b) => a + b, 0),
        },
      );
      issues.push(...loaded.issues);
      inputFiles = loaded.inputFiles;

      if (!hasErrors()) {
        const identity = await timed("validate", async () => {
          const checked = await checkFigureIdentity(db);
          await dropFacts(db, checked.droppedFacts);
          return checked;
        });
        issues.push(...identity.issues);
        if (!hasErrors()) {
          await timed("prefer", () => markPreferredFacts(db));
          findings = await timed("consistency", async () => {
            const all = [...identity.findings, ...(await checkPartsVsTotal(db)), ...(await checkClaims(db))];
            await insertFindings(warehouse!, all);
            return all;
          });
          await timed(
            "rollups",
            () => buildRollups(db),
            (rows) => rows,
          );
          const content = await timed("hash", () => snapshotHash(db));
          hash = content.hash;
          rowsPerTable = content.rows;
        }
      }
    }
  } catch (error) {
    issues.push({
      severity: "error",
      file: dbPath,
      message: `The load stopped on an unexpected error: ${messageOf(error)}. The warehouse was left unchanged.`,
    });
  }

  // Read at each call: a publish error after the report's first draft must turn it into a failure.
  const report = (finishedAt: Date): EtlReport => ({
    runId,
    status: hasErrors() ? "failed" : "succeeded",
    dryRun: options.dryRun === true,
    startedAt,
    finishedAt,
    dataDir,
    dbPath,
    inputFiles,
    rowsPerTable,
    stages,
    warnings: issues.filter((i) => i.severity === "warning"),
    errors: issues.filter((i) => i.severity === "error"),
    findings: summarize(findings),
    discrepancies: findings
      .filter((f) => f.status === "discrepancy" || f.status === "within-rounding")
      .map(({ kind, status, message, origin }) => ({ kind, status, message, origin })),
    snapshotHash: hasErrors() ? null : hash,
  });

  let final: EtlReport | undefined;
  try {
    if (warehouse && !hasErrors() && options.dryRun !== true) {
      const open = warehouse;
      await timed("publish", async () => {
        // etl_run holds loads; rollbacks stay in the run log (a snapshot cannot record the ones made after it).
        const history = (await readRunLog(dbPath)).filter(isLoadRun);
        await insertRuns(open, [...history, toRunRow(report(clock()))]);
        await checkpoint(open);
        await open.close();
        warehouse = undefined;
        // The run log append is part of the publish: if it fails, the previous snapshot is put back.
        const commit = async (): Promise<void> => {
          final = report(clock());
          log(`Data-quality page: ${await writeQualityPage(dbPath, final)}`);
          await appendRunLog(dbPath, toRunRow(final), files);
        };
        kept = await keepSnapshot(nextPath, dbPath, runId, files);
        await publishSnapshot(nextPath, dbPath, commit, files);
      });
      published = true;
      try {
        const keep = options.keepSnapshots ?? DEFAULT_KEEP_SNAPSHOTS;
        for (const old of await pruneKeptSnapshots(dbPath, keep, files))
          log(`Removed the kept snapshot of ETL run ${old} (${keep} are kept).`);
      } catch (error) {
        log(
          `The oldest kept snapshots could not be removed (${messageOf(error)}); the next load tries again.`,
        );
      }
    }
  } catch (error) {
    final = undefined;
    issues.push({
      severity: "error",
      file: dbPath,
      message:
        error instanceof SnapshotNotRestoredError
          ? `The new snapshot could not be published: ${error.message}`
          : `The new snapshot could not be published: ${messageOf(error)}. The warehouse was left unchanged.`,
    });
  } finally {
    await warehouse?.close().catch(() => {});
    if (!published) {
      if (kept !== null) await forgetSnapshot(kept, files).catch(() => {});
      await discardQuietly(nextPath, files, issues);
    }
  }
  if (published && final !== undefined) return final;

  final = report(clock());
  if (options.dryRun === true && final.status === "succeeded") return final;
  try {
    await appendRunLog(dbPath, toRunRow(final), files);
  } catch (error) {
    issues.push({
      severity: "error",
      file: dbPath,
      message: `This failed run could not be recorded: ${messageOf(error)}. Free some space or fix the permissions of the warehouse folder.`,
    });
    final = report(final.finishedAt);
  }
  try {
    log(`Data-quality page: ${await writeQualityPage(dbPath, final)}`);
  } catch (error) {
    issues.push({
      severity: "error",
      file: dbPath,
      message: `The data-quality page of this failed run could not be written: ${messageOf(error)}. Free some space or fix the permissions of the warehouse folder.`,
    });
    final = report(final.finishedAt);
  }
  return final;
}

/**
 * Creates the warehouse folder and removes the leftovers of killed loads; false (with the reason in `issues`)
 * when the folder cannot be created.
 */
async function prepareFolder(
  dbPath: string,
  issues: EtlIssue[],
  log: (line: string) => void,
): Promise<boolean> {
  const folder = dirname(dbPath);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    issues.push({
      severity: "error",
      file: dbPath,
      message: `The warehouse folder "${folder}" could not be created: ${messageOf(error)}. Pass --db a file in a folder you can write.`,
    });
    return false;
  }
  for (const name of await removeOrphanedSnapshots(dbPath))
    log(`Removed "${name}", left by a load that died.`);
  return true;
}

/** Removes the `.next` file of a run that did not publish; a file that stays is one more error. */
async function discardQuietly(
  nextPath: string,
  files: SnapshotFileSystem,
  issues: EtlIssue[],
): Promise<void> {
  try {
    await discardSnapshot(nextPath, files);
  } catch (error) {
    issues.push({
      severity: "error",
      file: nextPath,
      message: `The unpublished snapshot "${nextPath}" could not be removed: ${messageOf(error)}. The next load or server start removes it.`,
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function dropFacts(
  db: Warehouse["db"],
  dropped: { funding: ReadonlyArray<number>; output: ReadonlyArray<number> },
): Promise<void> {
  if (dropped.funding.length > 0)
    await db.deleteFrom("funding_fact").where("fact_id", "in", dropped.funding).execute();
  if (dropped.output.length > 0)
    await db.deleteFrom("output_fact").where("fact_id", "in", dropped.output).execute();
}

async function insertFindings(
  warehouse: Warehouse,
  findings: ReadonlyArray<Omit<ConsistencyFindingTable, "finding_id">>,
): Promise<void> {
  const appender = await openTableAppender(warehouse, "consistency_finding");
  try {
    findings.forEach((f, i) => appender.append({ finding_id: i + 1, ...f }));
  } finally {
    await appender.close();
  }
}

async function insertRuns(warehouse: Warehouse, runs: ReadonlyArray<EtlRunTable>): Promise<void> {
  const appender = await openTableAppender(warehouse, "etl_run");
  const seen = new Set<string>();
  try {
    for (const run of runs) {
      if (seen.has(run.run_id)) continue;
      seen.add(run.run_id);
      appender.append(run);
    }
  } finally {
    await appender.close();
  }
}

function summarize(findings: ReadonlyArray<Omit<ConsistencyFindingTable, "finding_id">>): FindingSummary[] {
  const counts = new Map<string, FindingSummary>();
  for (const f of findings) {
    const key = `${f.kind}/${f.status}`;
    const prev = counts.get(key);
    counts.set(key, { kind: f.kind, status: f.status, count: (prev?.count ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => `${a.kind}/${a.status}`.localeCompare(`${b.kind}/${b.status}`));
}

function toRunRow(r: EtlReport): EtlRunTable {
  return {
    run_id: r.runId,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    status: r.status,
    data_dir: r.dataDir,
    input_files: JSON.stringify(r.inputFiles),
    rows_per_table: JSON.stringify(r.rowsPerTable),
    warnings: JSON.stringify(r.warnings),
    errors: JSON.stringify(r.errors),
    snapshot_hash: r.snapshotHash,
  };
}
