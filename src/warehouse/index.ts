/**
 * The warehouse layer: the only code that talks to DuckDB. Everything above it gets a Kysely<WarehouseTables>
 * whose rows hold plain JS values (see duckdb-values.ts), never DuckDB classes. The dialect, driver and pool
 * stay internal: open a warehouse with openWarehouse or createWarehouse.
 */
export { QueryTimeoutError } from "./query-timeout-error.js";
export { SnapshotHolder } from "./snapshot-holder.js";
export { checkpoint, openTableAppender, type TableAppender } from "./table-appender.js";
export type {
  ActivityTable,
  AreaLevel,
  AreaMembershipTable,
  AreaTable,
  Boundary,
  BudgetLevel,
  ClaimKind,
  ClaimTable,
  ConsistencyFindingTable,
  CpiTable,
  EtlRunTable,
  FindingStatus,
  FundingFactTable,
  FundingSource,
  FundingStage,
  OutputFactTable,
  OutputStage,
  OutputTypeTable,
  PeriodKindTable,
  PopulationTable,
  SourceTable,
  WarehouseTables,
} from "./tables.js";
export { createWarehouse, openWarehouse, type Warehouse, type WarehouseOptions } from "./warehouse.js";
export { WAREHOUSE_DDL, WAREHOUSE_SCHEMA_HASH } from "./warehouse-ddl.js";
export { readSchemaHash } from "./read-schema-hash.js";
export {
  ROLLUP_CATALOG_TABLE,
  ROLLUP_DEFINITIONS,
  ROLLUP_MEASURES,
  rollupSelectSql,
  type RollupDefinition,
} from "./rollup-definitions.js";
export { NO_ROLLUPS, readRollups, type RollupSet, type RollupTable } from "./rollup-catalog.js";
export { observedDb, type StatementObserver, type StatementRecord } from "./statement-observer.js";
export { isRunId, qualityPagePath, qualityPagesDir, RUN_ID_PATTERN } from "./snapshot-reports.js";
export {
  DEFAULT_KEEP_SNAPSHOTS,
  listKeptSnapshots,
  rollbackSnapshot,
  RollbackError,
  snapshotHistoryDir,
  type KeptSnapshot,
  type RollbackResult,
} from "./snapshot-history.js";
export {
  DirectorySnapshotStore,
  parseManifest,
  type SnapshotManifest,
  type SnapshotStore,
} from "./snapshot-store.js";
