// The plain-SQL side of the API benchmark, in a process of its own (started by bench/api-sql-baseline.ts with
// the server's UV_THREADPOOL_SIZE, pool size and query timeout):
//   node --import tsx bench/api-sql-worker.ts <warehouse.duckdb>
// It first captures the SQL each resolver runs (by executing the GraphQL operation in process, on a Kysely
// that records the statements), then runs those statements in a tight loop on request. See api-sql-protocol.ts.
import "reflect-metadata";
import { execute, parse } from "graphql";
import { sql, type CompiledQuery, type KyselyPlugin, type QueryId, type RootOperationNode } from "kysely";
import {
  DEFAULT_ANALYSIS_LIMITS,
  buildAppSchema,
  type GraphQLContext,
  type ReloadService,
  type ResultCache,
} from "../src/graphql/index.js";
import type { NotebookStore } from "../src/graphql/notebooks/index.js";
import { openWarehouse, type Warehouse } from "../src/warehouse/index.js";
import { toDuckDBParameter } from "../src/warehouse/duckdb-values.js";
import { warehousePool } from "../src/warehouse/warehouse-pool.js";
import type { ApiOperation } from "./api-operations.js";
import { loadStats } from "./api-load.js";
import type { CapturedQuery, SqlLayer, SqlWorkerReply, SqlWorkerRequest } from "./api-sql-protocol.js";

const POOL_SIZE = 4; // the server's default (KC_POOL_SIZE)
const QUERY_TIMEOUT_MS = 10_000; // the server's default (KC_QUERY_TIMEOUT_MS)

const send = (reply: SqlWorkerReply): void => {
  process.send?.(reply);
};

/** Records every statement run through a Kysely it is plugged into. */
class StatementRecorder implements KyselyPlugin {
  readonly statements: { node: RootOperationNode; queryId: QueryId }[] = [];
  transformQuery(args: { node: RootOperationNode; queryId: QueryId }): RootOperationNode {
    this.statements.push(args);
    return args.node;
  }
  async transformResult<T>(args: { result: T }): Promise<T> {
    return args.result;
  }
}

const notSupported = (): never => {
  throw new Error("Not available in the SQL baseline.");
};
// No result cache (KC_RESULT_CACHE_ENTRIES=0): the second run must run, and record, the resolver's SQL again.
const noResultCache: ResultCache = { memo: (_key, compute) => compute() };
const reloads: ReloadService = {
  start: notSupported,
  get: () => undefined,
  latest: () => undefined,
  list: () => [],
};

/** The statements one request of `operation` runs; the catalog (read once per snapshot) is excluded. */
async function capture(
  warehouse: Warehouse,
  operation: ApiOperation,
): Promise<{ compiled: CompiledQuery[]; captured: CapturedQuery[] }> {
  const schema = await buildAppSchema();
  const recorder = new StatementRecorder();
  // A warehouse of its own: the catalog cache (keyed by warehouse) fills on the first run, not the second.
  const recording: Warehouse = {
    path: warehouse.path,
    db: warehouse.db.withPlugin(recorder),
    close: notSupported,
  };
  const context = {
    warehouse: recording,
    snapshot: { hash: null, etlRunId: null, loadedAt: null, rowsPerTable: {} },
    isAdmin: false,
    reloads,
    signal: new AbortController().signal,
    analysisLimits: DEFAULT_ANALYSIS_LIMITS,
    notebooks: {} as NotebookStore,
    results: noResultCache,
  } satisfies Partial<GraphQLContext> as GraphQLContext;
  const run = async (): Promise<void> => {
    const result = await execute({
      schema,
      document: parse(operation.query),
      operationName: operation.operationName,
      variableValues: { ...operation.variables },
      contextValue: context,
    });
    if (result.errors !== undefined) {
      throw new Error(
        `${operation.operationName} failed in process: ${result.errors.map((e) => e.message).join("; ")}`,
      );
    }
  };
  await run();
  recorder.statements.length = 0;
  await run();
  const executor = warehouse.db.getExecutor();
  const compiled = recorder.statements.map((s) => executor.compileQuery(s.node, s.queryId));
  const captured = await Promise.all(
    compiled.map(async (q) => ({
      sql: q.sql,
      parameters: [...q.parameters],
      rows: (await warehouse.db.executeQuery(q)).rows.length,
    })),
  );
  return { compiled, captured };
}

/** Runs one statement with @duckdb/node-api alone, as our dialect does but without Kysely or value conversion. */
async function runPlain(warehouse: Warehouse, query: CompiledQuery): Promise<number> {
  const pool = warehousePool(warehouse);
  const connection = await pool.acquire();
  try {
    if (query.parameters.length === 0)
      return (await connection.runAndReadAll(query.sql)).getRowObjectsJS().length;
    const prepared = await connection.prepare(query.sql);
    try {
      query.parameters.forEach((value, index) => {
        const parameter = toDuckDBParameter(value, index + 1);
        prepared.bindValue(index + 1, parameter.value, parameter.type);
      });
      return (await prepared.runAndReadAll()).getRowObjectsJS().length;
    } finally {
      prepared.destroySync();
    }
  } finally {
    pool.release(connection);
  }
}

/** `concurrency` loops, each running one request's statements (in parallel, as the resolver does) back to back. */
async function loop(
  warehouse: Warehouse,
  queries: ReadonlyArray<CompiledQuery>,
  layer: SqlLayer,
  concurrency: number,
  seconds: number,
): Promise<SqlWorkerReply> {
  const runOne = (q: CompiledQuery): Promise<unknown> =>
    layer === "duckdb" ? runPlain(warehouse, q) : warehouse.db.executeQuery(q);
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let last = start;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await Promise.all(queries.map(runOne));
        last = performance.now();
        latencies.push(last - t0);
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { type: "result", stats: loadStats(latencies, (last - start) / 1000, failures) };
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined || process.send === undefined) {
    console.error("Usage: started by bench/api-sql-baseline.ts with an IPC channel and a warehouse path.");
    process.exit(2);
  }
  const warehouse = await openWarehouse(path, {
    readOnly: true,
    poolSize: POOL_SIZE,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
  });
  const settings = await sql<{ version: string; threads: number; memory_limit: string }>`
    SELECT version() AS version, current_setting('threads')::INTEGER AS threads,
      current_setting('memory_limit') AS memory_limit`.execute(warehouse.db);
  const [s] = settings.rows;
  send({
    type: "ready",
    duckdbVersion: s?.version ?? "?",
    threads: s?.threads ?? 0,
    memoryLimit: s?.memory_limit ?? "?",
  });
  const compiledByKind = new Map<string, CompiledQuery[]>();
  process.on("message", (message: SqlWorkerRequest) => {
    void (async () => {
      try {
        if (message.type === "capture") {
          const queries: Record<string, CapturedQuery[]> = {};
          for (const operation of message.operations) {
            if (operation.kind === "floor") continue;
            const { compiled, captured } = await capture(warehouse, operation);
            compiledByKind.set(operation.kind, compiled);
            queries[operation.kind] = captured;
          }
          const count = await warehouse.db
            .selectFrom("funding_fact")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirst();
          send({ type: "captured", queries, factRows: Number(count?.n ?? 0) });
        } else if (message.type === "run") {
          const queries = compiledByKind.get(message.kind);
          if (queries === undefined) throw new Error(`No SQL captured for ${message.kind}.`);
          send(await loop(warehouse, queries, message.layer, message.concurrency, message.seconds));
        } else {
          await warehouse.close();
          process.exit(0);
        }
      } catch (error) {
        send({
          type: "error",
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      }
    })();
  });
}

await main();
