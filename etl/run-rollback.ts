import { resolve } from "node:path";
import { nodeSnapshotFileSystem, type SnapshotFileSystem } from "../src/warehouse/snapshot-file-system.js";
import { RollbackError, rollbackSnapshot } from "../src/warehouse/snapshot-history.js";
import { appendRunLog, type RollbackActor, type RollbackRunEntry } from "./load/run-log.js";

export interface RollbackOptions {
  readonly dbPath: string;
  /** The ETL run whose kept snapshot to serve again; without it, the one kept before the served snapshot. */
  readonly to?: string;
  readonly by: RollbackActor;
  readonly clock?: () => Date;
  /** The file operations of the publish and of the run log append (tests fail them as a full disk does). */
  readonly files?: SnapshotFileSystem;
}

/**
 * Rolls the warehouse at `dbPath` back to a kept snapshot (rollbackSnapshot) and records the rollback in the
 * run log, succeeded or not (a failure is a failure everywhere: the log, the exit code). Returns the entry it
 * recorded and never throws; only the CLI sets the exit code. The line of a rollback that succeeded is part of
 * the rollback: when it cannot be written, the previous snapshot is put back and the rollback failed. A failed
 * rollback's `error` also says when its own line could not be written (then the log has no line for it).
 */
export async function runRollback(options: RollbackOptions): Promise<RollbackRunEntry> {
  const clock = options.clock ?? (() => new Date());
  const files = options.files ?? nodeSnapshotFileSystem;
  const dbPath = resolve(options.dbPath);
  const entry = (
    status: RollbackRunEntry["status"],
    runs: { readonly from: string | null; readonly to: string | null },
    error: string | null,
  ): RollbackRunEntry => ({
    kind: "rollback",
    at: clock(),
    by: options.by,
    status,
    from_run_id: runs.from,
    to_run_id: runs.to,
    error,
  });

  let recorded: RollbackRunEntry | undefined;
  try {
    const result = await rollbackSnapshot(dbPath, {
      ...(options.to === undefined ? {} : { to: options.to }),
      files,
      commit: async (done) => {
        const line = entry("succeeded", done, null);
        await appendRunLog(dbPath, line, files);
        recorded = line;
      },
    });
    return recorded ?? entry("succeeded", result, null);
  } catch (error) {
    const failed =
      error instanceof RollbackError
        ? entry("failed", error, error.message)
        : entry("failed", { from: null, to: null }, `The rollback failed: ${messageOf(error)}`);
    try {
      await appendRunLog(dbPath, failed, files);
      return failed;
    } catch (logError) {
      return {
        ...failed,
        error: `${failed.error ?? ""} It could not be recorded either: ${messageOf(logError)}`,
      };
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
