import type { EtlRunRecord, SnapshotInfo } from "../analytics/catalog/index.js";
import type { Warehouse } from "../warehouse/index.js";
import type { NotebookStore } from "./notebooks/notebook-store.js";

export type { SnapshotInfo };

/** Where a reload stands: running, then succeeded (new snapshot served) or failed (old snapshot kept). */
export type ReloadState = "running" | "succeeded" | "failed";

/** One reload of the warehouse, started by the `reloadWarehouse` mutation. */
export interface ReloadRun {
  /** Our id for the reload, known at once; the ETL's own run id is in `report.runId` when it has finished. */
  readonly runId: string;
  readonly state: ReloadState;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  /** The ETL's report once the child process has printed it; null while running or if it printed none. */
  readonly report: EtlRunRecord | null;
  /** Why a reload failed, as a sentence; null otherwise. */
  readonly message: string | null;
}

/** Runs the ETL out of process and swaps the served snapshot (implemented in src/server/reload-service.ts). */
export interface ReloadService {
  /** Starts a reload and returns it at once; while one runs, returns that one instead of starting another. */
  start(): ReloadRun;
  /** A reload started since the server started, by id. */
  get(runId: string): ReloadRun | undefined;
  /** The most recent reload since the server started. */
  latest(): ReloadRun | undefined;
  /** Every reload since the server started, newest first. */
  list(): ReadonlyArray<ReloadRun>;
}

/** What every resolver gets. */
/**
 * Results of analyses kept for the snapshot a request leased (snapshots are immutable). `memo` returns the
 * kept result for `key`, or computes, keeps and returns it. The key must name everything the result depends on
 * besides the snapshot: the field, its arguments and any selection that changes what is computed.
 */
export interface ResultCache {
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export interface GraphQLContext {
  /** The snapshot leased for the whole request: a reload swaps it only for later requests. */
  readonly warehouse: Warehouse;
  readonly snapshot: SnapshotInfo;
  /** Results kept for this snapshot: see ResultCache. */
  readonly results: ResultCache;
  /** True when the request carried the admin token (`Authorization: Bearer <token>`). */
  readonly isAdmin: boolean;
  /**
   * True when the request may change files: the write or admin token as `Authorization: Bearer <token>`, or
   * the browser's session cookie for one of them (src/server/write-access.ts).
   */
  readonly canWrite: boolean;
  readonly reloads: ReloadService;
  /** Aborted when the request's time limit passes; resolvers stop at their next field. */
  readonly signal: AbortSignal;
  /** The notebooks folder (src/server/file-notebook-store.ts). */
  readonly notebooks: NotebookStore;
}
