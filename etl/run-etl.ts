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
import { appendRunLog, readRunLog } from "./load/run-log.js";
import { snapshotHash } from "./load/snapshot-hash.js";
import {
  discardSnapshot,
  nextSnapshotPath,
  publishSnapshot,
  removeOrphanedSnapshots,
} from "./load/snapshot-file.js";

/**
 * DuckDB's memory limit while a snapshot is built: the figure-identity aggregates and the snapshot's primary-key
 * index grow with the fact count (10 million funding rows need more than the 2GB default for serving).
 */
const ETL_MEMORY_LIMIT = "6GB";

export interface EtlOptions {
  readonly dataDir: string;
  readonly dbPath: string;
  /** Validate and build the snapshot, then throw it away: the served warehouse is never touched. */
  readonly dryRun?: boolean;
  /** Progress lines for a person watching (the CLI prints them to stderr). */
  readonly log?: (line: string) => void;
  readonly clock?: () => Date;
}

/**
 * The stages a report times, in order; together they cover the whole load. extract: list the inputs, hash
 * them, read headers and reference tables; transform-load: stream the fact rows into the snapshot; validate:
 * figure identity (and dropping duplicate rows); prefer: pick one fact per figure stated by several sources;
 * consistency: findings, stored; hash: the snapshot hash; publish: run history, CHECKPOINT, close, rename.
 */
export interface EtlStage {
  readonly name: "extract" | "transform-load" | "validate" | "prefer" | "consistency" | "hash" | "publish";
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
 * Never throws for bad input: it returns a report whose status says what happened, and on failure the
 * warehouse at `dbPath` is byte for byte what it was. Every run is appended to the run log beside it.
 */
export async function runEtl(options: EtlOptions): Promise<EtlReport> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
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

  await mkdir(dirname(dbPath), { recursive: true });
  await removeOrphanedSnapshots(dbPath);
  const nextPath = nextSnapshotPath(dbPath);
  let warehouse: Warehouse | undefined;
  let published = false;

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

  try {
    if (!(await isDirectory(dataDir))) {
      issues.push({
        severity: "error",
        file: dataDir,
        message: `The data folder "${dataDir}" does not exist. Pass an existing folder with --data.`,
      });
    } else {
      log(`Loading ${dataDir} into a new snapshot of ${dbPath}`);
      const t0 = performance.now();
      // One connection per table appender (loadInputs keeps all open while streaming) plus one for queries.
      warehouse = await createWarehouse(nextPath, { poolSize: 16, memoryLimit: ETL_MEMORY_LIMIT });
      const db = warehouse.db;
      const loaded = await loadInputs(warehouse, dataDir, log);
      // The extract part (listing, hashing, headers, reference tables) is timed inside loadInputs.
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
      message: `The load stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}. The warehouse was left unchanged.`,
    });
  }

  const failed = hasErrors();
  const report = (finishedAt: Date): EtlReport => ({
    runId,
    status: failed ? "failed" : "succeeded",
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
    snapshotHash: failed ? null : hash,
  });

  try {
    if (warehouse && !failed && options.dryRun !== true) {
      const open = warehouse;
      const finishedAt = clock();
      await timed("publish", async () => {
        const history = await readRunLog(dbPath);
        const run = toRunRow(report(finishedAt));
        await insertRuns(open, [...history, run]);
        await checkpoint(open);
        await open.close();
        warehouse = undefined;
        await publishSnapshot(nextPath, dbPath);
      });
      published = true;
    }
  } catch (error) {
    issues.push({
      severity: "error",
      file: dbPath,
      message: `The new snapshot could not be published: ${error instanceof Error ? error.message : String(error)}. The warehouse was left unchanged.`,
    });
  } finally {
    await warehouse?.close().catch(() => {});
    if (!published) await discardSnapshot(nextPath);
  }

  const final = report(clock());
  if (options.dryRun !== true || final.status === "failed") await appendRunLog(dbPath, toRunRow(final));
  return final;
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
