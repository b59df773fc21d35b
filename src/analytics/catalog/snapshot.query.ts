import type { Kysely } from "kysely";
import type { EtlRunTable, WarehouseTables } from "../../warehouse/tables.js";
import { toEtlRunRecord } from "./etl-runs.query.js";

/** What identifies a snapshot: the content hash and the ETL run that built it. */
export interface SnapshotInfo {
  /** sha256 over the loaded content (stable across identical reloads); null when no run is recorded. */
  readonly hash: string | null;
  readonly etlRunId: string | null;
  /** When the ETL run that built the snapshot finished. */
  readonly loadedAt: Date | null;
  readonly rowsPerTable: Readonly<Record<string, number>>;
}

/** The newest succeeded ETL run recorded in the snapshot (the one that built it). */
export function latestSucceededRunQuery(db: Kysely<WarehouseTables>) {
  return db
    .selectFrom("etl_run")
    .selectAll()
    .where("status", "=", "succeeded")
    .orderBy("finished_at", "desc")
    .limit(1);
}

/**
 * The snapshot's identity from its newest succeeded run (`latestSucceededRunQuery`); a warehouse without a
 * recorded run gives nulls and no row counts.
 */
export function toSnapshotInfo(row: EtlRunTable | undefined): SnapshotInfo {
  if (row === undefined) return { hash: null, etlRunId: null, loadedAt: null, rowsPerTable: {} };
  const run = toEtlRunRecord(row);
  return {
    hash: run.snapshotHash,
    etlRunId: run.runId,
    loadedAt: run.finishedAt,
    rowsPerTable: run.rowsPerTable,
  };
}
