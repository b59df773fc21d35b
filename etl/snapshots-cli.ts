/**
 * npm run snapshots -- list|rollback [--to RUN_ID] [--db FILE]
 * Lists the published snapshots kept beside the warehouse (`<db>.snapshots/`, the last 5 unless
 * `npm run etl -- --keep N`), or publishes one of them again: the one before the served snapshot, or the run
 * given with --to. A server watching the warehouse path swaps to it with no failed request.
 * Exit code 0 when done, 1 when the rollback was refused or failed (the served snapshot is unchanged), 2 on
 * bad usage.
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { listKeptSnapshots, RollbackError, rollbackSnapshot } from "../src/warehouse/snapshot-history.js";
import { DEFAULT_DB_PATH } from "./defaults.js";

const USAGE = "Usage: npm run snapshots -- list|rollback [--to RUN_ID] [--db FILE]";

let parsed;
try {
  parsed = parseArgs({
    options: {
      db: { type: "string", default: DEFAULT_DB_PATH },
      to: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: true,
    strict: true,
  });
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values: args, positionals } = parsed;
const command = positionals[0];
if (args.help || positionals.length !== 1 || (command !== "list" && command !== "rollback")) {
  if (!args.help) console.error(`Say list or rollback.\n${USAGE}`);
  else console.log(USAGE);
  process.exit(args.help ? 0 : 2);
}
const dbPath = resolve(args.db);

if (command === "list") {
  const kept = await listKeptSnapshots(dbPath);
  if (kept.length === 0) console.log(`No snapshot is kept beside ${dbPath}: the next load keeps its own.`);
  for (const snapshot of kept) console.log(`${snapshot.runId}${snapshot.served ? "  (served)" : ""}`);
  process.exit(0);
}

try {
  const done = await rollbackSnapshot(dbPath, args.to === undefined ? {} : { to: args.to });
  console.log(
    done.from === done.to
      ? `The snapshot of ETL run ${done.to} is already the one at ${dbPath}; nothing changed.`
      : `Rolled back ${dbPath} from ETL run ${done.from ?? "(not kept)"} to ${done.to}. A server watching it ` +
          `serves it within seconds; undo with: npm run snapshots -- rollback --to ${done.from ?? "RUN_ID"}`,
  );
  process.exit(0);
} catch (error) {
  console.error(
    error instanceof RollbackError ? error.message : `The rollback failed: ${(error as Error).message}`,
  );
  process.exit(1);
}
