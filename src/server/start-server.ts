import { existsSync } from "node:fs";
import { removeOrphanedSnapshots } from "../warehouse/snapshot-file.js";
import { readSchemaHash, WAREHOUSE_SCHEMA_HASH } from "../warehouse/index.js";
import { ConfigError, isLoopbackHost, loadConfig, USAGE, type ServerConfig } from "./config.js";
import { createApp } from "./create-app.js";
import { runEtlProcess } from "./etl-process.js";
import { FileNotebookStore } from "./file-notebook-store.js";
import { consoleLogger, type Logger } from "./logger.js";
import { EtlReloadService } from "./reload-service.js";
import { ServedSnapshots } from "./served-snapshots.js";
import { checkWarehousePath } from "./warehouse-path-check.js";
import { watchWarehouse } from "./warehouse-watcher.js";
import type { WriterLink } from "./writer-link.js";
import { DirectorySnapshotStore } from "../warehouse/index.js";
import { fetchCurrentSnapshot, followSnapshotStore } from "./snapshot-follower.js";
import { publishServedSnapshots } from "./snapshot-publisher.js";
import { replicaNotebooks, replicaReloads } from "./read-replica.js";
import type { ReloadService } from "../graphql/index.js";

export interface StartServerOptions {
  /** The environment variables; `process.env` when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
  /** Builds a missing warehouse; the ETL CLI in a child process when absent. */
  readonly runEtl?: typeof runEtlProcess;
  /**
   * Set in a worker of `--workers N` (src/server/worker-cluster.ts): reloads and notebook writes go to the
   * writer (the primary process) through it, and it tells this process when to swap. Absent: this process
   * is its own writer.
   */
  readonly writer?: WriterLink;
}

/** A server that did not start (and the exit code and sentence to end with), or one that serves. */
export type ServerStart =
  | { readonly state: "stopped"; readonly exitCode: number; readonly message: string }
  | {
      readonly state: "serving";
      readonly url: URL;
      /** Finishes requests in flight and the reload in progress, then closes the snapshots. */
      stop(): Promise<void>;
    };

/**
 * The server's start, for `npm start` (src/server/main.ts, which only prints the message and exits with the
 * code). Exit codes: 0 for --help (the message is the usage), 2 for a bad flag or variable or a --host other
 * than loopback without a configured write token (unless --allow-generated-token), 1 when the warehouse
 * path is unusable, the ETL cannot build the warehouse, the warehouse cannot be opened or the port cannot be
 * listened on. Never throws: a failure is one sentence naming what to fix, never a stack trace.
 */
export async function startServer(
  argv: ReadonlyArray<string>,
  options: StartServerOptions = {},
): Promise<ServerStart> {
  try {
    return await start(argv, options);
  } catch (error) {
    return stopped(1, `The server could not start: ${firstLine(error)}`);
  }
}

async function start(argv: ReadonlyArray<string>, options: StartServerOptions): Promise<ServerStart> {
  if (argv.includes("--help") || argv.includes("-h")) return stopped(0, USAGE);
  const logger = options.logger ?? consoleLogger();
  let config: ServerConfig;
  try {
    config = loadConfig(argv, options.env ?? process.env);
  } catch (error) {
    if (error instanceof ConfigError) return stopped(2, error.message);
    return stopped(1, `The configuration could not be read: ${(error as Error).message}`);
  }
  const unsafe = generatedTokenRefusal(config);
  if (unsafe !== null) return stopped(2, unsafe);

  const unusable = await checkWarehousePath(config.warehousePath);
  if (unusable !== null) return stopped(1, unusable);
  for (const name of await removeOrphanedSnapshots(config.warehousePath)) {
    logger.info(`Removed "${name}", left by a load or reload that died.`);
  }
  // A read replica serves the snapshot store's current snapshot, copied beside --db; it builds nothing.
  const store = config.follow === null ? null : new DirectorySnapshotStore(config.follow);
  const copiesDir = `${config.warehousePath}.replica`;
  let followed: Awaited<ReturnType<typeof fetchCurrentSnapshot>> | null = null;
  if (store === null) {
    const built = await ensureWarehouse(config, logger, options.runEtl ?? runEtlProcess);
    if (built !== null) return stopped(1, built);
  } else {
    try {
      followed = await fetchCurrentSnapshot(store, copiesDir);
    } catch (error) {
      return stopped(1, `The read replica could not get its first snapshot: ${firstLine(error)}`);
    }
  }

  let snapshots: ServedSnapshots;
  try {
    snapshots = await ServedSnapshots.open(followed?.path ?? config.warehousePath, {
      poolSize: config.poolSize,
      queryTimeoutMs: config.queryTimeoutMs,
      resultCacheEntries: config.resultCacheEntries,
      rollups: config.rollups,
    });
  } catch (error) {
    return stopped(
      1,
      `The warehouse "${config.warehousePath}" could not be opened (${firstLine(error)}). Delete it so that it ` +
        `is rebuilt from ${config.dataDir}, or choose another file with --db or KC_WAREHOUSE.`,
    );
  }
  const watcher =
    store !== null && followed !== null
      ? followSnapshotStore({ store, cacheDir: copiesDir, snapshots, served: followed.manifest, logger })
      : watchWarehouse({ path: config.warehousePath, snapshots, logger });
  const publisher =
    config.publishTo === null
      ? null
      : publishServedSnapshots({ store: new DirectorySnapshotStore(config.publishTo), snapshots, logger });
  const writer = options.writer;
  writer?.serveSwaps(snapshots, logger);
  const reloads =
    (store === null ? null : replicaReloads(store.location)) ??
    writer?.reloads([...config.dataSources.keys()]) ??
    new EtlReloadService({
      snapshots,
      projectRoot: config.projectRoot,
      dataDir: config.dataDir,
      dataSources: config.dataSources,
      warehousePath: config.warehousePath,
      logger,
    });
  const localNotebooks = new FileNotebookStore(config.notebooksDir, {
    maxNotebooks: config.maxNotebooks,
    maxNotebookBytes: config.maxNotebookBytes,
  });
  let app;
  let url: URL;
  try {
    app = await createApp({
      snapshots,
      reloads,
      watcher,
      adminToken: config.adminToken,
      writeToken: config.writeToken,
      webDir: config.webDir,
      notebooks:
        store !== null
          ? replicaNotebooks(localNotebooks)
          : (writer?.notebooks(localNotebooks) ?? localNotebooks),
      ...(config.release === null ? {} : { instance: config.release }),
      allowedHosts: config.allowedHosts,
      logger,
      limits: {
        bodyLimitBytes: config.bodyLimitBytes,
        requestTimeoutMs: config.requestTimeoutMs,
        maxResponseBytes: config.maxResponseBytes,
        maxResultRows: config.maxResultRows,
        maxAnalyses: config.maxAnalyses,
        maxEstimatedRows: config.maxEstimatedRows,
        maxRowsInFlight: config.maxRowsInFlight,
        queryTimeoutMs: config.queryTimeoutMs,
      },
    });
    url = await app.listen(config.port, config.host);
  } catch (error) {
    await app?.close().catch(() => {});
    await publisher?.close().catch(() => {});
    await watcher.close().catch(() => {});
    await snapshots.close().catch(() => {});
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      return stopped(
        1,
        `The server cannot listen on ${config.host} port ${config.port} (${code}). Choose another with --port ` +
          `or PORT (and --host or HOST).`,
      );
    }
    return stopped(1, `The server could not start: ${firstLine(error)}`);
  }

  // Every interface (0.0.0.0, ::) is also this machine's loopback, the one address sure to pass the Host check.
  const shown = ["127.0.0.1", "::1", "0.0.0.0", "::"].includes(config.host)
    ? `http://localhost:${url.port}/`
    : url.href;
  const snapshot = await snapshots.current();
  // What follows snapshots (the watcher or the store), and the publisher, stop together after the HTTP server.
  const watching = {
    close: async () => {
      await publisher?.close();
      await watcher.close();
    },
  };
  if (store !== null)
    logger.info(`Read replica of the snapshot store ${store.location}: it changes nothing.`);
  if (writer !== undefined) {
    // A cluster worker: the primary prints the addresses and tokens once.
    logger.info(`Worker ${process.pid} serving snapshot ${snapshot.hash ?? "(no ETL run recorded)"}`);
    return serving(url, app, reloads, watching, snapshots);
  }
  logger.info(`Serving snapshot ${snapshot.hash ?? "(no ETL run recorded)"} from ${config.warehousePath}`);
  logger.info(`GraphQL:    ${shown}graphql`);
  logger.info(`Playground: ${shown}playground/`);
  logger.info(`Health:     ${shown}health`);
  logger.info(`Notebooks:  ${config.notebooksDir}`);
  if (config.writeTokenGenerated) {
    logger.info(
      `To edit notebooks, open ${shown}?token=${encodeURIComponent(config.writeToken)} (the write token; set ` +
        `KC_WRITE_TOKEN to choose your own). Without it the notebooks are read-only.`,
    );
  } else {
    logger.info(
      `To edit notebooks, open ${shown}?token=<KC_WRITE_TOKEN>. Without it the notebooks are read-only.`,
    );
  }
  if (config.adminTokenGenerated) {
    logger.info(
      `Admin token (for reloadWarehouse; set KC_ADMIN_TOKEN to choose your own): ${config.adminToken}`,
    );
  }
  return serving(url, app, reloads, watching, snapshots);
}

function serving(
  url: URL,
  app: { close(): Promise<void> },
  reloads: ReloadService | EtlReloadService,
  watcher: { close(): Promise<void> },
  snapshots: ServedSnapshots,
): ServerStart {
  return {
    state: "serving",
    url,
    async stop() {
      await app.close();
      if (reloads instanceof EtlReloadService) await reloads.settled();
      await watcher.close();
      await snapshots.close();
    },
  };
}

/** Why a server reachable from other machines may not start with a generated write token; null when it may. */
export function generatedTokenRefusal(config: ServerConfig): string | null {
  if (isLoopbackHost(config.host) || !config.writeTokenGenerated || config.allowGeneratedToken) return null;
  return (
    `--host ${config.host} lets other machines reach the server, so choose its write token: set KC_WRITE_TOKEN ` +
    `(or --write-token) to a secret of at least 16 characters, or pass --allow-generated-token to use a ` +
    `random one printed at start.`
  );
}

/** Builds the warehouse with the ETL when it is missing or of another model version; the failure, or null. */
export async function ensureWarehouse(
  config: ServerConfig,
  logger: Logger,
  runEtl: typeof runEtlProcess,
): Promise<string | null> {
  if (existsSync(config.warehousePath)) {
    if ((await readSchemaHash(config.warehousePath)) === WAREHOUSE_SCHEMA_HASH) return null;
    logger.info(
      `The warehouse ${config.warehousePath} was built by another version of the model: rebuilding it from ${config.dataDir}.`,
    );
  } else {
    logger.info(`No warehouse at ${config.warehousePath}: building it from ${config.dataDir} with the ETL.`);
  }
  const result = await runEtl({
    projectRoot: config.projectRoot,
    dataDir: config.dataDir,
    dbPath: config.warehousePath,
    onProgress: (line) => console.error(line),
  });
  if (result.exitCode === 0 && result.report?.status === "succeeded") return null;
  const errors = result.report?.errors.map((e) => e.message) ?? result.stderrTail.slice(-1);
  return [
    ...errors,
    `The ETL could not build the warehouse "${config.warehousePath}" (exit code ${String(result.exitCode)}); ` +
      `fix the problem above and start again.`,
  ].join("\n");
}

function stopped(exitCode: number, message: string): ServerStart {
  return { state: "stopped", exitCode, message };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
