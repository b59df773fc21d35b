import type { EtlRunRecord, SnapshotInfo } from "../analytics/catalog/index.js";
import type { Warehouse } from "../warehouse/index.js";
import type { AnalysisExplain } from "./common/analysis-explain.js";
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
  /** The name of the data source it loads (`default`: the server's data folder). */
  readonly source?: string;
}

/** Runs the ETL out of process and swaps the served snapshot (implemented in src/server/reload-service.ts). */
export interface ReloadService {
  /**
   * Starts a reload of the data source `source` (a name from the server's configuration, `default` when
   * absent) and returns it at once; while one runs, returns that one instead of starting another.
   */
  start(source?: string): ReloadRun;
  /** The names of the data sources a reload may load, `default` first; only `default` when absent. */
  sources?(): ReadonlyArray<string>;
  /** A reload started since the server started, by id. */
  get(runId: string): ReloadRun | undefined;
  /** The most recent reload since the server started. */
  latest(): ReloadRun | undefined;
  /** Every reload since the server started, newest first. */
  list(): ReadonlyArray<ReloadRun>;
}

/** Limits on the work of one analysis (a root field), set by the server's configuration. */
export interface AnalysisLimits {
  /** From the resolver's start to its last list item completed (KC_QUERY_TIMEOUT_MS): QUERY_TIMEOUT. */
  readonly queryTimeoutMs: number;
  /** Rows a field may return (KC_MAX_RESULT_ROWS): more warehouse rows than this are refused before shaping. */
  readonly maxResultRows: number;
}

/** The limits when the server does not set them. */
export const DEFAULT_ANALYSIS_LIMITS: AnalysisLimits = Object.freeze({
  queryTimeoutMs: 10_000,
  maxResultRows: 50_000,
});

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
  /**
   * Aborted when the request's time limit passes; resolvers stop at their next field. Inside a root field's
   * resolver, also when that field's own time limit passes (src/graphql/request-guard.ts), with the error as
   * its reason.
   */
  readonly signal: AbortSignal;
  /** Limits on the work of each analysis: see AnalysisLimits. */
  readonly analysisLimits: AnalysisLimits;
  /** The notebooks folder (src/server/file-notebook-store.ts). */
  readonly notebooks: NotebookStore;
  /**
   * What answered each aggregate of the request's analyses, in order: a rollup's name, or null for the facts
   * (`cachedAnalysis` appends to it; the server reports it as `extensions.rollups`). Absent: not reported.
   */
  readonly rollupsUsed?: Array<string | null>;
  /**
   * Present when the request is explained (the admin's `X-KC-Explain: 1`): every analysis then bypasses the
   * result cache and records its SQL, rollups and stage times here (`cachedAnalysis`); the server reports it
   * as `extensions.explain`.
   */
  readonly explain?: AnalysisExplain;
}
