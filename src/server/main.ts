/**
 * The server's entry: `npm start` (through scripts/start.mjs) or `npm run serve`. Builds the warehouse with the
 * ETL CLI if the file is missing, opens it read-only, and serves /graphql, /playground, /health and the UI.
 */
import "reflect-metadata";
import { existsSync } from "node:fs";
import { ConfigError, loadConfig, USAGE, type ServerConfig } from "./config.js";
import { createApp } from "./create-app.js";
import { runEtlProcess } from "./etl-process.js";
import { consoleLogger, type Logger } from "./logger.js";
import { EtlReloadService } from "./reload-service.js";
import { FileNotebookStore } from "./file-notebook-store.js";
import { ServedSnapshots } from "./served-snapshots.js";
import { readSchemaHash, WAREHOUSE_SCHEMA_HASH } from "../warehouse/index.js";

const logger = consoleLogger();
const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}

let config: ServerConfig;
try {
  config = loadConfig(argv);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

await ensureWarehouse(config, logger);
const snapshots = await ServedSnapshots.open(config.warehousePath, {
  poolSize: config.poolSize,
  queryTimeoutMs: config.queryTimeoutMs,
  resultCacheEntries: config.resultCacheEntries,
});
const reloads = new EtlReloadService({
  snapshots,
  projectRoot: config.projectRoot,
  dataDir: config.dataDir,
  warehousePath: config.warehousePath,
  logger,
});
const app = await createApp({
  snapshots,
  reloads,
  adminToken: config.adminToken,
  webDir: config.webDir,
  notebooks: new FileNotebookStore(config.notebooksDir),
  logger,
  limits: { bodyLimitBytes: config.bodyLimitBytes, requestTimeoutMs: config.requestTimeoutMs },
});
const url = await app.listen(config.port, config.host);
const shown =
  config.host === "127.0.0.1" || config.host === "::1" ? `http://localhost:${url.port}/` : url.href;
const snapshot = await snapshots.current();
logger.info(`Serving snapshot ${snapshot.hash ?? "(no ETL run recorded)"} from ${config.warehousePath}`);
logger.info(`GraphQL:    ${shown}graphql`);
logger.info(`Playground: ${shown}playground/`);
logger.info(`Health:     ${shown}health`);
logger.info(`Notebooks:  ${config.notebooksDir}`);
if (config.adminTokenGenerated) {
  logger.info(
    `Admin token (for reloadWarehouse; set KC_ADMIN_TOKEN to choose your own): ${config.adminToken}`,
  );
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing requests in flight, then stopping.`);
    void (async () => {
      await app.close();
      await reloads.settled();
      await snapshots.close();
      process.exit(0);
    })();
  });
}

async function ensureWarehouse(config: ServerConfig, logger: Logger): Promise<void> {
  if (existsSync(config.warehousePath)) {
    if ((await readSchemaHash(config.warehousePath)) === WAREHOUSE_SCHEMA_HASH) return;
    logger.info(
      `The warehouse ${config.warehousePath} was built by another version of the model: rebuilding it from ${config.dataDir}.`,
    );
  } else {
    logger.info(`No warehouse at ${config.warehousePath}: building it from ${config.dataDir} with the ETL.`);
  }
  const result = await runEtlProcess({
    projectRoot: config.projectRoot,
    dataDir: config.dataDir,
    dbPath: config.warehousePath,
    onProgress: (line) => console.error(line),
  });
  if (result.exitCode !== 0 || result.report?.status !== "succeeded") {
    for (const issue of result.report?.errors ?? []) console.error(issue.message);
    console.error(
      `The ETL could not build the warehouse (exit code ${String(result.exitCode)}); fix the data and start again.`,
    );
    process.exit(1);
  }
}
