import { access } from "node:fs/promises";

import { DuckDBInstance } from "@duckdb/node-api";
import { CompiledQuery, Kysely } from "kysely";

import { DuckDBDialect } from "./duckdb-dialect.js";
import { DuckDBPool } from "./duckdb-pool.js";
import type { WarehouseTables } from "./tables.js";
import { WAREHOUSE_DDL, WAREHOUSE_SCHEMA_HASH } from "./warehouse-ddl.js";
import { registerWarehousePool } from "./warehouse-pool.js";
import { disableRollups } from "./rollup-catalog.js";

export interface WarehouseOptions {
  /** Open with DuckDB's access_mode READ_ONLY: every write is refused, and other processes may read too. */
  readonly readOnly?: boolean;
  /** Connections that run queries in parallel (default 4). Keep UV_THREADPOOL_SIZE above it. */
  readonly poolSize?: number;
  /** Interrupt a query running longer than this; it rejects with QueryTimeoutError. Unlimited by default. */
  readonly queryTimeoutMs?: number;
  /** DuckDB's memory_limit (default '2GB'; DuckDB's own default is 80% of RAM). */
  readonly memoryLimit?: string;
  /** DuckDB's worker threads. When absent: one for a read-only warehouse whose every table fits in one row group
   * (`smallTableThreads`), else DuckDB's default (one per core). */
  readonly threads?: number;
  /** Read the snapshot's rollups where they answer a request exactly (default true; false: facts only,
   * KC_ROLLUPS=off). */
  readonly rollups?: boolean;
}

/** Rows in one DuckDB row group: the unit a parallel scan splits a table into. */
const ROW_GROUP_ROWS = 122_880;

/** An open warehouse file. `db` is the only way to query it; `close()` is safe while queries run. */
export interface Warehouse {
  readonly path: string;
  readonly db: Kysely<WarehouseTables>;
  /** Refuses new queries, waits for those in flight (and open appenders), then closes the file. */
  close(): Promise<void>;
}

const DEFAULT_POOL_SIZE = 4;
const DEFAULT_MEMORY_LIMIT = "2GB";

/**
 * Opens a warehouse file. Open each file once per process: DuckDB's file lock is per process, so a second
 * read-write instance of the same file in one process would not be refused.
 */
export async function openWarehouse(path: string, options: WarehouseOptions = {}): Promise<Warehouse> {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  checkPositiveInteger("poolSize", poolSize);
  if (options.threads !== undefined) checkPositiveInteger("threads", options.threads);
  if (options.queryTimeoutMs !== undefined && !(options.queryTimeoutMs > 0)) {
    throw new RangeError(
      `queryTimeoutMs must be a positive number of milliseconds, not ${options.queryTimeoutMs}.`,
    );
  }
  const config: Record<string, string> = {
    access_mode: options.readOnly === true ? "READ_ONLY" : "READ_WRITE",
    memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
  };
  if (options.threads !== undefined) config["threads"] = String(options.threads);
  const instance = await DuckDBInstance.create(path, config);
  const pool = new DuckDBPool(instance, poolSize);
  const driverConfig = { pool, queryTimeoutMs: options.queryTimeoutMs };
  const db = new Kysely<WarehouseTables>({ dialect: new DuckDBDialect(driverConfig) });
  const warehouse: Warehouse = Object.freeze({
    path,
    db,
    async close(): Promise<void> {
      // Kysely only destroys a driver it has initialized (after a first query), so close the pool ourselves too.
      await db.destroy();
      await pool.close();
    },
  });
  registerWarehousePool(warehouse, driverConfig);
  if (options.rollups === false) disableRollups(warehouse);
  if (options.threads === undefined && options.readOnly === true) await smallTableThreads(db);
  return warehouse;
}

/**
 * One DuckDB thread when no table of the snapshot exceeds one row group. DuckDB scans a row group on one thread
 * anyway, so on such a snapshot (the published data: a few hundred facts) more threads only add scheduling:
 * with two threads the same small aggregate took 3 to 6 times as long on the shared 2-core machine (BENCHMARKS.md,
 * "DuckDB threads on a small snapshot"), while requests still run side by side on the pool's connections. Larger
 * snapshots keep DuckDB's default, so one wide query can use every core.
 */
async function smallTableThreads(db: Kysely<WarehouseTables>): Promise<void> {
  const { rows } = await db.executeQuery<{ rows: number | bigint | null }>(
    CompiledQuery.raw("SELECT max(estimated_size) AS rows FROM duckdb_tables()"),
  );
  if (Number(rows[0]?.rows ?? 0) <= ROW_GROUP_ROWS) {
    await db.executeQuery(CompiledQuery.raw("SET threads = 1"));
  }
}

/**
 * Creates a new warehouse file with every table of WAREHOUSE_DDL (in one transaction) and returns it open for
 * writing. Fails if the file, or a write-ahead log of that name, already exists: the ETL builds each snapshot
 * in a fresh file and never writes into the one being served.
 */
export async function createWarehouse(path: string, options: WarehouseOptions = {}): Promise<Warehouse> {
  for (const file of [path, `${path}.wal`]) {
    if (await exists(file)) {
      throw new Error(
        `Cannot create the warehouse "${path}": "${file}" already exists. Remove it or pick a new path.`,
      );
    }
  }
  const warehouse = await openWarehouse(path, { ...options, readOnly: false });
  try {
    await warehouse.db.transaction().execute(async (trx) => {
      for (const statement of WAREHOUSE_DDL) await trx.executeQuery(CompiledQuery.raw(statement));
      await trx.insertInto("warehouse_meta").values({ schema_hash: WAREHOUSE_SCHEMA_HASH }).execute();
    });
  } catch (error) {
    await warehouse.close();
    throw error;
  }
  return warehouse;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, not ${value}.`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
