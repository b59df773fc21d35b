import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { WarehouseTables } from "../../src/warehouse/tables.js";
import { LOADED_TABLES } from "./load-inputs.js";

/** The tables whose content a snapshot hash covers: everything but the run history, which grows every load. */
export const CONTENT_TABLES = [...LOADED_TABLES, "consistency_finding"] as const;

/**
 * sha256 over each content table's row count and the sum of DuckDB's hash of every row. Identical inputs give
 * identical rows (the ETL numbers rows in input order), so a reload of unchanged data gives the same hash;
 * DuckDB aggregates it at scan speed, so it costs little even at 10 million rows.
 */
export async function snapshotHash(
  db: Kysely<WarehouseTables>,
): Promise<{ hash: string; rows: Record<string, number> }> {
  const digest = createHash("sha256");
  const rows: Record<string, number> = {};
  for (const table of CONTENT_TABLES) {
    const { rows: result } = await sql<{ n: number; h: string }>`
      SELECT count(*) AS n, coalesce(sum(hash(t)::HUGEINT), 0)::VARCHAR AS h FROM ${sql.table(table)} AS t`.execute(
      db,
    );
    const { n, h } = result[0] ?? { n: 0, h: "0" };
    rows[table] = Number(n);
    digest.update(`${table}:${n}:${h}\n`);
  }
  return { hash: digest.digest("hex"), rows };
}
