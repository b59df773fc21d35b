import { join } from "node:path";

import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";

import { DuckDBPool } from "../../src/warehouse/duckdb-pool.js";
import { withTempDir } from "./warehouse-harness.js";

const withPool = <T>(size: number, fn: (pool: DuckDBPool) => Promise<T>): Promise<T> =>
  withTempDir(async (dir) => {
    const pool = new DuckDBPool(await DuckDBInstance.create(join(dir, "pool.duckdb")), size);
    try {
      return await fn(pool);
    } finally {
      await pool.close();
    }
  });

describe("DuckDBPool", () => {
  it("lends at most size connections and serves waiting callers in order", () =>
    withPool(2, async (pool) => {
      const first = await pool.acquire();
      const second = await pool.acquire();
      expect(first).not.toBe(second);
      const served: string[] = [];
      const third = pool.acquire().then((c) => (served.push("third"), c));
      const fourth = pool.acquire().then((c) => (served.push("fourth"), c));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(served).toStrictEqual([]);
      pool.release(first);
      expect(await third).toBe(first);
      pool.release(second);
      expect(await fourth).toBe(second);
      expect(served).toStrictEqual(["third", "fourth"]);
      pool.release(first);
      pool.release(second);
    }));

  it("closes only after every lent connection is back, and refuses new leases meanwhile", () =>
    withPool(1, async (pool) => {
      const lent = await pool.acquire();
      let closed = false;
      const closing = pool.close().then(() => (closed = true));
      await expect(pool.acquire()).rejects.toThrow("The warehouse is closed; open it again to run queries.");
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(closed).toBe(false);
      expect((await lent.runAndReadAll("SELECT 1 AS one")).getRowObjectsJS()).toStrictEqual([{ one: 1 }]);
      pool.release(lent);
      await closing;
      expect(closed).toBe(true);
    }));
});
