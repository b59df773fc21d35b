import { readFile } from "node:fs/promises";
import type { EtlRunTable } from "../../src/warehouse/tables.js";
import { nodeSnapshotFileSystem, type SnapshotFileSystem } from "../../src/warehouse/snapshot-file-system.js";

/**
 * Every run, failed or not, is appended to a log beside the warehouse (`<db>.runs.jsonl`): a failed load must
 * leave the warehouse file byte for byte unchanged, so it cannot be recorded inside it. Each new snapshot
 * copies the whole log into its `etl_run` table, so the API can show the history of loads.
 */
export function runLogPath(dbPath: string): string {
  return `${dbPath}.runs.jsonl`;
}

export async function readRunLog(dbPath: string): Promise<EtlRunTable[]> {
  let text: string;
  try {
    text = await readFile(runLogPath(dbPath), "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        const r = JSON.parse(line) as EtlRunTable & { started_at: string; finished_at: string };
        return [{ ...r, started_at: new Date(r.started_at), finished_at: new Date(r.finished_at) }];
      } catch {
        return []; // a line cut short by a kill mid-append
      }
    });
}

/**
 * Appends one run as one line and syncs it, or throws with the log as it was: a line half written on a full
 * disk is cut off again, so a failed append never leaves a record behind.
 */
export async function appendRunLog(
  dbPath: string,
  run: EtlRunTable,
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
