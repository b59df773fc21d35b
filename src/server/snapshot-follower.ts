import { mkdir, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { SnapshotManifest, SnapshotStore } from "../warehouse/index.js";
import type { Logger } from "./logger.js";
import type { ServedSnapshots } from "./served-snapshots.js";

/** How often a replica reads the store's manifest. */
export const DEFAULT_FOLLOW_INTERVAL_MS = 1_000;

export interface SnapshotFollower {
  /** Why the store's current snapshot is not served, as a sentence; null when it is (/health shows it). */
  problem(): string | null;
  close(): Promise<void>;
}

/** The local copy of a store's snapshot: `<cacheDir>/<sha256>.duckdb`. */
export function localCopyPath(cacheDir: string, manifest: SnapshotManifest): string {
  return join(cacheDir, `${manifest.sha256}.duckdb`);
}

/**
 * Downloads the store's current snapshot into `cacheDir` (verifying its sha256) unless a copy is there;
 * returns the manifest and the local path. Rejects with a sentence when nothing is published.
 */
export async function fetchCurrentSnapshot(
  store: SnapshotStore,
  cacheDir: string,
): Promise<{ readonly manifest: SnapshotManifest; readonly path: string }> {
  const manifest = await store.readManifest();
  if (manifest === null)
    throw new Error(
      `No snapshot is published in the store ${store.location} yet: start the writer with --publish-to ` +
        `${store.location} first (it publishes the snapshot it serves).`,
    );
  await mkdir(cacheDir, { recursive: true });
  const path = localCopyPath(cacheDir, manifest);
  const present = (await readdir(cacheDir)).includes(`${manifest.sha256}.duckdb`);
  if (!present) await store.download(manifest, path);
  return { manifest, path };
}

/**
 * A read replica's loop: reads the store's manifest every `intervalMs`, and at once when the store says it
 * changed (`SnapshotStore.watch`, where the store can); when it names another snapshot, downloads
 * it to the replica's own `cacheDir`, verifies its sha256, opens it read-only and swaps it in (requests in flight
 * finish on the old one, which is then closed and its local copy deleted). The replica writes nothing but its
 * local copies. A manifest or file that cannot be read or verified leaves the served snapshot as it is; the
 * next check tries again.
 */
export function followSnapshotStore(options: {
  readonly store: SnapshotStore;
  readonly cacheDir: string;
  readonly snapshots: ServedSnapshots;
  readonly served: SnapshotManifest;
  readonly logger: Logger;
  readonly intervalMs?: number;
}): SnapshotFollower {
  const { store, cacheDir, snapshots, logger } = options;
  let served = options.served;
  let problem: string | null = null;
  let running: Promise<void> | undefined;
  let closed = false;

  const check = async (): Promise<void> => {
    let manifest: SnapshotManifest | null;
    let path: string;
    try {
      const current = await store.readManifest();
      if (current === null || current.sha256 === served.sha256) {
        problem = null;
        return;
      }
      const noticed = Date.now();
      ({ manifest, path } = await fetchCurrentSnapshot(store, cacheDir));
      const downloaded = Date.now();
      const { info, retired } = await snapshots.swapTo(path);
      const previous = localCopyPath(cacheDir, served);
      served = manifest;
      problem = null;
      const published = Date.parse(manifest.publishedAt);
      logger.info(
        `Serving the snapshot ${info.hash ?? "?"} (ETL run ${info.etlRunId ?? "?"}) from the store ${store.location}: ` +
          `noticed ${Number.isNaN(published) ? "?" : noticed - published} ms after its publication, copied and ` +
          `verified in ${downloaded - noticed} ms, opened in ${Date.now() - downloaded} ms`,
      );
      retired.then(
        () => unlink(previous).catch(() => {}),
        (error: unknown) => logger.error("Closing the previous snapshot failed.", error),
      );
    } catch (error) {
      const reason = `The store ${store.location} names a snapshot this replica could not serve, so it serves the previous one: ${(error as Error).message}`;
      if (problem !== reason) logger.error(reason);
      problem = reason;
    }
  };

  // One check at a time; a hint that arrives during one runs another right after it.
  let again = false;
  const start = (): void => {
    if (closed) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = check().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        start();
      }
    });
  };
  const timer = setInterval(
    () => running === undefined && start(),
    options.intervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS,
  );
  timer.unref();
  // A store that notifies (a local folder) starts a check at once; the polling above stays for any it misses.
  const unwatch = store.watch?.(start) ?? (() => {});

  return {
    problem: () => problem,
    async close() {
      closed = true;
      clearInterval(timer);
      unwatch();
      while (running !== undefined) await running;
    },
  };
}
