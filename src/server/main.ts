/**
 * The server's entry: `npm start` (through scripts/start.mjs) or `npm run serve`. Builds the warehouse with the
 * ETL CLI if the file is missing, opens it read-only, and serves /graphql, /playground, /health and the UI
 * (src/server/start-server.ts), in this process or, with --workers N, in N worker processes
 * (src/server/worker-cluster.ts). Here only the process: print why it did not start and exit with its code, or
 * stop on SIGINT/SIGTERM.
 */
import "reflect-metadata";
import { consoleLogger } from "./logger.js";
import cluster from "node:cluster";
import { startServer } from "./start-server.js";
import { startServers } from "./worker-cluster.js";
import { WriterLink, type WorkerChannel } from "./writer-link.js";

const logger = consoleLogger();
const argv = process.argv.slice(2);
// A worker of `--workers N` (src/server/worker-cluster.ts) serves; its primary is the writer.
const started = cluster.isWorker
  ? await startServer(argv, { logger, writer: new WriterLink(process as unknown as WorkerChannel) })
  : await startServers(argv, { logger });
if (started.state === "stopped") {
  if (started.exitCode === 0) console.log(started.message);
  else console.error(started.message);
  process.exit(started.exitCode);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing requests in flight, then stopping.`);
    void started.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error("Stopping the server failed.", error);
        process.exit(1);
      },
    );
  });
}
