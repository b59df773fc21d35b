import { createHash } from "node:crypto";
import { mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runEtl } from "../../etl/run-etl.js";
import { consoleLogger } from "../../src/server/logger.js";
import { ServedSnapshots } from "../../src/server/served-snapshots.js";
import { fetchCurrentSnapshot, followSnapshotStore } from "../../src/server/snapshot-follower.js";
import { DirectorySnapshotStore } from "../../src/warehouse/index.js";
import { copyTestWarehouse, DATA_DIR } from "../support/test-warehouse.js";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const quiet = { ...consoleLogger(), info: () => {}, error: () => {} };

/** A writer's warehouse published to a store, and a replica (snapshots + follower) serving a copy of it. */
async function replica(intervalMs = 50) {
  const writerDb = await copyTestWarehouse();
  const work = await mkdtemp(join(tmpdir(), "kc-follower-"));
  const store = new DirectorySnapshotStore(join(work, "store"));
  const first = await store.publish(writerDb, { snapshotHash: null, etlRunId: null });
  const copies = join(work, "copies");
  const { manifest, path } = await fetchCurrentSnapshot(store, copies);
  expect(manifest).toEqual(first);
  const snapshots = await ServedSnapshots.open(path);
  const follower = followSnapshotStore({
    store,
    cacheDir: copies,
    snapshots,
    served: manifest,
    logger: quiet,
    intervalMs,
  });
  cleanups.push(async () => {
    await follower.close();
    await snapshots.close();
    await rm(work, { recursive: true, force: true });
    await rm(dirname(writerDb), { recursive: true, force: true });
  });
  return { writerDb, work, store, copies, snapshots, follower, first };
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await condition()); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
}

describe("a read replica following a snapshot store", () => {
  it("swaps to each snapshot published, and deletes the copy of the one it no longer serves", async () => {
    const { writerDb, store, copies, snapshots, follower, first } = await replica();
    const published = await runEtl({ dataDir: DATA_DIR, dbPath: writerDb });
    const next = await store.publish(writerDb, {
      snapshotHash: published.snapshotHash,
      etlRunId: published.runId,
    });
    await until(async () => (await snapshots.current()).etlRunId === published.runId);
    expect((await snapshots.current()).etlRunId).toBe(published.runId);
    await until(async () => (await readdir(copies)).length === 1);
    expect(await readdir(copies)).toEqual([`${next.sha256}.duckdb`]);
    expect(next.sha256).not.toBe(first.sha256);
    expect(follower.problem()).toBeNull();
  });

  it("swaps at once when the store's folder says the manifest changed, without waiting for the next poll", async () => {
    const { writerDb, store, snapshots } = await replica(3_600_000);
    const published = await runEtl({ dataDir: DATA_DIR, dbPath: writerDb });
    await store.publish(writerDb, { snapshotHash: published.snapshotHash, etlRunId: published.runId });
    // An hour between polls: only the folder's notification can have started the swap.
    await until(async () => (await snapshots.current()).etlRunId === published.runId);
    expect((await snapshots.current()).etlRunId).toBe(published.runId);
  });

  it("keeps serving its snapshot, and says why, when the store names a file whose bytes are not its name's", async () => {
    const { work, snapshots, follower } = await replica();
    const before = await snapshots.current();
    const damaged = "not the snapshot the manifest names";
    const sha256 = createHash("sha256").update("the real bytes").digest("hex");
    await writeFile(join(work, "store", `${sha256}.duckdb`), damaged);
    // Written aside and renamed over the manifest, as a writer publishes (a half-written manifest is another
    // problem, reported as such).
    await writeFile(
      join(work, "store", "manifest.json.next"),
      JSON.stringify({
        sha256,
        bytes: 14,
        snapshotHash: "x",
        etlRunId: "y",
        publishedAt: "2026-12-03T00:00:00Z",
      }),
    );
    await rename(join(work, "store", "manifest.json.next"), join(work, "store", "manifest.json"));
    await until(async () => follower.problem() !== null);
    expect(follower.problem()).toBe(
      `The store ${join(work, "store")} names a snapshot this replica could not serve, so it serves the previous ` +
        `one: The snapshot ${sha256}.duckdb in ${join(work, "store")} has sha256 ` +
        `${createHash("sha256").update(damaged).digest("hex")}: it is damaged or was written over. Publish the ` +
        `snapshot again from the writer.`,
    );
    expect(await snapshots.current()).toEqual(before);
  });
});
