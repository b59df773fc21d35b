import { qualityBitsOf } from "../../src/model/index.js";
import { access } from "node:fs/promises";
import { join } from "node:path";

import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import {
  checkpoint,
  createWarehouse,
  openTableAppender,
  openWarehouse,
  type FundingFactTable,
  type OutputFactTable,
} from "../../src/warehouse/index.js";
import { expectRows, withTempDir, withWarehouse } from "./warehouse-harness.js";

const funding = (fact_id: number, amount_vnd: number | bigint): FundingFactTable => ({
  fact_id,
  area_id: "02",
  geo_level: "province",
  geo_name: "Hà Giang",
  year_from: 2024,
  year_to: 2024,
  period: "FY",
  funding_source: "national",
  budget_level: null,
  stage: "actual",
  activity_code: null,
  project: null,
  detail: "total",
  amount_vnd,
  source_id: 1,
  preferred: true,
  preference: 1,
  figure_id: null,
  note: null,
  scope: "whole",
  bound: "exact",
  certainty: "stated",
  quality_bits: qualityBitsOf({ scope: "whole", bound: "exact", certainty: "stated" }),
  origin: `published/funding.csv:${fact_id + 1}`,
});

const output = (fact_id: number, quantity: number | string): OutputFactTable => ({
  fact_id,
  area_id: "VN",
  geo_level: "nation",
  geo_name: "Việt Nam",
  year_from: 2021,
  year_to: 2025,
  period: "5Y",
  output_type: "training",
  stage: "target",
  funding_source: "total",
  // The table type says number; the appender also takes the exact decimal text the CSV held.
  quantity: quantity as number,
  unit: "course",
  amount_vnd: null,
  source_id: 1,
  preferred: true,
  preference: 1,
  figure_id: null,
  note: "as printed",
  scope: "whole",
  bound: "exact",
  certainty: "stated",
  quality_bits: qualityBitsOf({ scope: "whole", bound: "exact", certainty: "stated" }),
  origin: `published/outputs.csv:${fact_id + 1}`,
});

describe("openTableAppender", () => {
  it("loads BIGINT amounts exactly, from numbers and bigints", () =>
    withWarehouse(async (warehouse) => {
      const appender = await openTableAppender(warehouse, "funding_fact");
      appender.append(funding(1, 170800000000));
      appender.append(funding(2, 9007199254740993n));
      await appender.close();
      await expectRows(
        warehouse.db,
        sql`SELECT fact_id, amount_vnd, budget_level FROM funding_fact ORDER BY fact_id`,
        [
          { fact_id: 1, amount_vnd: 170800000000, budget_level: null },
          { fact_id: 2, amount_vnd: 9007199254740993n, budget_level: null },
        ],
      );
    }));

  it("loads DECIMAL values exactly, from decimal text and numbers", () =>
    withWarehouse(async (warehouse) => {
      const appender = await openTableAppender(warehouse, "output_fact");
      appender.append(output(1, "1234.567"));
      appender.append(output(2, 0.1));
      appender.append(output(3, "999999999999999.999"));
      await appender.close();
      await expectRows(
        warehouse.db,
        sql`SELECT fact_id, quantity::VARCHAR AS text, quantity FROM output_fact ORDER BY fact_id`,
        [
          { fact_id: 1, text: "1234.567", quantity: 1234.567 },
          { fact_id: 2, text: "0.100", quantity: 0.1 },
          { fact_id: 3, text: "999999999999999.999", quantity: 999999999999999.999 },
        ],
      );
    }));

  it("loads VARCHAR[] lists, SMALLINT nulls, TIMESTAMPs and JSON", () =>
    withWarehouse(async (warehouse) => {
      const areas = await openTableAppender(warehouse, "area");
      areas.append({
        area_id: "02",
        level: "province",
        boundary: "historical",
        gso_code: "02",
        name_vi: "Hà Giang",
        name_ascii: "Ha Giang",
        name_en: "Ha Giang",
        aliases: ["Hà Giang", "Ha Giang province"],
        region_id: "north",
        subregion: null,
        successor_id: "2025-08",
        valid_from: null,
        valid_to: 2025,
      });
      await areas.close();
      const runs = await openTableAppender(warehouse, "etl_run");
      runs.append({
        run_id: "r1",
        started_at: new Date("2025-07-01T08:00:00.123Z"),
        finished_at: new Date("2025-07-01T08:00:02Z"),
        status: "succeeded",
        data_dir: "data",
        input_files: '[{"path":"published/funding.csv","rows":12}]',
        rows_per_table: '{"funding_fact":12}',
        warnings: "[]",
        errors: "[]",
        snapshot_hash: null,
      });
      await runs.close();
      await expectRows(warehouse.db, sql`SELECT aliases, valid_from, valid_to FROM area`, [
        { aliases: ["Hà Giang", "Ha Giang province"], valid_from: null, valid_to: 2025 },
      ]);
      await expectRows(warehouse.db, sql`SELECT started_at, input_files->>'$[0].path' AS path FROM etl_run`, [
        { started_at: new Date("2025-07-01T08:00:00.123Z"), path: "published/funding.csv" },
      ]);
    }));

  it("refuses a DECIMAL with more digits than its scale, naming the row and column", () =>
    withWarehouse(async (warehouse) => {
      const appender = await openTableAppender(warehouse, "output_fact");
      appender.append(output(1, "1.5"));
      expect(() => appender.append(output(2, "1.2345"))).toThrow(
        'Row 2 for table "output_fact", column "quantity": 1.2345 has more than 3 digits after the point',
      );
      await appender.close();
      await expectRows(warehouse.db, sql`SELECT fact_id FROM output_fact`, [{ fact_id: 1 }]);
    }));

  it("refuses a number past 2^53 for a BIGINT column", () =>
    withWarehouse(async (warehouse) => {
      const appender = await openTableAppender(warehouse, "funding_fact");
      expect(() => appender.append(funding(1, 2 ** 60))).toThrow(/is not a safe integer.*Pass a bigint/);
      await appender.close();
    }));

  it("rejects close with DuckDB's error when rows break a constraint, and releases the connection", () =>
    withWarehouse(
      async (warehouse) => {
        const appender = await openTableAppender(warehouse, "funding_fact");
        appender.append(funding(1, 1));
        appender.append(funding(1, 2));
        await expect(appender.close()).rejects.toThrow(/PRIMARY KEY or UNIQUE constraint/);
        await expectRows(warehouse.db, sql`SELECT count(*) AS count FROM funding_fact`, [{ count: 0 }]);
      },
      { poolSize: 1 },
    ));

  it("is refused on a read-only warehouse, giving its connection back", () =>
    withWarehouse(
      async (warehouse) => {
        await expect(openTableAppender(warehouse, "cpi")).rejects.toThrow(
          "Cannot append to a readonly database.",
        );
        await expectRows(warehouse.db, sql`SELECT count(*) AS count FROM cpi`, [{ count: 0 }]);
      },
      { readOnly: true, poolSize: 1 },
    ));
});

describe("checkpoint", () => {
  it("leaves a complete file with no write-ahead log", () =>
    withTempDir(async (dir) => {
      const path = join(dir, "w.duckdb");
      const warehouse = await createWarehouse(path);
      const appender = await openTableAppender(warehouse, "cpi");
      appender.append({ year: 2024, avg_change_pct: 3.63, source_id: 1 });
      await appender.close();
      await checkpoint(warehouse);
      await expect(access(`${path}.wal`)).rejects.toThrow();
      await warehouse.close();
      const reopened = await openWarehouse(path, { readOnly: true });
      await expectRows(reopened.db, sql`SELECT year, avg_change_pct FROM cpi`, [
        { year: 2024, avg_change_pct: 3.63 },
      ]);
      await reopened.close();
    }));
});
