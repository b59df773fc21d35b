import { spawn } from "node:child_process";
import type { ApiOperation } from "./api-operations.js";
import type { LoadStats } from "./api-load.js";
import type { CapturedQuery, SqlLayer, SqlWorkerReply, SqlWorkerRequest } from "./api-sql-protocol.js";

const WORKER = new URL("./api-sql-worker.ts", import.meta.url).pathname;

/** The plain-SQL baseline process (bench/api-sql-worker.ts) on one warehouse. */
export interface SqlBaseline {
  readonly duckdbVersion: string;
  readonly threads: number;
  readonly memoryLimit: string;
  /** Runs each operation once in process and returns the statements one request runs, per operation kind. */
  capture(
    operations: ReadonlyArray<ApiOperation>,
  ): Promise<{ queries: Readonly<Record<string, ReadonlyArray<CapturedQuery>>>; factRows: number }>;
  run(kind: ApiOperation["kind"], layer: SqlLayer, concurrency: number, seconds: number): Promise<LoadStats>;
  close(): Promise<void>;
}

/** Starts the worker with the server's environment (UV_THREADPOOL_SIZE=16, NODE_ENV=production). */
export async function startSqlBaseline(warehousePath: string): Promise<SqlBaseline> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, warehousePath], {
    env: { ...process.env, NODE_ENV: "production", UV_THREADPOOL_SIZE: "16" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const next = (): Promise<SqlWorkerReply> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void =>
        reject(new Error(`bench/api-sql-worker.ts exited (${String(code)}) without answering.`));
      child.once("exit", onExit);
      child.once("message", (reply: SqlWorkerReply) => {
        child.off("exit", onExit);
        if (reply.type === "error") reject(new Error(reply.message));
        else resolve(reply);
      });
    });
  const ask = (request: SqlWorkerRequest): Promise<SqlWorkerReply> => {
    const reply = next();
    child.send(request);
    return reply;
  };
  const ready = await next();
  if (ready.type !== "ready") throw new Error(`Unexpected first message from the SQL worker: ${ready.type}`);
  return {
    duckdbVersion: ready.duckdbVersion,
    threads: ready.threads,
    memoryLimit: ready.memoryLimit,
    async capture(operations) {
      const reply = await ask({ type: "capture", operations });
      if (reply.type !== "captured") throw new Error(`Unexpected reply to capture: ${reply.type}`);
      return { queries: reply.queries, factRows: reply.factRows };
    },
    async run(kind, layer, concurrency, seconds) {
      const reply = await ask({ type: "run", kind, layer, concurrency, seconds });
      if (reply.type !== "result") throw new Error(`Unexpected reply to run: ${reply.type}`);
      return reply.stats;
    },
    async close() {
      if (child.exitCode === null) child.send({ type: "close" } satisfies SqlWorkerRequest);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
