import { randomBytes } from "node:crypto";
import cluster, { type Worker } from "node:cluster";
import type { SnapshotInfo } from "../graphql/index.js";
import { removeOrphanedSnapshots } from "../warehouse/snapshot-file.js";
import { ConfigError, loadConfig, USAGE, type ServerConfig } from "./config.js";
import { runEtlProcess } from "./etl-process.js";
import { FileNotebookStore } from "./file-notebook-store.js";
import { consoleLogger, type Logger } from "./logger.js";
import { EtlReloadService } from "./reload-service.js";
import {
  ensureWarehouse,
  generatedTokenRefusal,
  startServer,
  type ServerStart,
  type StartServerOptions,
} from "./start-server.js";
import { checkWarehousePath } from "./warehouse-path-check.js";
import { isKcMessage, toSentError, type ToWorker, type ToWriter, type WriterMethod } from "./writer-link.js";

/** A worker that stops sooner than this after its start counts as failing to start. */
const STARTUP_GRACE_MS = 10_000;
/** How long the writer waits for every worker to swap to a published snapshot. */
const SWAP_TIMEOUT_MS = 60_000;

/**
 * `npm start` with or without `--workers N`. One worker: the server in this process (src/server/start-server.ts).
 * More: this process becomes node:cluster's primary and
 * - does what must happen once: checks the configuration, builds a missing warehouse, chooses the tokens and the
 *   release (ETags) every worker shares;
 * - forks N workers, which share the port (the primary hands out connections in turn) and each open the same
 *   warehouse file read-only, with their own DuckDB, result cache, watcher and /snapshot-events stream;
 * - is the one writer: `reloadWarehouse` and notebook changes received by any worker run here, one at a time
 *   (src/server/writer-link.ts). A reload publishes the new file once, then every worker swaps to it (each
 *   worker's watcher would see it too); the run succeeds when all have;
 * - replaces a worker that dies: its connections in flight fail, the others never notice.
 * The primary opens no snapshot and answers no request, so a crash of a worker's DuckDB cannot take it down.
 */
export async function startServers(
  argv: ReadonlyArray<string>,
  options: StartServerOptions = {},
): Promise<ServerStart> {
  if (argv.includes("--help") || argv.includes("-h")) return startServer(argv, options);
  let config: ServerConfig;
  try {
    config = loadConfig(argv, options.env ?? process.env);
  } catch (error) {
    if (error instanceof ConfigError) return stopped(2, error.message);
    return stopped(1, `The configuration could not be read: ${(error as Error).message}\n${USAGE}`);
  }
  if (config.workers === 1) return startServer(argv, options);
  const logger = options.logger ?? consoleLogger();
  const refusal = generatedTokenRefusal(config);
  if (refusal !== null) return stopped(2, refusal);
  const unusable = await checkWarehousePath(config.warehousePath);
  if (unusable !== null) return stopped(1, unusable);
  for (const name of await removeOrphanedSnapshots(config.warehousePath))
    logger.info(`Removed "${name}", left by a load or reload that died.`);
  // A read replica (--follow) builds nothing: each worker copies the store's snapshot.
  if (config.follow === null) {
    const built = await ensureWarehouse(config, logger, options.runEtl ?? runEtlProcess);
    if (built !== null) return stopped(1, built);
  }
  return new WorkerCluster(argv, config, logger).start();
}

class WorkerCluster {
  readonly #argv: ReadonlyArray<string>;
  readonly #config: ServerConfig;
  readonly #logger: Logger;
  readonly #env: Record<string, string>;
  readonly #notebooks: FileNotebookStore;
  readonly #reloads: EtlReloadService;
  readonly #swaps = new Map<number, PendingSwap>();
  #nextSwap = 1;
  #stopping = false;
  /** Workers that died soon after starting, in a row: each waits longer before the next try. */
  #failedStarts = 0;

  constructor(argv: ReadonlyArray<string>, config: ServerConfig, logger: Logger) {
    this.#argv = argv;
    this.#config = config;
    this.#logger = logger;
    this.#env = {
      KC_ADMIN_TOKEN: config.adminToken,
      KC_WRITE_TOKEN: config.writeToken,
      KC_RELEASE: config.release ?? randomBytes(9).toString("base64url"),
    };
    this.#notebooks = new FileNotebookStore(config.notebooksDir, {
      maxNotebooks: config.maxNotebooks,
      maxNotebookBytes: config.maxNotebookBytes,
    });
    this.#reloads = new EtlReloadService({
      snapshots: { swapTo: (path, expected) => this.#swapEverywhere(path, expected?.etlRunId ?? null) },
      projectRoot: config.projectRoot,
      dataDir: config.dataDir,
      dataSources: config.dataSources,
      warehousePath: config.warehousePath,
      logger,
    });
  }

  async start(): Promise<ServerStart> {
    cluster.setupPrimary({ args: [...this.#argv], serialization: "advanced" });
    cluster.on("message", (worker, message: unknown) => {
      if (isKcMessage(message)) void this.#receive(worker, message as ToWriter);
    });
    cluster.on("exit", (worker, code, signal) => this.#exited(worker, code, signal));
    let port: number;
    try {
      const ports = await Promise.all(Array.from({ length: this.#config.workers }, () => this.#fork()));
      port = ports[0]!;
    } catch (error) {
      await this.#stopWorkers();
      return stopped(1, (error as Error).message);
    }
    this.#banner(port);
    return {
      state: "serving",
      url: new URL(
        `http://${this.#config.host.includes(":") ? `[${this.#config.host}]` : this.#config.host}:${port}/`,
      ),
      stop: async () => {
        await this.#stopWorkers();
        await this.#reloads.settled();
      },
    };
  }

  /** Forks a worker; resolves with its port once it listens, rejects with its message if it stops first. */
  #fork(): Promise<number> {
    const worker = cluster.fork(this.#env);
    const forkedAt = Date.now();
    (worker as WorkerState).forkedAt = forkedAt;
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null): void =>
        reject(
          new Error(
            `A server worker stopped before it listened (${signal ?? `exit code ${String(code)}`}); its ` +
              `message is above.`,
          ),
        );
      worker.once("exit", onExit);
      worker.once("listening", (address) => {
        worker.off("exit", onExit);
        this.#send(worker, { kc: "runs", runs: this.#reloads.list() });
        resolve(address.port);
      });
    });
  }

  #exited(worker: Worker, code: number | null, signal: string | null): void {
    for (const swap of this.#swaps.values()) swap.gone(worker.id);
    if (this.#stopping || (code === 0 && signal === null)) return;
    const lived = Date.now() - ((worker as WorkerState).forkedAt ?? 0);
    this.#failedStarts = lived < STARTUP_GRACE_MS ? this.#failedStarts + 1 : 0;
    const delay = Math.min(30_000, this.#failedStarts === 0 ? 0 : 1_000 * 2 ** (this.#failedStarts - 1));
    this.#logger.warn(
      `Server worker ${worker.process.pid ?? "?"} died (${signal ?? `exit code ${String(code)}`}); starting ` +
        `another${delay > 0 ? ` in ${delay / 1000} s` : ""}.`,
    );
    setTimeout(() => {
      if (this.#stopping) return;
      this.#fork().then(
        () => (this.#failedStarts = 0),
        (error: unknown) => this.#logger.error((error as Error).message),
      );
    }, delay).unref();
  }

  async #receive(worker: Worker, message: ToWriter): Promise<void> {
    if (message.kc === "swapped") {
      this.#swaps.get(message.id)?.answer(worker, message.info, message.error);
      return;
    }
    try {
      const value = await this.#call(message.method, message.args);
      this.#send(worker, { kc: "reply", id: message.id, value });
    } catch (error) {
      this.#send(worker, { kc: "reply", id: message.id, error: toSentError(error) });
    }
  }

  /** The writes, here only: one reload at a time, and the notebook folder's own serial order. */
  async #call(method: WriterMethod, args: unknown[]): Promise<unknown> {
    const text = (i: number): string => {
      const value = args[i];
      if (typeof value !== "string") throw new Error(`Argument ${i + 1} of ${method} is not a string.`);
      return value;
    };
    switch (method) {
      case "reload.start": {
        const run = this.#reloads.start(text(0), text(1));
        this.#broadcastRuns();
        void this.#reloads.settled().then(() => this.#broadcastRuns());
        if (run.runId !== text(1))
          throw new Error(
            `another reload was already running; follow it with reloadStatus(runId: "${run.runId}").`,
          );
        return run.runId;
      }
      case "notebooks.create":
        return this.#notebooks.create(text(0), text(1));
      case "notebooks.save":
        return this.#notebooks.save(text(0), text(1), text(2));
      case "notebooks.rename":
        return this.#notebooks.rename(text(0), text(1), text(2));
      case "notebooks.delete":
        return this.#notebooks.delete(text(0), text(1));
    }
  }

  #broadcastRuns(): void {
    for (const worker of this.#workers()) this.#send(worker, { kc: "runs", runs: this.#reloads.list() });
  }

  /**
   * Tells every worker to swap to the snapshot a reload published at `path` (the file of ETL run `etlRunId`);
   * resolves when all have, rejects naming the workers that could not. A worker that dies meanwhile is not
   * waited for: its replacement opens the file at its start.
   */
  #swapEverywhere(
    path: string,
    etlRunId: string | null,
  ): Promise<{ readonly info: SnapshotInfo; readonly retired: Promise<void>; readonly swapped: boolean }> {
    const id = this.#nextSwap++;
    const workers = this.#workers();
    return new Promise((resolve, reject) => {
      const waiting = new Set(workers.map((w) => w.id));
      const failures: string[] = [];
      let info: SnapshotInfo | undefined;
      const timer = setTimeout(() => {
        failures.push(`${waiting.size} worker(s) did not answer within ${SWAP_TIMEOUT_MS / 1000} s`);
        waiting.clear();
        settle();
      }, SWAP_TIMEOUT_MS);
      const settle = (): void => {
        if (waiting.size > 0) return;
        clearTimeout(timer);
        this.#swaps.delete(id);
        if (failures.length > 0) reject(new Error(failures.join("; ")));
        else if (info === undefined)
          reject(new Error("No server worker is running to serve the new snapshot."));
        else resolve({ info, retired: Promise.resolve(), swapped: true });
      };
      this.#swaps.set(id, {
        answer: (worker, answered, error) => {
          if (!waiting.delete(worker.id)) return;
          if (error !== undefined) failures.push(`worker ${worker.process.pid ?? "?"}: ${error}`);
          else info ??= answered;
          settle();
        },
        gone: (workerId) => {
          if (waiting.delete(workerId)) settle();
        },
      });
      if (etlRunId === null) {
        reject(new Error("A cluster swaps only to the snapshot of a named ETL run."));
        return;
      }
      for (const worker of workers) this.#send(worker, { kc: "swap", id, path, etlRunId });
      settle();
    });
  }

  #workers(): Worker[] {
    return Object.values(cluster.workers ?? {}).filter(
      (w): w is Worker => w !== undefined && w.isConnected(),
    );
  }

  #send(worker: Worker, message: ToWorker): void {
    if (worker.isConnected()) worker.send(message);
  }

  /** Asks every worker to finish its requests in flight and stop (SIGTERM), and waits for them. */
  async #stopWorkers(): Promise<void> {
    this.#stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once("exit", () => resolve());
            worker.process.kill("SIGTERM");
          }),
      ),
    );
  }

  #banner(port: number): void {
    const config = this.#config;
    const shown = ["127.0.0.1", "::1", "0.0.0.0", "::"].includes(config.host)
      ? `http://localhost:${port}/`
      : `http://${config.host}:${port}/`;
    this.#logger.info(
      `${config.workers} server workers on ${shown} (primary ${process.pid}: reloads and notebook changes run here)`,
    );
    this.#logger.info(`GraphQL:    ${shown}graphql`);
    this.#logger.info(`Health:     ${shown}health`);
    if (config.writeTokenGenerated)
      this.#logger.info(
        `To edit notebooks, open ${shown}?token=${encodeURIComponent(config.writeToken)} (the write token; set ` +
          `KC_WRITE_TOKEN to choose your own). Without it the notebooks are read-only.`,
      );
    if (config.adminTokenGenerated)
      this.#logger.info(
        `Admin token (for reloadWarehouse; set KC_ADMIN_TOKEN to choose your own): ${config.adminToken}`,
      );
  }
}

interface PendingSwap {
  answer(worker: Worker, info: SnapshotInfo | undefined, error: string | undefined): void;
  gone(workerId: number): void;
}

type WorkerState = Worker & { forkedAt?: number };

function stopped(exitCode: number, message: string): ServerStart {
  return { state: "stopped", exitCode, message };
}
