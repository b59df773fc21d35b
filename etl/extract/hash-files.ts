import { Worker } from "node:worker_threads";

/**
 * The sha256 of each file, in order (or the error reading it), computed in one worker thread with blocking
 * reads of 4 MiB, so that the ETL reads and loads the files meanwhile: hashing 10 million funding rows (2.6 GB)
 * took 7.7 s of the main thread before the load could start (BENCHMARKS.md, "ETL load throughput"). The worker
 * is plain JavaScript evaluated from a string, so it needs no TypeScript loader in the process that runs it (as
 * src/warehouse/snapshot-store.ts does for its copies).
 */
export function hashFiles(paths: ReadonlyArray<string>): Promise<Array<string | Error>> {
  if (paths.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_FILES_WORKER, { eval: true, workerData: { paths } });
    let hashed: Array<{ digest: string } | { error: string; code?: string }> | undefined;
    worker.once("message", (message: typeof hashed) => (hashed = message));
    worker.once("error", reject);
    worker.once("exit", (code) =>
      hashed === undefined
        ? reject(new Error(`Hashing the input files stopped with exit code ${code} before it finished.`))
        : resolve(
            hashed.map((h) =>
              "digest" in h
                ? h.digest
                : Object.assign(new Error(h.error), h.code === undefined ? {} : { code: h.code }),
            ),
          ),
    );
  });
}

const HASH_FILES_WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const { openSync, readSync, closeSync } = require("node:fs");
const { createHash } = require("node:crypto");
const buffer = Buffer.allocUnsafe(4 << 20);
parentPort.postMessage(workerData.paths.map((path) => {
  try {
    const hash = createHash("sha256");
    const file = openSync(path, "r");
    try {
      for (;;) {
        const read = readSync(file, buffer, 0, buffer.length, null);
        if (read === 0) break;
        hash.update(buffer.subarray(0, read));
      }
    } finally {
      closeSync(file);
    }
    return { digest: hash.digest("hex") };
  } catch (error) {
    return { error: String(error && error.message), code: error && error.code };
  }
}));
`;
