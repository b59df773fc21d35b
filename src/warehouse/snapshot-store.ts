import { randomBytes } from "node:crypto";
import { watch, type FSWatcher } from "node:fs";
import { link, mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** What the manifest says is current: one published snapshot file and the run that built it. */
export interface SnapshotManifest {
  /** sha256 of the file's bytes, hex: the file is `<sha256>.duckdb` in the store. */
  readonly sha256: string;
  readonly bytes: number;
  /** The snapshot's content hash and ETL run (as /health shows them), for people and logs. */
  readonly snapshotHash: string | null;
  readonly etlRunId: string | null;
  readonly publishedAt: string;
}

/**
 * Where read replicas get their snapshots: content-addressed files (named by the sha256 of their bytes, so a
 * name always means the same bytes and a file is never rewritten) and one small manifest naming the current
 * one. Three operations, each one object-storage request, so S3, GCS or any blob store implements it as well
 * as a directory (docs/deploy.md):
 * - `readManifest`: GET `manifest.json`;
 * - `download`: GET `<sha256>.duckdb`, verified against its name before it is used;
 * - `publish`: PUT `<sha256>.duckdb` if absent, then PUT `manifest.json` (the one writer does this).
 */
export interface SnapshotStore {
  /** A name for messages: the folder or bucket. */
  readonly location: string;
  /** The current manifest, or null when nothing has been published yet. */
  readManifest(): Promise<SnapshotManifest | null>;
  /** Copies the snapshot named by `manifest` to `destination`; rejects (and leaves nothing) if its sha256 differs. */
  download(manifest: SnapshotManifest, destination: string): Promise<void>;
  /** Stores the snapshot file `source` under its sha256 and makes it current; returns the new manifest. */
  publish(
    source: string,
    about: Pick<SnapshotManifest, "snapshotHash" | "etlRunId">,
  ): Promise<SnapshotManifest>;
  /**
   * Optional: calls `changed` soon after the manifest may have changed (a hint: the follower reads the manifest
   * then, besides its regular polling); returns the function that stops the calls. A store that cannot notify
   * (most object stores without an event queue) leaves it out and is polled only.
   */
  watch?(changed: () => void): () => void;
}

const MANIFEST = "manifest.json";
const SHA256 = /^[0-9a-f]{64}$/;

/** A SnapshotStore in a folder (a local disk, or a shared one: NFS, a mounted bucket). */
export class DirectorySnapshotStore implements SnapshotStore {
  readonly location: string;

  constructor(directory: string) {
    this.location = directory;
  }

  watch(changed: () => void): () => void {
    let watcher: FSWatcher;
    try {
      // The manifest is replaced by a rename, which inotify reports on the folder under the manifest's name.
      watcher = watch(this.location, { persistent: false }, (_event, name) => {
        if (name === null || name === MANIFEST) changed();
      });
    } catch {
      return () => {}; // a folder that cannot be watched (some network file systems) is polled only
    }
    watcher.on("error", () => watcher.close());
    return () => watcher.close();
  }

  async readManifest(): Promise<SnapshotManifest | null> {
    let text: string;
    try {
      text = await readFile(join(this.location, MANIFEST), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return parseManifest(text, join(this.location, MANIFEST));
  }

  async download(manifest: SnapshotManifest, destination: string): Promise<void> {
    const temporary = `${destination}.part-${randomBytes(6).toString("hex")}`;
    try {
      const sha256 = await copyHashing(join(this.location, `${manifest.sha256}.duckdb`), temporary);
      if (sha256 !== manifest.sha256)
        throw new Error(
          `The snapshot ${manifest.sha256}.duckdb in ${this.location} has sha256 ${sha256}: it is damaged or ` +
            `was written over. Publish the snapshot again from the writer.`,
        );
      await rename(temporary, destination);
    } catch (error) {
      await unlink(temporary).catch(() => {});
      throw error;
    }
  }

  async publish(
    source: string,
    about: Pick<SnapshotManifest, "snapshotHash" | "etlRunId">,
  ): Promise<SnapshotManifest> {
    await mkdir(this.location, { recursive: true });
    const temporary = join(this.location, `.upload-${process.pid}-${randomBytes(6).toString("hex")}`);
    try {
      const sha256 = await copyHashing(source, temporary);
      const { size } = await stat(temporary);
      // link(2) fails when the name exists: a file of that name has these very bytes already.
      await link(temporary, join(this.location, `${sha256}.duckdb`)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
      const manifest: SnapshotManifest = {
        sha256,
        bytes: size,
        snapshotHash: about.snapshotHash,
        etlRunId: about.etlRunId,
        publishedAt: new Date().toISOString(),
      };
      await writeAtomically(join(this.location, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      return manifest;
    } finally {
      await unlink(temporary).catch(() => {});
    }
  }
}

/** Parses a manifest; a wrong one is an error naming the file and the field. */
export function parseManifest(text: string, source: string): SnapshotManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`The snapshot manifest ${source} is not JSON: publish a snapshot again from the writer.`);
  }
  const m = value as Partial<Record<keyof SnapshotManifest, unknown>>;
  const problem =
    typeof m.sha256 !== "string" || !SHA256.test(m.sha256)
      ? "sha256 (64 hex digits)"
      : typeof m.bytes !== "number" || !Number.isSafeInteger(m.bytes)
        ? "bytes (a whole number)"
        : !(m.snapshotHash === null || typeof m.snapshotHash === "string")
          ? "snapshotHash"
          : !(m.etlRunId === null || typeof m.etlRunId === "string")
            ? "etlRunId"
            : typeof m.publishedAt !== "string"
              ? "publishedAt"
              : null;
  if (problem !== null)
    throw new Error(
      `The snapshot manifest ${source} has no valid ${problem}: publish a snapshot again from the writer.`,
    );
  return Object.freeze(m as SnapshotManifest);
}

/**
 * Copies `from` to a new file `to` (fsync'd), returning the sha256 of the bytes copied. The copy runs in a
 * worker thread with blocking reads and writes: on a server busy with requests, each awaited chunk of an async
 * copy waits for a turn of the event loop (a 64-connection load made a replica take seconds to copy a few
 * megabytes), and hashing a large file on the main thread would stall the requests instead. The worker is plain
 * JavaScript evaluated from this string, so it needs no TypeScript loader in any process that runs this.
 */
function copyHashing(from: string, to: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(COPY_HASHING_WORKER, { eval: true, workerData: { from, to } });
    let digest: string | undefined;
    worker.once("message", (hex: string) => (digest = hex));
    worker.once("error", reject);
    worker.once("exit", (code) =>
      digest !== undefined
        ? resolve(digest)
        : reject(new Error(`Copying ${from} to ${to} stopped with exit code ${code} before it finished.`)),
    );
  });
}

const COPY_HASHING_WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const { openSync, readSync, writeSync, fsyncSync, closeSync } = require("node:fs");
const { createHash } = require("node:crypto");
const hash = createHash("sha256");
const input = openSync(workerData.from, "r");
try {
  const output = openSync(workerData.to, "wx");
  try {
    const buffer = Buffer.allocUnsafe(4 << 20);
    for (;;) {
      const read = readSync(input, buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      for (let written = 0; written < read; ) written += writeSync(output, buffer, written, read - written);
    }
    fsyncSync(output);
  } finally {
    closeSync(output);
  }
} finally {
  closeSync(input);
}
parentPort.postMessage(hash.digest("hex"));
`;

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(6).toString("hex")}`;
  const file = await open(temporary, "wx");
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path).catch(async (error: unknown) => {
    await unlink(temporary).catch(() => {});
    throw error;
  });
}
