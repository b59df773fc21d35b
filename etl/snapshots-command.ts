import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { SnapshotFileSystem } from "../src/warehouse/snapshot-file-system.js";
import { listKeptSnapshots } from "../src/warehouse/snapshot-history.js";
import { DEFAULT_DB_PATH } from "./defaults.js";
import { formatRunLog, RUN_LOG_LINES_LISTED } from "./format-run-log.js";
import { readRunLog, runLogPath } from "./load/run-log.js";
import { runRollback } from "./run-rollback.js";

export const SNAPSHOTS_USAGE = "Usage: npm run snapshots -- list|rollback [--to RUN_ID] [--db FILE]";

export interface SnapshotsCommandIo {
  /** A line for stdout. */
  readonly out: (line: string) => void;
  /** A line for stderr. */
  readonly err: (line: string) => void;
  readonly clock?: () => Date;
  readonly files?: SnapshotFileSystem;
}

/**
 * `npm run snapshots -- list|rollback [--to RUN_ID] [--db FILE]` (etl/snapshots-cli.ts), run in process; returns
 * the exit code: 0 when done, 1 when the rollback was refused or failed (the served snapshot is unchanged, and
 * the run log says so), 2 on bad usage (a --db where no warehouse is included: nothing is recorded there). `list` shows the kept snapshots and the newest lines of the run log,
 * loads and rollbacks, so that it says which snapshot was served when.
 */
export async function runSnapshotsCommand(
  argv: ReadonlyArray<string>,
  io: SnapshotsCommandIo,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        db: { type: "string", default: DEFAULT_DB_PATH },
        to: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${SNAPSHOTS_USAGE}`);
    return 2;
  }
  const { values: args, positionals } = parsed;
  const command = positionals[0];
  if (args.help) {
    io.out(SNAPSHOTS_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || (command !== "list" && command !== "rollback")) {
    io.err(`Say list or rollback.\n${SNAPSHOTS_USAGE}`);
    return 2;
  }
  if (command === "list" && args.to !== undefined) {
    io.err(`--to names the run to roll back to; list takes no --to.\n${SNAPSHOTS_USAGE}`);
    return 2;
  }
  const dbPath = resolve(args.db);

  if (command === "list") {
    const kept = await listKeptSnapshots(dbPath);
    if (kept.length === 0) io.out(`No snapshot is kept beside ${dbPath}: the next load keeps its own.`);
    else io.out(`Kept snapshots of ${dbPath}, oldest first:`);
    for (const snapshot of kept) io.out(`  ${snapshot.runId}${snapshot.served ? "  (served)" : ""}`);
    const entries = await readRunLog(dbPath);
    if (entries.length > 0) {
      const shown = Math.min(entries.length, RUN_LOG_LINES_LISTED);
      io.out(`Run log ${runLogPath(dbPath)}, ${shown} of ${entries.length} entries, newest last:`);
      for (const line of formatRunLog(entries)) io.out(`  ${line}`);
    }
    return 0;
  }

  // A mistyped --db must not leave a run log where no warehouse is.
  if (!(await isFile(dbPath))) {
    io.err(
      `There is no warehouse at ${dbPath}: pass --db the file the server serves (its --db or KC_WAREHOUSE).`,
    );
    return 2;
  }
  const done = await runRollback({
    dbPath,
    ...(args.to === undefined ? {} : { to: args.to }),
    by: "cli",
    ...(io.clock === undefined ? {} : { clock: io.clock }),
    ...(io.files === undefined ? {} : { files: io.files }),
  });
  if (done.status === "failed") {
    io.err(done.error ?? "The rollback failed.");
    return 1;
  }
  io.out(
    done.from_run_id === done.to_run_id
      ? `The snapshot of ETL run ${done.to_run_id} is already the one at ${dbPath}; nothing changed.`
      : `Rolled back ${dbPath} from ETL run ${done.from_run_id ?? "(not kept)"} to ${done.to_run_id}. A server ` +
          `watching it serves it within seconds; undo with: npm run snapshots -- rollback --to ` +
          `${done.from_run_id ?? "RUN_ID"}`,
  );
  return 0;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
