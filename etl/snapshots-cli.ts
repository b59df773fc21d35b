/**
 * npm run snapshots -- list|rollback [--to RUN_ID] [--db FILE]
 * Lists the published snapshots kept beside the warehouse (`<db>.snapshots/`, the last 5 unless
 * `npm run etl -- --keep N`) and the newest lines of its run log, or publishes one of them again: the one before
 * the served snapshot, or the run given with --to. A server watching the warehouse path swaps to it with no
 * failed request. Every rollback, refused or not, is a line of the run log (`<db>.runs.jsonl`).
 * Exit code 0 when done, 1 when the rollback was refused or failed (the served snapshot is unchanged), 2 on
 * bad usage (a --db where no warehouse is, too). The command itself: etl/snapshots-command.ts.
 */
import { runSnapshotsCommand } from "./snapshots-command.js";

process.exit(
  await runSnapshotsCommand(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  }),
);
