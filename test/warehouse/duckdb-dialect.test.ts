import { Migrator, sql, type Kysely, type Migration } from "kysely";
import { describe, expect, it } from "vitest";

import { QueryTimeoutError, type WarehouseTables } from "../../src/warehouse/index.js";
import { expectRows, rowsOf, withWarehouse } from "./warehouse-harness.js";

const source = (id: number) => ({
  source_id: id,
  url: `sources/${id}.pdf`,
  title: `Source ${id}`,
  published: "2024",
  is_local: true,
  is_synthetic: false,
});

async function insertSources(db: Kysely<WarehouseTables>, count: number): Promise<void> {
  await sql`INSERT INTO source SELECT i, 'sources/' || i || '.pdf', 'Source ' || i, '2024', true, false
            FROM range(1, ${count + 1}) t(i)`.execute(db);
}

describe("result kinds", () => {
  it("returns select count(*) as count as a row, not as an insert count", () =>
    withWarehouse(async ({ db }) => {
      await insertSources(db, 4);
      await expectRows(db, sql`SELECT count(*) AS count FROM source`, [{ count: 4 }]);
    }));

  it("returns select 42 as count as a row", () =>
    withWarehouse(({ db }) => expectRows(db, sql`SELECT 42 AS count`, [{ count: 42 }])));

  it("reports the rows of a bulk insert as numInsertedOrUpdatedRows", () =>
    withWarehouse(async ({ db }) => {
      const result = await db
        .insertInto("source")
        .values([source(1), source(2), source(3), source(4)])
        .executeTakeFirst();
      expect(result.numInsertedOrUpdatedRows).toBe(4n);
    }));

  it("reports the rows an UPDATE changed", () =>
    withWarehouse(async ({ db }) => {
      await insertSources(db, 5);
      const result = await db
        .updateTable("source")
        .set({ is_synthetic: true })
        .where("source_id", "<=", 3)
        .executeTakeFirst();
      expect(result.numUpdatedRows).toBe(3n);
    }));

  it("returns the rows of UPDATE … RETURNING", () =>
    withWarehouse(async ({ db }) => {
      await insertSources(db, 3);
      const rows = await db
        .updateTable("source")
        .set({ title: "Renamed" })
        .where("source_id", "in", [1, 3])
        .returning(["source_id", "title"])
        .execute();
      expect([...rows].sort((a, b) => a.source_id - b.source_id)).toStrictEqual([
        { source_id: 1, title: "Renamed" },
        { source_id: 3, title: "Renamed" },
      ]);
    }));
});

describe("result rows", () => {
  it("returns every row of a result of several DuckDB chunks, in order, with its values converted", () =>
    withWarehouse(async ({ db }) => {
      const rows = (await rowsOf(
        db,
        sql`SELECT i, CAST(i / 2 AS DECIMAL(18,1)) AS half FROM range(5000) t(i) ORDER BY i`,
      )) as Array<{ i: number; half: number }>;
      expect(rows).toHaveLength(5000);
      expect(rows[0]).toEqual({ i: 0, half: 0 });
      expect(rows[2049]).toEqual({ i: 2049, half: 1024.5 });
      expect(rows.every((row, index) => row.i === index && row.half === index / 2)).toBe(true);
    }));

  it("keeps both columns of a repeated name, the second under node-api's deduplicated name", () =>
    withWarehouse(async ({ db }) => {
      await expectRows(db, sql`SELECT 1 AS a, 2 AS a, NULL AS b`, [{ a: 1, "a:1": 2, b: null }]);
    }));
});

describe("value conversion", () => {
  it("returns DECIMAL(18,2) values and their SUM as exact numbers", () =>
    withWarehouse(({ db }) =>
      expectRows(
        db,
        sql`SELECT max(v) AS max, sum(v) AS total FROM (VALUES (10.25::DECIMAL(18,2)), (33.25::DECIMAL(18,2))) t(v)`,
        [{ max: 33.25, total: 43.5 }],
      ),
    ));

  it("returns a DECIMAL(18,2) value as the number of its decimal text", () =>
    withWarehouse(({ db }) =>
      expectRows(db, sql`SELECT 0.10::DECIMAL(18,2) + 0.20::DECIMAL(18,2) AS d`, [{ d: 0.3 }]),
    ));

  it("returns BIGINT 42 as the number 42", () =>
    withWarehouse(({ db }) => expectRows(db, sql`SELECT 42::BIGINT AS n`, [{ n: 42 }])));

  it("returns BIGINT 9007199254740993 as an exact bigint", () =>
    withWarehouse(({ db }) =>
      expectRows(db, sql`SELECT 9007199254740993::BIGINT AS n`, [{ n: 9007199254740993n }]),
    ));

  it("returns the largest HUGEINT as an exact bigint", () =>
    withWarehouse(({ db }) =>
      expectRows(db, sql`SELECT 170141183460469231731687303715884105727::HUGEINT AS h`, [
        { h: 170141183460469231731687303715884105727n },
      ]),
    ));

  it("returns a DATE as a YYYY-MM-DD string", () =>
    withWarehouse(({ db }) => expectRows(db, sql`SELECT DATE '2024-01-01' AS d`, [{ d: "2024-01-01" }])));

  it("returns a TIMESTAMP as a Date", () =>
    withWarehouse(({ db }) =>
      expectRows(db, sql`SELECT TIMESTAMP '2024-01-02 03:04:05.678' AS t`, [
        { t: new Date("2024-01-02T03:04:05.678Z") },
      ]),
    ));

  it("returns LIST as arrays, STRUCT as objects with converted fields, and JSON as text", () =>
    withWarehouse(({ db }) =>
      expectRows(
        db,
        sql`SELECT [1, 2]::BIGINT[] AS l, {'d': 1.5::DECIMAL(4,2), 'day': DATE '2024-01-01'} AS s, '{"a":1}'::JSON AS j`,
        [{ l: [1, 2], s: { d: 1.5, day: "2024-01-01" }, j: '{"a":1}' }],
      ),
    ));

  it("binds a Date parameter as a TIMESTAMP comparable with a DATE", () =>
    withWarehouse(({ db }) => {
      const date = new Date("2024-01-01T00:00:00Z");
      return expectRows(db, sql`SELECT typeof(${date}) AS type, DATE '2024-01-01' = ${date} AS same`, [
        { type: "TIMESTAMP", same: true },
      ]);
    }));

  it("binds a bigint parameter as a BIGINT, which range() accepts", () =>
    withWarehouse(({ db }) => expectRows(db, sql`SELECT count(*) AS n FROM range(${10n})`, [{ n: 10 }])));

  it("binds undefined as NULL and an empty array as an empty list", () =>
    withWarehouse(({ db }) =>
      expectRows(db, sql`SELECT ${undefined} IS NULL AS missing, len(${[]}) AS empty`, [
        { missing: true, empty: 0 },
      ]),
    ));
});

describe("transactions", () => {
  it("commits a transaction", () =>
    withWarehouse(async ({ db }) => {
      await db.transaction().execute((trx) => trx.insertInto("source").values(source(1)).execute());
      await expectRows(db, sql`SELECT count(*) AS count FROM source`, [{ count: 1 }]);
    }));

  it("rolls a transaction back when its callback throws", () =>
    withWarehouse(async ({ db }) => {
      const failing = db.transaction().execute(async (trx) => {
        await trx.insertInto("source").values(source(1)).execute();
        throw new Error("abort the load");
      });
      await expect(failing).rejects.toThrow("abort the load");
      await expectRows(db, sql`SELECT count(*) AS count FROM source`, [{ count: 0 }]);
    }));
});

describe("pooling, streaming and timeouts", () => {
  it("answers 16 concurrent queries on a 4-connection pool, each exactly", () =>
    withWarehouse(
      async ({ db }) => {
        const sizes = Array.from({ length: 16 }, (_, i) => 1_000_000 + i * 100_000);
        const sums = await Promise.all(
          sizes.map(async (n) => (await rowsOf(db, sql`SELECT sum(i) AS s FROM range(${n}) t(i)`))[0]),
        );
        expect(sums).toStrictEqual(sizes.map((n) => ({ s: (n * (n - 1)) / 2 })));
      },
      { poolSize: 4 },
    ));

  it("streams the rows of a query in order, across DuckDB chunks", () =>
    withWarehouse(async ({ db }) => {
      await insertSources(db, 5000);
      const ids: number[] = [];
      for await (const row of db.selectFrom("source").select("source_id").orderBy("source_id").stream()) {
        ids.push(row.source_id);
      }
      expect(ids).toStrictEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    }));

  it("interrupts a query past queryTimeoutMs, and the connection stays usable", () =>
    withWarehouse(
      async ({ db }) => {
        const started = Date.now();
        const slow = rowsOf(db, sql`SELECT count(*) AS n FROM range(1000000000000) t(i) WHERE i % 7 = 3`);
        await expect(slow).rejects.toBeInstanceOf(QueryTimeoutError);
        expect(Date.now() - started).toBeLessThan(5000);
        await expectRows(db, sql`SELECT 1 AS one`, [{ one: 1 }]);
      },
      { poolSize: 1, queryTimeoutMs: 150 },
    ));
});

describe("introspection and migrations", () => {
  it("lists every table of the model with its columns", () =>
    withWarehouse(async ({ db }) => {
      const tables = await db.introspection.getTables();
      expect(tables.map((t) => t.name).sort()).toStrictEqual([
        "activity",
        "area",
        "area_membership",
        "claim",
        "consistency_finding",
        "cpi",
        "etl_run",
        "funding_fact",
        "output_fact",
        "output_type",
        "period_kind",
        "population",
        "source",
        "warehouse_meta",
      ]);
      const amount = tables
        .find((t) => t.name === "funding_fact")
        ?.columns.find((c) => c.name === "amount_vnd");
      expect(amount).toStrictEqual({
        name: "amount_vnd",
        dataType: "BIGINT",
        isNullable: false,
        isAutoIncrementing: false,
        hasDefaultValue: false,
      });
    }));

  it("runs Kysely's Migrator without advisory locks", () =>
    withWarehouse(async ({ db }) => {
      const migration: Migration = {
        up: (m) => m.schema.createTable("note").addColumn("id", "integer").execute(),
      };
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => ({ "001-note": migration }) },
      });
      const { error, results } = await migrator.migrateToLatest();
      expect(error).toBeUndefined();
      expect(results?.map((r) => [r.migrationName, r.status])).toStrictEqual([["001-note", "Success"]]);
      expect((await db.introspection.getTables()).some((t) => t.name === "note")).toBe(true);
    }));
});
