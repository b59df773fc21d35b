import type { DuckDBPool } from "./duckdb-pool.js";
import type { Warehouse } from "./warehouse.js";

/**
 * The connection pool behind each open Warehouse, for the warehouse's own modules (the table appender) that
 * need a raw DuckDB connection. Kept out of the Warehouse interface so no DuckDB class leaks above this folder.
 */
const pools = new WeakMap<Warehouse, DuckDBPool>();

export function registerWarehousePool(warehouse: Warehouse, pool: DuckDBPool): void {
  pools.set(warehouse, pool);
}

export function warehousePool(warehouse: Warehouse): DuckDBPool {
  const pool = pools.get(warehouse);
  if (!pool)
    throw new Error(`"${warehouse.path}" is not a warehouse opened by openWarehouse or createWarehouse.`);
  return pool;
}
