import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import { observedDb, QueryTimeoutError, type StatementRecord } from "../../src/warehouse/index.js";
import { withWarehouse } from "./warehouse-harness.js";

describe("observedDb", () => {
  it("reports each statement's SQL, bound values and rows, and returns the rows unchanged", () =>
    withWarehouse(async (warehouse) => {
      const seen: StatementRecord[] = [];
      const db = observedDb(warehouse, (record) => seen.push(record));
      const { rows } = await sql<{
        n: number;
      }>`SELECT range AS n FROM range(${5}) WHERE range >= ${2}`.execute(db);
      expect(rows).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }]);
      expect(seen.map(({ sql, parameters, rows }) => ({ sql, parameters, rows }))).toEqual([
        { sql: "SELECT range AS n FROM range($1) WHERE range >= $2", parameters: [5, 2], rows: 3 },
      ]);
      expect(seen[0]!.ms).toBeGreaterThanOrEqual(0);
    }));

  it("leaves the warehouse's own database unobserved, on the same connections", () =>
    withWarehouse(async (warehouse) => {
      const seen: StatementRecord[] = [];
      observedDb(warehouse, (record) => seen.push(record));
      await warehouse.db.insertInto("warehouse_meta").values({ schema_hash: "x" }).execute();
      expect(seen).toEqual([]);
      // The observed view reads what the shared one wrote: the same file, the same pool.
      const rows = await observedDb(warehouse, (record) => seen.push(record))
        .selectFrom("warehouse_meta")
        .select("schema_hash")
        .where("schema_hash", "=", "x")
        .execute();
      expect(rows).toEqual([{ schema_hash: "x" }]);
      expect(seen.map((s) => s.rows)).toEqual([1]);
    }));

  it("keeps the warehouse's query timeout", () =>
    withWarehouse(
      async (warehouse) => {
        const db = observedDb(warehouse, () => undefined);
        await expect(sql`SELECT count(*) FROM range(10000000000) a`.execute(db)).rejects.toBeInstanceOf(
          QueryTimeoutError,
        );
      },
      { queryTimeoutMs: 50 },
    ));
});
