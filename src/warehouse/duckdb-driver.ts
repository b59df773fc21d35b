import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from "kysely";

import { DuckDBKyselyConnection } from "./duckdb-connection.js";
import type { DuckDBPool } from "./duckdb-pool.js";
import type { StatementObserver } from "./statement-observer.js";

export interface DuckDBDriverConfig {
  readonly pool: DuckDBPool;
  /** Interrupt any statement running longer than this; unlimited when absent. */
  readonly queryTimeoutMs?: number;
  /** Told of every statement run (an explained request's database: `observedDb`); absent: nothing is timed. */
  readonly observer?: StatementObserver;
}

/**
 * Kysely's driver over a DuckDBPool. Each Kysely query (or whole transaction) holds one pooled connection,
 * so concurrent reads run in parallel on up to the pool's size of connections. A transaction is
 * BEGIN/COMMIT/ROLLBACK on its dedicated connection; DuckDB has one isolation level (snapshot isolation),
 * so isolation levels and access modes are refused rather than silently ignored. No savepoints.
 */
export class DuckDBDriver implements Driver {
  readonly #pool: DuckDBPool;
  readonly #queryTimeoutMs: number | undefined;
  readonly #observer: StatementObserver | undefined;

  constructor(config: DuckDBDriverConfig) {
    this.#pool = config.pool;
    this.#queryTimeoutMs = config.queryTimeoutMs;
    this.#observer = config.observer;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new DuckDBKyselyConnection(await this.#pool.acquire(), this.#queryTimeoutMs, this.#observer);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel !== undefined || settings.accessMode !== undefined) {
      throw new Error(
        "DuckDB transactions have a single isolation level (snapshot) and no access modes; " +
          "remove setIsolationLevel/setAccessMode from the transaction.",
      );
    }
    await connection.executeQuery(CompiledQuery.raw("BEGIN TRANSACTION"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("COMMIT"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("ROLLBACK"));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#pool.release((connection as DuckDBKyselyConnection).connection);
  }

  /** Waits for in-flight queries (see DuckDBPool.close), then closes the connections and the instance. */
  async destroy(): Promise<void> {
    await this.#pool.close();
  }
}
