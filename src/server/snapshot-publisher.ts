import type { SnapshotStore } from "../warehouse/index.js";
import type { Logger } from "./logger.js";
import type { ServedSnapshots } from "./served-snapshots.js";

export interface SnapshotPublisher {
  /** Resolves when the publish in progress (if any) has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The writer's side of the snapshot store: publishes the snapshot it serves now, and each one it swaps to
 * afterwards (a reload, `npm run etl`, a rollback), so that the replicas following the store serve it too.
 * One publish at a time; a swap during one asks for one more after it, of whatever is current then. A publish
 * that fails is logged and tried again at the next swap; the writer keeps serving either way.
 */
export function publishServedSnapshots(options: {
  readonly store: SnapshotStore;
  readonly snapshots: ServedSnapshots;
  readonly logger: Logger;
}): SnapshotPublisher {
  const { store, snapshots, logger } = options;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const publish = async (): Promise<void> => {
    const current = await snapshots.current();
    const published = await store.readManifest().catch(() => null);
    if (published !== null && published.etlRunId === current.etlRunId && current.etlRunId !== null) return;
    const manifest = await store.publish(current.path, {
      snapshotHash: current.hash,
      etlRunId: current.etlRunId,
    });
    logger.info(
      `Published snapshot ${manifest.snapshotHash ?? "?"} (ETL run ${manifest.etlRunId ?? "?"}) to the store ` +
        `${store.location} as ${manifest.sha256}.duckdb`,
    );
  };
  const schedule = (): void => {
    if (closed) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = publish()
      .catch((error: unknown) =>
        logger.error(`Publishing the served snapshot to the store ${store.location} failed.`, error),
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule();
        }
      });
  };
  const unsubscribe = snapshots.onSwap(schedule);
  schedule();

  return {
    settled: async () => {
      while (running !== undefined) await running;
    },
    async close() {
      closed = true;
      unsubscribe();
      while (running !== undefined) await running;
    },
  };
}
