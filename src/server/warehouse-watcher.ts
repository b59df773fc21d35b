import { watch, type FSWatcher } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { readSchemaHash, WAREHOUSE_SCHEMA_HASH } from "../warehouse/index.js";
import type { Logger } from "./logger.js";
import type { ServedSnapshots } from "./served-snapshots.js";

/** How often the warehouse file is checked besides file-system events (which some file systems lack). */
export const DEFAULT_WATCH_INTERVAL_MS = 1_000;

export interface WarehouseWatcher {
  /** Why the last snapshot published at the path is not served, as a sentence; null when it is. */
  problem(): string | null;
  /** Resolves when the check in progress (if any) has finished; for shutdown and tests. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves every snapshot published at `path`, by any ETL run: `npm run etl -- --db <path>`, a cron job, the
 * `reloadWarehouse` mutation, or `npm run snapshots -- rollback`. Loads rename a complete file over the path
 * (src/warehouse/snapshot-file.ts), so a new file there is a new snapshot: when the file's identity changes
 * (a folder event, or the check every `intervalMs`), it is opened read-only and swapped in. Requests in
 * flight finish on the old snapshot (ServedSnapshots). A file of another model version, or one that cannot
 * be opened, is not served: the old snapshot stays, the log says why and `problem()` (shown by /health) too.
 */
export function watchWarehouse(options: {
  readonly path: string;
  readonly snapshots: ServedSnapshots;
  readonly logger: Logger;
  readonly intervalMs?: number;
}): WarehouseWatcher {
  const { path, snapshots, logger } = options;
  let problem: string | null = null;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  let refused: string | null = null;
  const check = async (): Promise<void> => {
    if (!(await snapshots.changedOnDisk(path))) return;
    const file = await identity(path);
    if (file === null || file === refused) return;
    const hash = await readSchemaHash(path);
    if (hash !== WAREHOUSE_SCHEMA_HASH) {
      refused = file;
      // Checked again only when yet another file is published (the identity stays the one refused).
      const reason =
        `The snapshot published at ${path} was not served: it was built by another version of the model ` +
        `(or is not a warehouse). Load the data again with this version: npm run etl -- --db ${path}`;
      if (problem !== reason) logger.error(reason);
      problem = reason;
      return;
    }
    try {
      const { info, retired, swapped } = await snapshots.swapTo(path);
      problem = null;
      if (!swapped) return;
      retired.catch((error: unknown) => logger.error("Closing the previous snapshot failed.", error));
      logger.info(
        `Serving the snapshot published at ${path}: ${info.hash ?? "?"} (ETL run ${info.etlRunId ?? "?"})`,
      );
    } catch (error) {
      refused = file;
      const reason = `The snapshot published at ${path} could not be opened, so the previous one is still served: ${(error as Error).message}`;
      if (problem !== reason) logger.error(reason, error);
      problem = reason;
    }
  };

  /** One check at a time; an event during a check asks for one more after it. */
  const schedule = (): void => {
    if (closed) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = check()
      .catch((error: unknown) => logger.error(`Checking the warehouse ${path} failed.`, error))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule();
        }
      });
  };

  let watcher: FSWatcher | undefined;
  try {
    // The folder, not the file: a rename over the file replaces it, and a watch on the old file sees no more.
    watcher = watch(dirname(path), (_event, name) => {
      if (name === null || name === basename(path)) schedule();
    });
    watcher.on("error", () => watcher?.close());
  } catch {
    watcher = undefined; // the interval below still sees new snapshots
  }
  const timer = setInterval(schedule, options.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS);
  timer.unref();

  return {
    problem: () => problem,
    settled: async () => {
      while (running !== undefined) await running;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      watcher?.close();
      while (running !== undefined) await running;
    },
  };
}

async function identity(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    return `${s.dev}:${s.ino}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}
