import type { DuckDBDriverConfig } from "./duckdb-driver.js";
import type { DuckDBPool } from "./duckdb-pool.js";
import type { Warehouse } from "./warehouse.js";

/**
 * The connection pool behind each open Warehouse (with its driver settings), for the warehouse's own modules
 * (the table appender, the statement observer) that need a raw DuckDB connection or a second view of the same
 * connections. Kept out of the Warehouse interface so no DuckDB class leaks above this folder.
 */
const configs = new WeakMap<Warehouse, DuckDBDriverConfig>();

export function registerWarehousePool(warehouse: Warehouse, config: DuckDBDriverConfig): void {
  configs.set(warehouse, config);
}

export function warehousePool(warehouse: Warehouse): DuckDBPool {
  return warehouseDriverConfig(warehouse).pool;
}

/** The pool and driver settings `warehouse.db` runs on. */
export function warehouseDriverConfig(warehouse: Warehouse): DuckDBDriverConfig {
  const config = configs.get(warehouse);
  if (!config)
    throw new Error(`"${warehouse.path}" is not a warehouse opened by openWarehouse or createWarehouse.`);
  return config;
}
