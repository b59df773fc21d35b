import type { ApiOperation } from "./api-operations.js";
import type { LoadStats } from "./api-load.js";

/**
 * How the plain-SQL side of the API benchmark is run: `duckdb` is @duckdb/node-api alone (prepare, bind,
 * runAndReadAll, rows as JS objects) on the warehouse's own connection pool; `kysely` is our warehouse layer
 * (`db.executeQuery`: the Kysely dialect, the query timeout and the DuckDB value conversion), as resolvers use it.
 */
export type SqlLayer = "duckdb" | "kysely";

/** One statement a resolver ran, compiled, with its bound parameters. */
export interface CapturedQuery {
  readonly sql: string;
  readonly parameters: ReadonlyArray<unknown>;
  readonly rows: number;
}

/** Messages from the benchmark to bench/api-sql-worker.ts (over the IPC channel, advanced serialization). */
export type SqlWorkerRequest =
  | { readonly type: "capture"; readonly operations: ReadonlyArray<ApiOperation> }
  | {
      readonly type: "run";
      readonly kind: ApiOperation["kind"];
      readonly layer: SqlLayer;
      readonly concurrency: number;
      readonly seconds: number;
    }
  | { readonly type: "close" };

export type SqlWorkerReply =
  | {
      readonly type: "ready";
      readonly duckdbVersion: string;
      readonly threads: number;
      readonly memoryLimit: string;
    }
  | {
      readonly type: "captured";
      /** Per operation kind, the statements one request runs (in parallel when more than one). */
      readonly queries: Readonly<Record<string, ReadonlyArray<CapturedQuery>>>;
      readonly factRows: number;
    }
  | { readonly type: "result"; readonly stats: LoadStats }
  | { readonly type: "error"; readonly message: string };
