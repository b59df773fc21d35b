import { Kysely } from "kysely";

import { DuckDBDialect } from "./duckdb-dialect.js";
import type { WarehouseTables } from "./tables.js";
import type { Warehouse } from "./warehouse.js";
import { warehouseDriverConfig } from "./warehouse-pool.js";

/** One statement as DuckDB ran it: its text, its bound values, the rows it returned and how long it took. */
export interface StatementRecord {
  /** The SQL text sent to DuckDB (`$1`, `$2`… stand for the parameters). */
  readonly sql: string;
  /** The bound values, in placeholder order, as Kysely compiled them. */
  readonly parameters: ReadonlyArray<unknown>;
  /** Rows the statement returned (a write's RETURNING rows; 0 for a statement without a result). */
  readonly rows: number;
  /** From sending the statement to having its rows converted, in milliseconds. */
  readonly ms: number;
  /** When the statement finished, on `performance.now()`'s clock. */
  readonly endedAt: number;
}

/** Called once for each statement a database observed by `observedDb` has run. */
export type StatementObserver = (record: StatementRecord) => void;

/**
 * A database over the same connections as `warehouse.db` that reports every statement it runs to `observer`
 * (the EXPLAIN output of an analysis: src/graphql/common/analysis-explain.ts). The warehouse's own database is
 * never observed, so a request that is not explained pays nothing. Never destroy the result: its connections
 * are the warehouse's, closed with it.
 */
export function observedDb(warehouse: Warehouse, observer: StatementObserver): Kysely<WarehouseTables> {
  return new Kysely<WarehouseTables>({
    dialect: new DuckDBDialect({ ...warehouseDriverConfig(warehouse), observer }),
  });
}
