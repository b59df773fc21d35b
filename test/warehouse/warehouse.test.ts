import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import { WAREHOUSE_DDL, createWarehouse, openWarehouse } from "../../src/warehouse/index.js";
import { expectRows, rowsOf, withTempDir, withWarehouse } from "./warehouse-harness.js";

const MODEL_TABLES = WAREHOUSE_DDL.map((ddl) => /CREATE TABLE (\w+)/.exec(ddl)?.[1]).sort();

describe("createWarehouse", () => {
  it("makes every table of WAREHOUSE_DDL", () =>
    withWarehouse(async ({ db }) => {
      const tables = await rowsOf(
        db,
        sql`SELECT table_name FROM information_schema.tables ORDER BY table_name`,
      );
      expect(tables.map((row) => (row as { table_name: string }).table_name)).toStrictEqual(MODEL_TABLES);
      expect(MODEL_TABLES).toHaveLength(WAREHOUSE_DDL.length);
    }));

  it("refuses a path that already exists", () =>
    withTempDir(async (dir) => {
      const path = join(dir, "taken.duckdb");
      await writeFile(path, "");
      await expect(createWarehouse(path)).rejects.toThrow(`Cannot create the warehouse "${path}"`);
    }));
});

describe("openWarehouse", () => {
  it("refuses writes when opened read-only, and still reads", () =>
    withWarehouse(
      async ({ db }) => {
        await expect(sql`INSERT INTO cpi VALUES (2024, 3.63, 1)`.execute(db)).rejects.toThrow(/read-only/);
        await expectRows(db, sql`SELECT count(*) AS count FROM cpi`, [{ count: 0 }]);
      },
      { readOnly: true },
    ));

  it("applies the memory limit and thread count", () =>
    withWarehouse(
      ({ db }) =>
        expectRows(
          db,
          sql`SELECT current_setting('threads') AS threads, current_setting('access_mode') AS mode`,
          [{ threads: 3, mode: "read_only" }],
        ),
      { readOnly: true, threads: 3, memoryLimit: "1GB" },
    ));

  it("runs a read-only snapshot that fits in one row group on one thread, a larger one on DuckDB's default", () =>
    withTempDir(async (dir) => {
      const threadsOf = async (path: string) => {
        const warehouse = await openWarehouse(path, { readOnly: true });
        try {
          return (await rowsOf(warehouse.db, sql`SELECT current_setting('threads') AS threads`))[0];
        } finally {
          await warehouse.close();
        }
      };
      const small = join(dir, "small.duckdb");
      const large = join(dir, "large.duckdb");
      await (await createWarehouse(small)).close();
      const writing = await openWarehouse(large);
      await sql`CREATE TABLE wide AS SELECT range AS n FROM range(122881)`.execute(writing.db);
      await writing.close();
      expect(await threadsOf(small)).toStrictEqual({ threads: 1 });
      const defaultThreads = (await threadsOf(large)) as { threads: number };
      const writable = await openWarehouse(small);
      try {
        const [row] = await rowsOf(writable.db, sql`SELECT current_setting('threads') AS threads`);
        expect(row).toStrictEqual(defaultThreads);
      } finally {
        await writable.close();
      }
    }));

  it("rejects a pool size that is not a positive integer", () =>
    withTempDir((dir) =>
      expect(openWarehouse(join(dir, "w.duckdb"), { poolSize: 0 })).rejects.toThrow(
        "poolSize must be a positive integer, not 0.",
      ),
    ));
});

describe("close", () => {
  it("waits for a query in flight, which completes, then refuses new queries", () =>
    withTempDir(async (dir) => {
      const warehouse = await createWarehouse(join(dir, "w.duckdb"));
      const n = 300_000_000;
      const running = rowsOf(warehouse.db, sql`SELECT sum(i) AS s FROM range(${n}) t(i)`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await warehouse.close();
      await expect(running).resolves.toStrictEqual([{ s: 44999999850000000n }]);
      await expect(rowsOf(warehouse.db, sql`SELECT 1`)).rejects.toThrow();
    }));

  it("closes a warehouse that never ran a query, releasing the file", () =>
    withTempDir(async (dir) => {
      const path = join(dir, "w.duckdb");
      await (await createWarehouse(path)).close();
      const reopened = await openWarehouse(path);
      await reopened.close();
      await (await openWarehouse(path, { readOnly: true })).close();
    }));
});
