import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { createWarehouse, readSchemaHash, WAREHOUSE_SCHEMA_HASH } from "../../src/warehouse/index.js";
import { withTempDir } from "./warehouse-harness.js";

describe("readSchemaHash", () => {
  it("reads the fingerprint of the model a warehouse was created with", async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, "w.duckdb");
      const warehouse = await createWarehouse(path);
      await warehouse.close();
      expect(await readSchemaHash(path)).toBe(WAREHOUSE_SCHEMA_HASH);
      expect(WAREHOUSE_SCHEMA_HASH).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it("gives null for a file built before fingerprints, so the server rebuilds it", async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, "old.duckdb");
      const instance = await DuckDBInstance.create(path);
      const connection = await instance.connect();
      await connection.run("CREATE TABLE funding_fact (fact_id INTEGER)");
      connection.closeSync();
      instance.closeSync();
      expect(await readSchemaHash(path)).toBeNull();
    });
  });

  it("gives null for a missing file", async () => {
    await withTempDir(async (dir) => {
      expect(await readSchemaHash(join(dir, "none.duckdb"))).toBeNull();
    });
  });
});
