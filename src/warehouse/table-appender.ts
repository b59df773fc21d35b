import type { DuckDBAppender, DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { sql } from "kysely";

import { columnWriter, type ColumnWriter } from "./column-writer.js";
import type { DuckDBPool } from "./duckdb-pool.js";
import type { WarehouseTables } from "./tables.js";
import type { Warehouse } from "./warehouse.js";
import { warehousePool } from "./warehouse-pool.js";

/**
 * Bulk loading for the ETL, through DuckDB's Appender (far faster than INSERTs: no SQL per row).
 *
 * `append` checks and converts a row synchronously (throwing a sentence that names the row and column) and
 * buffers it; `close` flushes and gives the connection back. Constraint violations (duplicate keys, NOT NULL,
 * CHECK) surface from `close`. DuckDB commits each internal flush on its own, so a failed load can leave some
 * rows behind: build a snapshot in a new file and discard the file when the load fails.
 * Always close an appender: it holds one pooled connection until then, and Warehouse.close waits for it.
 */
export interface TableAppender<T> {
  append(row: T): void;
  /** Flushes the buffered rows; rejects with DuckDB's error if they violate a constraint. */
  close(): Promise<void>;
}

/**
 * Opens an appender on `table`, writing each column by its declared DuckDB type (see columnWriter): BIGINT
 * exactly from number or bigint, DECIMAL(p,s) exactly from number or decimal text, VARCHAR[] from arrays,
 * TIMESTAMP from Date, JSON from a string of JSON.
 */
export async function openTableAppender<K extends keyof WarehouseTables>(
  warehouse: Warehouse,
  table: K,
): Promise<TableAppender<WarehouseTables[K]>> {
  const pool = warehousePool(warehouse);
  const connection = await pool.acquire();
  try {
    const columns = await columnNames(connection, table);
    if (columns.length === 0) {
      throw new Error(
        `The warehouse "${warehouse.path}" has no table "${table}"; was it made by createWarehouse?`,
      );
    }
    const appender = await connection.createAppender(table);
    try {
      const writers = columns.map((column, index) => columnWriter(column, appender.columnType(index)));
      return new DuckDBTableAppender<WarehouseTables[K]>(table, pool, connection, appender, writers);
    } catch (error) {
      appender.closeSync();
      throw error;
    }
  } catch (error) {
    pool.release(connection);
    throw error;
  }
}

/** Writes everything committed so far into the database file itself, leaving no write-ahead log. */
export async function checkpoint(warehouse: Warehouse): Promise<void> {
  await sql`CHECKPOINT`.execute(warehouse.db);
}

async function columnNames(connection: DuckDBConnection, table: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name FROM information_schema.columns
     WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = $1
     ORDER BY ordinal_position`,
    [table],
  );
  return reader.getRows().map((row) => String(row[0]));
}

class DuckDBTableAppender<T> implements TableAppender<T> {
  readonly #table: string;
  readonly #pool: DuckDBPool;
  readonly #connection: DuckDBConnection;
  readonly #appender: DuckDBAppender;
  readonly #writers: ReadonlyArray<ColumnWriter>;
  readonly #converted: DuckDBValue[];
  #rows = 0;
  #closing: Promise<void> | undefined;

  constructor(
    table: string,
    pool: DuckDBPool,
    connection: DuckDBConnection,
    appender: DuckDBAppender,
    writers: ReadonlyArray<ColumnWriter>,
  ) {
    this.#table = table;
    this.#pool = pool;
    this.#connection = connection;
    this.#appender = appender;
    this.#writers = writers;
    this.#converted = new Array<DuckDBValue>(writers.length).fill(null);
  }

  append(row: T): void {
    if (this.#closing) throw new Error(`The appender for table "${this.#table}" is closed; open a new one.`);
    const record = row as Record<string, unknown>;
    const culprit = `Row ${this.#rows + 1} for table "${this.#table}"`;
    const writers = this.#writers;
    const converted = this.#converted;
    // Convert the whole row before appending any of it, so a bad value never leaves half a row buffered.
    for (let i = 0; i < writers.length; i += 1)
      converted[i] = writers[i]!.convert(record[writers[i]!.column], culprit);
    for (let i = 0; i < writers.length; i += 1) writers[i]!.append(this.#appender, converted[i]!);
    this.#appender.endRow();
    this.#rows += 1;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    try {
      this.#appender.flushSync();
    } finally {
      try {
        this.#appender.closeSync();
      } catch {
        // closeSync repeats a failed flush's error; the flush error above is the one to report.
      }
      this.#pool.release(this.#connection);
    }
  }
}
