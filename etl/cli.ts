/**
 * npm run etl -- [--data DIR] [--db FILE] [--layout SPEC.yaml]... [--keep N] [--dry-run] [--json]
 * Loads the data folder into a new warehouse snapshot and switches to it atomically; prints a short report.
 * Exit code 0 when the load succeeded and was published, 1 when it failed (bad input, or a publish error such
 * as a full disk: the old warehouse is unchanged), 2 on bad usage.
 */
import { parseArgs } from "node:util";
import { formatEtlReport } from "./format-etl-report.js";
import { DEFAULT_DATA_DIR, DEFAULT_DB_PATH } from "./defaults.js";
import { runEtl } from "./run-etl.js";

let args;
try {
  args = parseArgs({
    options: {
      data: { type: "string", default: DEFAULT_DATA_DIR },
      db: { type: "string", default: DEFAULT_DB_PATH },
      layout: { type: "string", multiple: true, default: [] },
      keep: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  console.error(
    `${(error as Error).message}\nUsage: npm run etl -- [--data DIR] [--db FILE] [--layout SPEC.yaml]... [--keep N] [--dry-run] [--json]`,
  );
  process.exit(2);
}
if (args.help) {
  console.log(
    "Usage: npm run etl -- [--data DIR] [--db FILE] [--layout SPEC.yaml]... [--keep N] [--dry-run] [--json]",
  );
  process.exit(0);
}

const keep = args.keep === undefined ? undefined : Number(args.keep);
if (keep !== undefined && (!Number.isInteger(keep) || keep < 1 || keep > 1000)) {
  console.error(`--keep ${args.keep} is not a whole number of snapshots from 1 to 1000.`);
  process.exit(2);
}

let report;
try {
  report = await runEtl({
    dataDir: args.data,
    dbPath: args.db,
    layouts: args.layout,
    dryRun: args["dry-run"],
    ...(keep === undefined ? {} : { keepSnapshots: keep }),
    log: (line) => console.error(line),
  });
} catch (error) {
  // runEtl returns its failures; this is a bug in it, and still a failed load.
  console.error(`The load stopped on an unexpected error: ${(error as Error).message}`);
  process.exit(1);
}
console.log(formatEtlReport(report));
if (args.json) console.log(JSON.stringify(report));
// Only a run whose report says succeeded exits 0: a publish error is a failed run (docs/architecture.md §3).
process.exit(report.status === "succeeded" ? 0 : 1);
