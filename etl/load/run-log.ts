import { appendFile, readFile } from "node:fs/promises";
import type { EtlRunTable } from "../../src/warehouse/tables.js";

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
        return []; // a line cut short by a kill: the run it described never published anything
      }
    });
}

export async function appendRunLog(dbPath: string, run: EtlRunTable): Promise<void> {
  await appendFile(runLogPath(dbPath), JSON.stringify(run) + "\n", "utf8");
}
