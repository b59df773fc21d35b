import { copyFile, mkdir, readdir, rmdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { readSchemaHash } from "./read-schema-hash.js";
import {
  discardSnapshot,
  nextSnapshotPath,
  publishSnapshot,
  SnapshotNotRestoredError,
} from "./snapshot-file.js";
import { nodeSnapshotFileSystem, type SnapshotFileSystem } from "./snapshot-file-system.js";
import { isRunId } from "./snapshot-reports.js";
import { WAREHOUSE_SCHEMA_HASH } from "./warehouse-ddl.js";

/** Published snapshots kept for a rollback when no other number is given (`npm run etl -- --keep N`). */
export const DEFAULT_KEEP_SNAPSHOTS = 5;

/**
 * The last published snapshots, beside the warehouse: `<db>.snapshots/<runId>.duckdb`. Each is a hard link to
 * the file the run published (a snapshot is never written once published), so keeping one costs no space
 * while it is served, and only its own size afterwards.
 */
export function snapshotHistoryDir(dbPath: string): string {
  return `${dbPath}.snapshots`;
}

export interface KeptSnapshot {
  readonly runId: string;
  readonly path: string;
  /** The warehouse path holds this very file (same inode): it is the one served. */
  readonly served: boolean;
}

/**
 * Links the new snapshot `nextPath` (not yet published) into the history under its run id; returns the link,
 * or null where the file system has no hard links (the run then keeps no history). Call before the rename,
 * so that the history names the file this run built even if another load publishes right after it.
 */
export async function keepSnapshot(
  nextPath: string,
  dbPath: string,
  runId: string,
  files: SnapshotFileSystem = nodeSnapshotFileSystem,
): Promise<string | null> {
  if (!isRunId(runId)) throw new Error(`"${runId}" is not an ETL run id.`);
  const kept = join(snapshotHistoryDir(dbPath), `${runId}.duckdb`);
  await mkdir(snapshotHistoryDir(dbPath), { recursive: true });
  try {
    await files.link(nextPath, kept);
    return kept;
  } catch (error) {
    if (noHardLinks(error)) return null;
    throw error;
  }
}

/** Removes a link `keepSnapshot` made for a run that did not publish (and the folder, if it is left empty). */
export async function forgetSnapshot(
  kept: string,
  files: SnapshotFileSystem = nodeSnapshotFileSystem,
): Promise<void> {
  await files.remove(kept);
  await rmdir(dirname(kept)).catch(() => {});
}

/** The kept snapshots, oldest first (by the second their run started, then by when their file was written). */
export async function listKeptSnapshots(dbPath: string): Promise<KeptSnapshot[]> {
  let names: string[];
  try {
    names = await readdir(snapshotHistoryDir(dbPath));
  } catch {
    return [];
  }
  const served = (await fileStat(dbPath))?.ino ?? null;
  const kept: Array<KeptSnapshot & { readonly mtimeMs: number }> = [];
  for (const name of names) {
    const runId = name.endsWith(".duckdb") ? name.slice(0, -".duckdb".length) : "";
    if (!isRunId(runId)) continue;
    const path = join(snapshotHistoryDir(dbPath), name);
    const file = await fileStat(path);
    if (file !== null) kept.push({ runId, path, served: file.ino === served, mtimeMs: file.mtimeMs });
  }
  // Run ids start with their second; two runs of one second are ordered by when their file was written.
  const second = (runId: string): string => runId.slice(0, 16);
  kept.sort(
    (a, b) =>
      second(a.runId).localeCompare(second(b.runId)) ||
      a.mtimeMs - b.mtimeMs ||
      a.runId.localeCompare(b.runId),
  );
  return kept.map(({ runId, path, served: isServed }) => ({ runId, path, served: isServed }));
}

/** Removes the oldest kept snapshots beyond `keep`, never the one served; returns the run ids removed. */
export async function pruneKeptSnapshots(
  dbPath: string,
  keep: number,
  files: SnapshotFileSystem = nodeSnapshotFileSystem,
): Promise<string[]> {
  const kept = await listKeptSnapshots(dbPath);
  const removed: string[] = [];
  let excess = kept.length - Math.max(1, keep);
  for (const snapshot of kept) {
    if (excess <= 0) break;
    if (snapshot.served) continue;
    await files.remove(snapshot.path);
    removed.push(snapshot.runId);
    excess -= 1;
  }
  return removed;
}

/** A rollback that could not be made; the message says why and what to do. */
export class RollbackError extends Error {
  override readonly name = "RollbackError";
  /** The ETL run of the snapshot served when it was tried (null when the served file is not kept). */
  readonly from: string | null;
  /** The ETL run it was to serve again, when one was named or chosen. */
  readonly to: string | null;

  constructor(
    message: string,
    runs: { readonly from: string | null; readonly to: string | null },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.from = runs.from;
    this.to = runs.to;
  }
}

/** What a rollback did: the ETL run of the snapshot served before it, and of the one served after. */
export interface RollbackResult {
  readonly from: string | null;
  readonly to: string;
}

/**
 * Publishes a kept snapshot again at `dbPath`: the one kept before the served one, or the run `to`. Atomic like
 * a load (publishSnapshot): a new link beside the warehouse, renamed over it, so a server watching the path
 * swaps to it and requests in flight finish on the old one. `commit` (the run log line) is part of it: if it
 * fails, the previous snapshot is put back. It also runs when the snapshot asked for is already the one served
 * (nothing changes then). The served snapshot stays kept, so a rollback can be undone with `to`. Refuses a
 * snapshot of another model version, which the server could not read. Throws RollbackError, naming both runs.
 */
export async function rollbackSnapshot(
  dbPath: string,
  options: {
    readonly to?: string;
    readonly files?: SnapshotFileSystem;
    readonly commit?: (result: RollbackResult) => Promise<void>;
  } = {},
): Promise<RollbackResult> {
  const files = options.files ?? nodeSnapshotFileSystem;
  const commit = options.commit ?? (async () => {});
  const kept = await listKeptSnapshots(dbPath);
  const served = kept.findIndex((s) => s.served);
  const from = kept[served]?.runId ?? null;
  const list = kept.map((s) => s.runId).join(", ") || "none";
  let target: KeptSnapshot | undefined;
  if (options.to !== undefined) {
    target = kept.find((s) => s.runId === options.to);
    if (target === undefined)
      throw new RollbackError(
        `No kept snapshot of ETL run "${options.to}" in ${snapshotHistoryDir(dbPath)}. Kept: ${list}.`,
        { from, to: isRunId(options.to) ? options.to : null },
      );
  } else {
    if (served === -1)
      throw new RollbackError(
        `The snapshot served at ${dbPath} is not among the kept ones, so there is no "previous" one: name the run ` +
          `to go back to with --to RUN_ID. Kept: ${list}.`,
        { from, to: null },
      );
    target = kept[served - 1];
    if (target === undefined)
      throw new RollbackError(
        `The snapshot served at ${dbPath} (ETL run ${from ?? "?"}) is the oldest one kept: there is ` +
          `none before it.`,
        { from, to: null },
      );
  }
  const result = { from, to: target.runId };
  if (target.served) {
    try {
      await commit(result);
    } catch (error) {
      throw new RollbackError(
        `The snapshot of ETL run ${target.runId} is already the one served, but this could not be recorded: ` +
          `${(error as Error).message}.`,
        result,
        { cause: error },
      );
    }
    return result;
  }
  if ((await readSchemaHash(target.path)) !== WAREHOUSE_SCHEMA_HASH)
    throw new RollbackError(
      `The snapshot of ETL run ${target.runId} was built by another version of the model, which this server ` +
        `cannot read: load the data again instead.`,
      result,
    );
  const next = nextSnapshotPath(dbPath);
  try {
    try {
      await files.link(target.path, next);
    } catch (error) {
      if (!noHardLinks(error)) throw error;
      await copyFile(target.path, next);
    }
    await publishSnapshot(next, dbPath, () => commit(result), files);
  } catch (error) {
    await discardSnapshot(next, files).catch(() => {});
    throw new RollbackError(
      `The rollback to ETL run ${target.runId} failed: ${(error as Error).message}` +
        (error instanceof SnapshotNotRestoredError ? "" : ". The served snapshot is unchanged."),
      result,
      { cause: error },
    );
  }
  return result;
}

async function fileStat(path: string): Promise<{ readonly ino: number; readonly mtimeMs: number } | null> {
  try {
    const s = await stat(path);
    return { ino: s.ino, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

function noHardLinks(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS";
}
