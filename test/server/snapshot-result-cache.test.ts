import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ServedSnapshots } from "../../src/server/served-snapshots.js";
import { createResultCache } from "../../src/server/snapshot-result-cache.js";
import { startTestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";
import { operation } from "../support/operations.js";

describe("createResultCache", () => {
  it("computes a key once and shares the result, also with a concurrent caller", async () => {
    const cache = createResultCache(10);
    let computed = 0;
    const compute = async () => ++computed;
    const [a, b] = await Promise.all([cache.memo("k", compute), cache.memo("k", compute)]);
    expect([a, b, await cache.memo("k", compute), computed]).toEqual([1, 1, 1, 1]);
  });

  it("does not keep a failed computation", async () => {
    const cache = createResultCache(10);
    await expect(cache.memo("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.memo("k", async () => "second try")).toBe("second try");
  });

  it("drops the least recently used result beyond its size", async () => {
    const cache = createResultCache(2);
    await cache.memo("a", async () => "a1");
    await cache.memo("b", async () => "b1");
    await cache.memo("a", async () => "a2");
    await cache.memo("c", async () => "c1");
    expect(await cache.memo("a", async () => "a3")).toBe("a1");
    expect(await cache.memo("b", async () => "b2")).toBe("b2");
  });

  it("computes every time with 0 entries", async () => {
    const cache = createResultCache(0);
    await cache.memo("k", async () => 1);
    expect(await cache.memo("k", async () => 2)).toBe(2);
  });
});

describe("results per snapshot", () => {
  it("gives each snapshot its own cache, so a reload never serves results of the old data", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-results-"));
    const [served, published] = [join(dir, "served.duckdb"), join(dir, "published.duckdb")];
    await copyFile(await buildTestWarehouse(), served);
    await copyFile(served, published);
    const snapshots = await ServedSnapshots.open(served, { poolSize: 1 });
    try {
      const first = await snapshots.lease();
      const again = await snapshots.lease();
      expect(again.results).toBe(first.results);
      first.release();
      again.release();
      // Another file (a reload publishes a new one): a new snapshot, with a cache of its own.
      const { retired, swapped } = await snapshots.swapTo(published);
      await retired;
      expect(swapped).toBe(true);
      const afterSwap = await snapshots.lease();
      expect(afterSwap.results).not.toBe(first.results);
      afterSwap.release();
    } finally {
      await snapshots.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("answers a repeated trend over HTTP with the same numbers", async () => {
    const server = await startTestServer({ warehousePath: await buildTestWarehouse() });
    try {
      const [a, b] = [
        await server.execute(operation("trend", "NorthPlanTrend")),
        await server.execute(operation("trend", "NorthPlanTrend")),
      ];
      expect(a.errors).toBeUndefined();
      expect(b.data).toEqual(a.data);
    } finally {
      await server.close();
    }
  });
});
