import {
  AnalysisExplain,
  DEFAULT_ANALYSIS_LIMITS,
  type AnalysisLimits,
  type GraphQLContext,
  type ReloadService,
  type ResultCache,
  type SnapshotInfo,
} from "../graphql/index.js";
import type { NotebookStore } from "../graphql/notebooks/index.js";
import type { Warehouse } from "../warehouse/index.js";
import type { SnapshotLease } from "./served-snapshots.js";

/**
 * The context of one GraphQL request. It is created before Apollo starts the request; the lease plugin then
 * attaches the leased snapshot (`attach`) and releases it when the response is sent.
 *
 * Apollo shallow-copies the context for each operation (own properties onto an object of the same
 * prototype), so the state lives in ordinary properties, not in `#private` fields that a copy would lack.
 */
export class RequestContext implements GraphQLContext {
  readonly isAdmin: boolean;
  readonly reloads: ReloadService;
  readonly notebooks: NotebookStore;
  readonly canWrite: boolean;
  readonly analysisLimits: AnalysisLimits;
  readonly rollupsUsed: Array<string | null> = [];
  readonly explain: AnalysisExplain | undefined;
  private readonly abortController = new AbortController();
  private lease: SnapshotLease | undefined;

  constructor(
    isAdmin: boolean,
    reloads: ReloadService,
    notebooks: NotebookStore,
    canWrite = false,
    analysisLimits: AnalysisLimits = DEFAULT_ANALYSIS_LIMITS,
    explain = false,
  ) {
    this.explain = explain ? new AnalysisExplain() : undefined;
    this.analysisLimits = analysisLimits;
    this.isAdmin = isAdmin;
    this.reloads = reloads;
    this.notebooks = notebooks;
    this.canWrite = canWrite;
  }

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  get warehouse(): Warehouse {
    return this.leased().warehouse;
  }

  get snapshot(): SnapshotInfo {
    return this.leased().info;
  }

  get results(): ResultCache {
    return this.leased().results;
  }

  attach(lease: SnapshotLease): void {
    this.lease = lease;
  }

  /** Called by the lease plugin when the request's time limit passes. */
  abort(): void {
    this.abortController.abort();
  }

  private leased(): SnapshotLease {
    if (this.lease === undefined) {
      throw new Error("No snapshot is leased for this request: is warehouseLeasePlugin installed?");
    }
    return this.lease;
  }
}
