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
  readonly #results = new WeakMap<Warehouse, ResultCache>();
  readonly #resultCacheEntries: number;

  private constructor(
    holder: SnapshotHolder,
    options: WarehouseOptions,
    info: WeakMap<Warehouse, SnapshotInfo>,
    resultCacheEntries: number,
  ) {
    this.#holder = holder;
    this.#options = options;
    this.#info = info;
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
    const warehouse = await openIdentified(path, readOnly, info);
    return new ServedSnapshots(new SnapshotHolder(warehouse), readOnly, info, resultCacheEntries);
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
  async swapTo(
    path: string,
    expected?: { readonly etlRunId: string },
  ): Promise<{ readonly info: SnapshotInfo; readonly retired: Promise<void> }> {
    const next = await openIdentified(path, this.#options, this.#info);
    const info = this.#identify(next);
    if (expected !== undefined && info.etlRunId !== expected.etlRunId) {
      await next.close();
      throw new Error(
        `The warehouse "${path}" holds the snapshot of ETL run ${info.etlRunId ?? "(none)"}, not that of run ` +
          `${expected.etlRunId}: the new snapshot was not published.`,
      );
    }
    const retired = this.#holder.swap(next);
    return { info, retired };
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
): Promise<Warehouse> {
  const warehouse = await openWarehouse(path, options);
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
