import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from "@duckdb/node-api";
import { LRUCache } from "lru-cache";

/** Prepared statements kept per connection: the analyses' statement shapes, with room to spare. */
const STATEMENTS_PER_CONNECTION = 64;

const caches = new WeakMap<DuckDBConnection, LRUCache<string, DuckDBPreparedStatement>>();

/**
 * A prepared statement for `sql` on `connection`, reused across requests: the API sends the same statement
 * shapes again and again with other values (every user value is a bound parameter, so the text of a statement
 * names no user value), and a kept statement is not parsed again. DuckDB 1.5 still binds and plans a statement
 * with parameters on every run (duckdb/duckdb#17237; measured here), so an analysis costs
 * about what its SQL contains, each branch, aggregate and key: keep the statements small (BENCHMARKS.md, "Rollups";
 * the same statement with its values written in runs in about half the time, which the bound-parameter rule
 * forbids). Kept: SELECTs only, the last STATEMENTS_PER_CONNECTION per connection; a statement
 * leaving the cache is destroyed. Rebinding after a catalog change is DuckDB's own (a prepared statement checks
 * the catalog version when it runs). `release` is called when the caller is done with the statement: a statement
 * that is not kept is destroyed there.
 * Callers hold the connection exclusively (the pool lends it to one user at a time), so a cached statement is
 * never bound by two callers at once. Call `forgetPreparedStatements` before closing the connection.
 */
export async function preparedStatement(
  connection: DuckDBConnection,
  sql: string,
): Promise<{ readonly statement: DuckDBPreparedStatement; release(): void }> {
  let cache = caches.get(connection);
  const cached = cache?.get(sql);
  if (cached !== undefined) return { statement: cached, release: () => undefined };
  const statement = await connection.prepare(sql);
  if (statement.statementType !== StatementType.SELECT) {
    return { statement, release: () => statement.destroySync() };
  }
  if (cache === undefined) {
    cache = new LRUCache({ max: STATEMENTS_PER_CONNECTION, dispose: (evicted) => evicted.destroySync() });
    caches.set(connection, cache);
  }
  cache.set(sql, statement);
  return { statement, release: () => undefined };
}

/** Destroys the statements kept for `connection`; call before closing it. */
export function forgetPreparedStatements(connection: DuckDBConnection): void {
  caches.get(connection)?.clear();
  caches.delete(connection);
}
