import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { forgetPreparedStatements } from "./prepared-statements.js";

interface Waiter {
  readonly resolve: (connection: DuckDBConnection) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Up to `size` connections of one DuckDBInstance, lent one caller at a time: DuckDB runs queries of different
 * connections in parallel, while one connection serializes them. Connections are made on first need and kept
 * in an idle list; callers beyond `size` wait in a FIFO queue.
 *
 * `close()` is the reason this class exists rather than a bare array: closing a connection or the instance
 * while a query runs on it leaves that query's promise pending forever (DuckDB 1.5.6). So `close()` first
 * refuses new leases, then waits until every lent connection is back (queued callers are still served), and
 * only then closes the connections and the instance. A lease that is never released makes it wait forever.
 */
export class DuckDBPool {
  readonly #instance: DuckDBInstance;
  readonly #size: number;
  readonly #all: DuckDBConnection[] = [];
  readonly #idle: DuckDBConnection[] = [];
  readonly #waiters: Waiter[] = [];
  #connecting = 0;
  #lent = 0;
  #closing: Promise<void> | undefined;
  #drained: (() => void) | undefined;

  constructor(instance: DuckDBInstance, size: number) {
    this.#instance = instance;
    this.#size = size;
  }

  /** Lends a connection; give it back with `release`. Rejects once `close()` has been called. */
  async acquire(): Promise<DuckDBConnection> {
    if (this.#closing) throw new Error("The warehouse is closed; open it again to run queries.");
    const idle = this.#idle.pop();
    if (idle) {
      this.#lent += 1;
      return idle;
    }
    if (this.#all.length + this.#connecting < this.#size) {
      this.#lent += 1;
      return this.#connect();
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Takes a lent connection back, handing it straight to the longest-waiting caller if there is one. */
  release(connection: DuckDBConnection): void {
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.resolve(connection);
      return;
    }
    this.#idle.push(connection);
    this.#release();
  }

  /** Waits for every lent connection to come back, then closes the connections and the instance. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#lent > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    for (const connection of this.#all) {
      forgetPreparedStatements(connection);
      connection.closeSync();
    }
    this.#all.length = 0;
    this.#idle.length = 0;
    this.#instance.closeSync();
  }

  /** Opens one more connection for a caller already counted in `#lent`. */
  async #connect(): Promise<DuckDBConnection> {
    this.#connecting += 1;
    try {
      const connection = await this.#instance.connect();
      this.#all.push(connection);
      return connection;
    } catch (error) {
      // The slot is free again: let the longest-waiting caller try it, or it would wait forever.
      const waiter = this.#waiters.shift();
      if (waiter) this.#connect().then(waiter.resolve, waiter.reject);
      else this.#release();
      throw error;
    } finally {
      this.#connecting -= 1;
    }
  }

  #release(): void {
    this.#lent -= 1;
    if (this.#lent === 0) this.#drained?.();
  }
}
