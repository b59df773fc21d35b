import { forbidden, type ReloadRun, type ReloadService } from "../graphql/index.js";
import type { NotebookStore } from "../graphql/notebooks/index.js";

/**
 * The reloads of a read replica (--follow): there are none. A replica serves what the writer publishes to the
 * store and never runs the ETL; `reloadWarehouse` answers a failed run saying where to send it.
 */
export function replicaReloads(storeLocation: string): ReloadService {
  return {
    start(source = "default"): ReloadRun {
      const now = new Date();
      return Object.freeze({
        runId: "read-replica",
        source,
        state: "failed",
        startedAt: now,
        finishedAt: now,
        report: null,
        message:
          `This server is a read replica of the snapshot store ${storeLocation} and never loads data: send ` +
          `reloadWarehouse to the writer (behind nginx, a request with the admin token goes there; docs/deploy.md).`,
      });
    },
    sources: () => ["default"],
    get: () => undefined,
    latest: () => undefined,
    list: () => [],
  };
}

/** The notebooks of a read replica: read from the shared folder (if any), never changed here. */
export function replicaNotebooks(local: NotebookStore): NotebookStore {
  const refuse = (): never => {
    throw forbidden(
      "This server is a read replica and changes no notebook: send notebook changes to the writer (behind " +
        "nginx, a request with the write token or a write session goes there; docs/deploy.md).",
    );
  };
  return {
    list: () => local.list(),
    read: (name) => local.read(name),
    create: async () => refuse(),
    save: async () => refuse(),
    rename: async () => refuse(),
    delete: async () => refuse(),
  };
}
