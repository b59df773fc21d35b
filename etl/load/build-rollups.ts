import { sql, type Kysely } from "kysely";
import {
  ROLLUP_CATALOG_TABLE,
  ROLLUP_DEFINITIONS,
  rollupSelectSql,
  type WarehouseTables,
} from "../../src/warehouse/index.js";

/**
 * Materialises every rollup of `ROLLUP_DEFINITIONS` in the snapshot being built (after the preferred facts are
 * marked, before the snapshot is hashed and published) and lists them in `rollup_catalog` with their row
 * counts, which the server reads once per snapshot to pick the smallest rollup that answers a request.
 * The tables are derived from the facts, so the snapshot hash (over the content tables) does not cover them.
 * Returns the rows written across the rollups.
 */
export async function buildRollups(db: Kysely<WarehouseTables>): Promise<number> {
  await sql`CREATE TABLE ${sql.table(ROLLUP_CATALOG_TABLE)} (
    name VARCHAR PRIMARY KEY, fact_table VARCHAR NOT NULL, columns VARCHAR[] NOT NULL, row_count BIGINT NOT NULL)`.execute(
    db,
  );
  let total = 0;
  for (const definition of ROLLUP_DEFINITIONS) {
    // Table and column names come from the model's definitions, never from input.
    await sql`CREATE TABLE ${sql.table(definition.name)} AS ${rollupSelectSql(definition)}`.execute(db);
    const { rows } = await sql<{ n: number | bigint }>`
      SELECT count(*) AS n FROM ${sql.table(definition.name)}`.execute(db);
    const count = Number(rows[0]?.n ?? 0);
    await sql`INSERT INTO ${sql.table(ROLLUP_CATALOG_TABLE)} VALUES (${definition.name}, ${definition.factTable},
      ${sql`[${sql.join(definition.columns.map((c) => sql`${c}`))}]`}, ${count})`.execute(db);
    total += count;
  }
  return total;
}
