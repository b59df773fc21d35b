import {
  ResultReturnType,
  StatementType,
  type DuckDBConnection,
  type DuckDBMaterializedResult,
  type DuckDBPreparedStatement,
} from "@duckdb/node-api";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { CompiledQuery, DatabaseConnection, QueryResult } from "kysely";

import { fromDuckDBValue, toDuckDBParameter } from "./duckdb-values.js";
import { preparedStatement } from "./prepared-statements.js";
import { QueryTimeoutError } from "./query-timeout-error.js";
import type { StatementObserver } from "./statement-observer.js";

/** Statements whose QUERY_RESULT rows are the `RETURNING` rows of a write. */
const WRITES: ReadonlySet<StatementType> = new Set([
  StatementType.INSERT,
  StatementType.UPDATE,
  StatementType.DELETE,
  StatementType.MERGE_INTO,
]);

/**
 * Kysely's view of one pooled DuckDB connection.
 *
 * What a statement returned is decided by DuckDB's result metadata (`returnType`, `statementType`), never by
 * column names: kysely-duckdb 0.4 guessed "a single row with one column named count is an insert count" and
 * so returned [] for `SELECT count(*) AS count`.
 *
 * With `timeoutMs`, each statement (and each chunk fetch of a stream) is interrupted through
 * `connection.interrupt()` when it runs longer, and rejects with QueryTimeoutError; the connection stays
 * usable. DuckDB has no `statement_timeout` setting.
 */
export class DuckDBKyselyConnection implements DatabaseConnection {
  /** The pooled connection, for the driver to give back to the pool. */
  readonly connection: DuckDBConnection;
  readonly #timeoutMs: number | undefined;
  readonly #observer: StatementObserver | undefined;

  constructor(connection: DuckDBConnection, timeoutMs: number | undefined, observer?: StatementObserver) {
    this.connection = connection;
    this.#timeoutMs = timeoutMs;
    this.#observer = observer;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const observer = this.#observer;
    if (observer === undefined) return this.#execute(query);
    const start = performance.now();
    const result = await this.#execute<R>(query);
    const endedAt = performance.now();
    observer({
      sql: query.sql,
      parameters: query.parameters,
      rows: result.rows.length,
      ms: endedAt - start,
      endedAt,
    });
    return result;
  }

  async #execute<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#timed(() =>
      query.parameters.length === 0
        ? this.connection.run(query.sql)
        : this.#withPrepared(query, (prepared) => prepared.run()),
    );
    return toQueryResult<R>(result);
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const result = await this.#timed(() => this.#withPrepared(query, (prepared) => prepared.stream()));
    const chunks = result.yieldConvertedRowObjects(fromDuckDBValue)[Symbol.asyncIterator]();
    for (;;) {
      // The timeout covers DuckDB's work for each chunk, not the time the consumer spends between chunks.
      const next = await this.#timed(() => chunks.next());
      if (next.done === true) return;
      yield { rows: next.value as R[] };
    }
  }

  async #withPrepared<T>(
    query: CompiledQuery,
    run: (prepared: DuckDBPreparedStatement) => Promise<T>,
  ): Promise<T> {
    const { statement, release } = await preparedStatement(this.connection, query.sql);
    try {
      query.parameters.forEach((value, index) => {
        const parameter = toDuckDBParameter(value, index + 1);
        statement.bindValue(index + 1, parameter.value, parameter.type);
      });
      return await run(statement);
    } finally {
      release();
    }
  }

  async #timed<T>(run: () => Promise<T>): Promise<T> {
    const timeoutMs = this.#timeoutMs;
    if (timeoutMs === undefined) return run();
    let interrupted = false;
    const timer = setTimeout(() => {
      interrupted = true;
      this.connection.interrupt();
    }, timeoutMs);
    try {
      return await run();
    } catch (error) {
      throw interrupted ? new QueryTimeoutError(timeoutMs, { cause: error }) : error;
    } finally {
      // Cleared before the connection can go back to the pool, so a late timer never interrupts the next user.
      clearTimeout(timer);
    }
  }
}

async function toQueryResult<R>(result: DuckDBMaterializedResult): Promise<QueryResult<R>> {
  switch (result.returnType) {
    case ResultReturnType.QUERY_RESULT: {
      const rows = (await convertInSlices(result)) as R[];
      return WRITES.has(result.statementType) ? { rows, numAffectedRows: BigInt(rows.length) } : { rows };
    }
    case ResultReturnType.CHANGED_ROWS:
      return { rows: [], numAffectedRows: BigInt(result.rowsChanged) };
    default:
      return { rows: [] };
  }
}

/** Converting rows for longer than this holds other requests up: let the event loop run, then go on. */
const CONVERT_SLICE_MS = 10;

/**
 * The result's rows as objects, converted a DuckDB chunk (2,048 rows) at a time with a turn of the event loop
 * whenever the conversion has run for CONVERT_SLICE_MS: tens of thousands of wide rows take a second to convert
 * (a trend grouped by every dimension), which in one piece would stall /health and every other request. Small
 * results convert in one slice, without a turn.
 */
async function convertInSlices(result: DuckDBMaterializedResult): Promise<Record<string, unknown>[]> {
  // A materialized result holds its chunks in memory: `getChunk` reads one in place, where node-api's
  // `yieldConvertedRowObjects` fetches each (and a last empty one) through a round trip to the thread pool.
  const names = result.deduplicatedColumnNames();
  const rows: Record<string, unknown>[] = [];
  let sliceStart = performance.now();
  for (let index = 0; index < result.chunkCount; index++) {
    for (const values of result.getChunk(index).convertRows(fromDuckDBValue)) {
      const row: Record<string, unknown> = {};
      names.forEach((name, column) => {
        row[name] = values[column];
      });
      rows.push(row);
    }
    if (performance.now() - sliceStart >= CONVERT_SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  return rows;
}
