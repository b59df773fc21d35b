import { stat } from "node:fs/promises";
import { latestSucceededRunQuery, toSnapshotInfo } from "../analytics/catalog/index.js";
import type { ResultCache, SnapshotInfo } from "../graphql/index.js";
import { createResultCache, DEFAULT_RESULT_CACHE_ENTRIES } from "./snapshot-result-cache.js";
import { openWarehouse, SnapshotHolder, type Warehouse, type WarehouseOptions } from "../warehouse/index.js";

/** A warehouse leased for one request; `release` is idempotent. */
export interface SnapshotLease {
  readonly warehouse: Warehouse;
  readonly info: SnapshotInfo;
  readonly results: ResultCache;
  release(): void;
}

/** The served snapshot's identity and file, as /health shows it. */
export interface ServedSnapshot extends SnapshotInfo {
  readonly path: string;
}

/**
 * The snapshots the server serves: SnapshotHolder (swap without failing requests in flight) plus the identity
 * of each open warehouse, read once when it is opened. Warehouses are always opened read-only.
 */
export class ServedSnapshots {
  readonly #holder: SnapshotHolder;
  readonly #options: WarehouseOptions;
  readonly #info: WeakMap<Warehouse, SnapshotInfo>;
  /** The identity (device and inode) of the file each warehouse was opened from. */
  readonly #files: WeakMap<Warehouse, string>;
  readonly #results = new WeakMap<Warehouse, ResultCache>();
  readonly #resultCacheEntries: number;
  /** One swap at a time (a reload's and the watcher's), so that the newest file is the last one swapped in. */
  #swapping: Promise<unknown> = Promise.resolve();
  /** Told of every snapshot swapped in (src/server/snapshot-events.ts streams it to dashboards). */
  readonly #swapListeners = new Set<(info: SnapshotInfo) => void>();

  private constructor(
    holder: SnapshotHolder,
    options: WarehouseOptions,
    info: WeakMap<Warehouse, SnapshotInfo>,
    files: WeakMap<Warehouse, string>,
    resultCacheEntries: number,
  ) {
    this.#holder = holder;
    this.#options = options;
    this.#info = info;
    this.#files = files;
    this.#resultCacheEntries = resultCacheEntries;
  }

  /** Opens `path` read-only and serves it; `resultCacheEntries` results are kept per snapshot (0: none). */
  static async open(
    path: string,
    options: Omit<WarehouseOptions, "readOnly"> & { readonly resultCacheEntries?: number } = {},
  ): Promise<ServedSnapshots> {
    const { resultCacheEntries = DEFAULT_RESULT_CACHE_ENTRIES, ...warehouseOptions } = options;
    const readOnly = { ...warehouseOptions, readOnly: true };
    const info = new WeakMap<Warehouse, SnapshotInfo>();
    const files = new WeakMap<Warehouse, string>();
    const warehouse = await openIdentified(path, readOnly, info, files);
    return new ServedSnapshots(new SnapshotHolder(warehouse), readOnly, info, files, resultCacheEntries);
  }

  /** Leases the current warehouse until `release()`; a swap meanwhile closes it only after the release. */
  lease(): Promise<SnapshotLease> {
    return new Promise((resolveLease, reject) => {
      let release = (): void => {};
      const released = new Promise<void>((done) => (release = done));
      this.#holder
        .use(async (warehouse) => {
          resolveLease({
            warehouse,
            info: this.#identify(warehouse),
            results: this.#resultsOf(warehouse),
            release,
          });
          await released;
        })
        .catch(reject);
    });
  }

  /** The identity of the snapshot new requests get. */
  current(): Promise<ServedSnapshot> {
    return this.#holder.use(async (warehouse) => ({ ...this.#identify(warehouse), path: warehouse.path }));
  }

  /**
   * Opens `path` (normally the same path, which the ETL has atomically replaced) and serves it to new requests.
   * Resolves once it is current; `retired` settles when the previous snapshot has drained and closed.
   * With `expected`, the file must hold the snapshot of that ETL run: otherwise (the publish did not take
   * effect) it is closed again, nothing is swapped and the promise rejects. A file that cannot be opened
   * rejects too; either way the previous snapshot stays served.
   */
  swapTo(
    path: string,
    expected?: { readonly etlRunId: string },
  ): Promise<{ readonly info: SnapshotInfo; readonly retired: Promise<void>; readonly swapped: boolean }> {
    const swap = this.#swapping.then(() => this.#swapTo(path, expected));
    this.#swapping = swap.catch(() => {});
    return swap;
  }

  /**
   * Whether the file at `path` is another file than the one served (a load or a rollback has renamed a new
   * snapshot over it since it was opened); false when nothing is there.
   */
  async changedOnDisk(path: string): Promise<boolean> {
    const onDisk = await fileIdentity(path);
    if (onDisk === null) return false;
    const served = await this.#holder.use(async (warehouse) => this.#files.get(warehouse) ?? null);
    return served === null || served !== onDisk;
  }

  async #swapTo(
    path: string,
    expected?: { readonly etlRunId: string },
  ): Promise<{ readonly info: SnapshotInfo; readonly retired: Promise<void>; readonly swapped: boolean }> {
    // The file served already (the watcher or a reload swapped to it first): nothing to open or close.
    if (!(await this.changedOnDisk(path))) {
      const current = await this.current();
      if (current.path === path && (expected === undefined || current.etlRunId === expected.etlRunId))
        return { info: current, retired: Promise.resolve(), swapped: false };
    }
    const next = await openIdentified(path, this.#options, this.#info, this.#files);
    const info = this.#identify(next);
    if (expected !== undefined && info.etlRunId !== expected.etlRunId) {
      await next.close();
      throw new Error(
        `The warehouse "${path}" holds the snapshot of ETL run ${info.etlRunId ?? "(none)"}, not that of run ` +
          `${expected.etlRunId}: the new snapshot was not published.`,
      );
    }
    const retired = this.#holder.swap(next);
    for (const listener of this.#swapListeners) listener(info);
    return { info, retired, swapped: true };
  }

  /**
   * Calls `listener` with the identity of each snapshot swapped in from now on (by a reload, the watcher or a
   * snapshot store), once it is the one new requests get. Returns the function that stops the calls.
   */
  onSwap(listener: (info: SnapshotInfo) => void): () => void {
    this.#swapListeners.add(listener);
    return () => void this.#swapListeners.delete(listener);
  }

  /** Waits for requests in flight, then closes every open snapshot. */
  close(): Promise<void> {
    return this.#holder.close();
  }

  #resultsOf(warehouse: Warehouse): ResultCache {
    let results = this.#results.get(warehouse);
    if (results === undefined) {
      results = createResultCache(this.#resultCacheEntries);
      this.#results.set(warehouse, results);
    }
    return results;
  }

  #identify(warehouse: Warehouse): SnapshotInfo {
    return this.#info.get(warehouse) ?? toSnapshotInfo(undefined);
  }
}

async function openIdentified(
  path: string,
  options: WarehouseOptions,
  info: WeakMap<Warehouse, SnapshotInfo>,
  files: WeakMap<Warehouse, string>,
): Promise<Warehouse> {
  // Before the open: if the file is replaced in between, the identity is the older one and the next check
  // swaps again, never the other way round (serving a new file under an old identity would miss it).
  const identity = await fileIdentity(path);
  const warehouse = await openWarehouse(path, options);
  if (identity !== null) files.set(warehouse, identity);
  try {
    info.set(warehouse, toSnapshotInfo(await latestSucceededRunQuery(warehouse.db).executeTakeFirst()));
  } catch (error) {
    await warehouse.close();
    throw new Error(`The warehouse "${path}" could not be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return warehouse;
}

/** `device:inode` of the file at `path`, or null when there is none: a rename over the path changes it. */
async function fileIdentity(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}
