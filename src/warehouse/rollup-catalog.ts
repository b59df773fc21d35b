import { sql } from "kysely";
import type { FactKind } from "../model/index.js";
import { ROLLUP_CATALOG_TABLE, ROLLUP_DEFINITIONS } from "./rollup-definitions.js";
import type { Warehouse } from "./warehouse.js";

/** A rollup table a snapshot holds: its name, fact kind, grain (storage columns) and size. */
export interface RollupTable {
  readonly name: string;
  readonly kind: FactKind;
  readonly columns: ReadonlySet<string>;
  readonly rows: number;
}

/** The rollups of a snapshot, smallest first (what the core reads when several answer a request). */
export type RollupSet = ReadonlyArray<RollupTable>;

export const NO_ROLLUPS: RollupSet = Object.freeze([]);

// A snapshot never changes once opened: its rollups are read once and dropped with the warehouse.
const read = new WeakMap<Warehouse, Promise<RollupSet>>();
const disabled = new WeakSet<Warehouse>();

/** Serve `warehouse` from its facts only (`WarehouseOptions.rollups: false`, KC_ROLLUPS=off). */
export function disableRollups(warehouse: Warehouse): void {
  disabled.add(warehouse);
}

/**
 * The rollups of the snapshot, read on first use from its `rollup_catalog` (written by the ETL,
 * etl/load/build-rollups.ts). Empty for a snapshot built before rollups existed, for a warehouse opened with
 * rollups off, and for catalog rows this code does not define (a table of another version is never read).
 */
export function readRollups(warehouse: Warehouse): Promise<RollupSet> {
  if (disabled.has(warehouse)) return Promise.resolve(NO_ROLLUPS);
  let rollups = read.get(warehouse);
  if (rollups === undefined) {
    rollups = loadRollups(warehouse);
    read.set(warehouse, rollups);
    rollups.catch(() => read.delete(warehouse));
  }
  return rollups;
}

async function loadRollups(warehouse: Warehouse): Promise<RollupSet> {
  const { db } = warehouse;
  const { rows: present } = await sql<{ n: number | bigint }>`
    SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ${ROLLUP_CATALOG_TABLE}`.execute(db);
  if (Number(present[0]?.n ?? 0) === 0) return NO_ROLLUPS;
  const { rows } = await sql<{ name: string; row_count: number | bigint }>`
    SELECT name, row_count FROM ${sql.table(ROLLUP_CATALOG_TABLE)}`.execute(db);
  const counts = new Map(rows.map((r) => [r.name, Number(r.row_count)]));
  const tables = ROLLUP_DEFINITIONS.flatMap((d): RollupTable[] => {
    const count = counts.get(d.name);
    return count === undefined
      ? []
      : [Object.freeze({ name: d.name, kind: d.kind, columns: new Set(d.columns), rows: count })];
  });
  return Object.freeze(tables.sort((a, b) => a.rows - b.rows));
}
