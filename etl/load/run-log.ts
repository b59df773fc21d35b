import { readFile } from "node:fs/promises";
import type { EtlRunTable } from "../../src/warehouse/tables.js";
import { nodeSnapshotFileSystem, type SnapshotFileSystem } from "../../src/warehouse/snapshot-file-system.js";

/**
 * Every run, failed or not, is appended to a log beside the warehouse (`<db>.runs.jsonl`): a failed load must
 * leave the warehouse file byte for byte unchanged, so it cannot be recorded inside it. Each new snapshot
 * copies the loads of the log into its `etl_run` table, so the API can show the history of loads. Rollbacks
 * (`npm run snapshots -- rollback`) are recorded in the same log, one line each, succeeded or not, so that it
 * says which snapshot was served when.
 */
export function runLogPath(dbPath: string): string {
  return `${dbPath}.runs.jsonl`;
}

/**
 * A load: its `etl_run` row. Load lines have no `kind` (the log had only loads before rollbacks were recorded),
 * so every line ever written without one reads as a load.
 */
export type LoadRunEntry = EtlRunTable & { readonly kind?: "load" };

/** Who made a rollback: `npm run snapshots -- rollback` is the only way today. */
export type RollbackActor = "cli";

/**
 * A rollback: which snapshot was served before (`from_run_id`), which one was asked for or chosen
 * (`to_run_id`), when it ended, who made it and how. A refused or failed one is `failed` with the reason in
 * `error`, and changed nothing served.
 */
export interface RollbackRunEntry {
  readonly kind: "rollback";
  readonly at: Date;
  readonly by: RollbackActor;
  readonly status: EtlRunTable["status"];
  /** The ETL run of the snapshot served before; null when the served file is not a kept snapshot. */
  readonly from_run_id: string | null;
  /** The ETL run whose kept snapshot was (to be) served again; null when no such run was named or found. */
  readonly to_run_id: string | null;
  /** Why it was refused or failed, as told to the operator; null when it succeeded. */
  readonly error: string | null;
}

/** One line of the run log. Readers switch on `kind`; a line of a kind this version does not know is skipped. */
export type RunLogEntry = LoadRunEntry | RollbackRunEntry;

export function isLoadRun(entry: RunLogEntry): entry is LoadRunEntry {
  return entry.kind !== "rollback";
}

/** Every entry of the run log, oldest first; none when there is no log yet. */
export async function readRunLog(dbPath: string): Promise<RunLogEntry[]> {
  let text: string;
  try {
    text = await readFile(runLogPath(dbPath), "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line): RunLogEntry[] => {
      let r: Record<string, unknown>;
      try {
        r = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return []; // a line cut short by a kill mid-append
      }
      if (r.kind === "rollback") {
        const entry = r as unknown as RollbackRunEntry & { at: string };
        return [{ ...entry, at: new Date(entry.at) }];
      }
      if (r.kind !== undefined && r.kind !== "load") return []; // written by a newer version
      const run = r as unknown as LoadRunEntry & { started_at: string; finished_at: string };
      return [{ ...run, started_at: new Date(run.started_at), finished_at: new Date(run.finished_at) }];
    });
}

/**
 * Appends one entry as one line and syncs it, or throws with the log as it was: a line half written on a full
 * disk is cut off again, so a failed append never leaves a record behind.
 */
export async function appendRunLog(
  dbPath: string,
  run: RunLogEntry,
  files: SnapshotFileSystem = nodeSnapshotFileSystem,
): Promise<void> {
  const path = runLogPath(dbPath);
  let before: Awaited<ReturnType<SnapshotFileSystem["stat"]>> | undefined;
  try {
    before = await files.stat(path);
    await files.append(path, JSON.stringify(run) + "\n");
  } catch (error) {
    if (before?.isFile === true) await files.truncate(path, before.bytes).catch(() => {});
    else if (before === null) await files.remove(path).catch(() => {});
    throw new Error(`The run log "${path}" could not be written: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
