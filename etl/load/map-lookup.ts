import { sql, type Kysely, type RawBuilder } from "kysely";
import type { WarehouseTables } from "../../src/warehouse/index.js";
import type { FundingMap } from "./funding-maps.js";

/**
 * How the set-based funding load reads a map (etl/load/funding-maps.ts) for each row: by a join, or by
 * positions in lists held in session variables. The lists exist because of how DuckDB inserts: with insertion
 * order kept (file order numbers the facts), it inserts on all threads (its batch insert) only when no hash
 * join feeds the insert; a join puts the whole insert of a big file on one thread. A map holds a few hundred
 * entries at most in the files we know, so each row finds its entry by arithmetic instead:
 * - each key column that varies in the file gets the list of its distinct texts (`list_position` gives the
 *   text's place, 0 for an empty cell);
 * - the places make one slot number (mixed radix over the lists' lengths + 1), and each value column of the map
 *   gets one list indexed by slot, NULL where no entry is.
 *
 * The lists are filled in SQL from the map's temporary table, which was itself filled with bound parameters,
 * so no text of the file ever becomes SQL text; the variables' names are ours (map table and column names).
 * DuckDB reads `getvariable` while binding, so each list is a constant of the plan. `list_position` scans its
 * list, so a key column with more than LOOKUP_TEXTS texts, or a map whose slots would pass LOOKUP_SLOTS, is
 * joined as before: slower, same rows.
 */
export type MapRead =
  | { readonly kind: "join"; readonly map: FundingMap; readonly varying: ReadonlyArray<string> }
  | {
      readonly kind: "lookup";
      readonly map: FundingMap;
      readonly varying: ReadonlyArray<string>;
      readonly strides: ReadonlyArray<number>;
    };

/** The most slots a map's lists may have before it is joined instead. */
export const LOOKUP_SLOTS = 1 << 16;
/** The most distinct texts of one key column a lookup scans. */
export const LOOKUP_TEXTS = 256;

/** The variables `prepareMapRead` sets on a connection, for `resetMapReads`. */
const variables = new WeakMap<Kysely<WarehouseTables>, Set<string>>();

const keyList = (map: FundingMap, key: string): string => `${map.table}__key_${key}`;
const valueList = (map: FundingMap, name: string): string => `${map.table}__${name}`;

/**
 * How to read `map`, whose temporary table is filled, given the distinct texts of each key column in the file
 * (`distinct`: counts of non-empty texts) and the keys that vary; sets the lookup's lists on `conn`.
 */
export async function prepareMapRead(
  conn: Kysely<WarehouseTables>,
  map: FundingMap,
  varying: ReadonlyArray<string>,
  distinct: ReadonlyMap<string, number>,
): Promise<MapRead> {
  const radix = varying.map((k) => (distinct.get(k) ?? 0) + 1);
  const slots = radix.reduce((a, b) => a * b, 1);
  if (slots > LOOKUP_SLOTS || radix.some((r) => r > LOOKUP_TEXTS + 1)) return { kind: "join", map, varying };
  const strides = radix.map((_, j) => radix.slice(j + 1).reduce((a, b) => a * b, 1));
  const read: MapRead = { kind: "lookup", map, varying, strides };
  for (const key of varying)
    await setVariable(
      conn,
      keyList(map, key),
      sql`SELECT coalesce(list(DISTINCT ${sql.id(key)} ORDER BY ${sql.id(key)}) FILTER (WHERE ${sql.id(key)} IS NOT NULL), []::VARCHAR[]) FROM ${sql.table(map.table)}`,
    );
  const entries = sql`(SELECT *, ${slotSql(read, (k) => sql.ref(`${map.table}.${k}`))} AS slot_ FROM ${sql.table(map.table)})`;
  for (const name of [...map.values.map(([n]) => n), "bad", "warn"])
    await setVariable(
      conn,
      valueList(map, name),
      sql`SELECT list(e_.${sql.id(name)} ORDER BY g_.range) FROM range(${sql.lit(slots)}) AS g_
        LEFT JOIN ${entries} AS e_ ON e_.slot_ = g_.range`,
    );
  return read;
}

/** The slot of a row (0-based) in a lookup's lists, from its key texts `ref(key)`; NULL for a text not listed. */
function slotSql(
  read: Extract<MapRead, { kind: "lookup" }>,
  ref: (key: string) => RawBuilder<unknown> | ReturnType<typeof sql.ref>,
): RawBuilder<unknown> {
  if (read.varying.length === 0) return sql`0`;
  const terms = read.varying.map(
    (key, j) =>
      sql`(CASE WHEN ${ref(key)} IS NULL THEN 0 ELSE list_position(getvariable(${sql.lit(keyList(read.map, key))}), ${ref(key)}) END) * ${sql.lit(read.strides[j]!)}`,
  );
  return sql.join(terms, sql` + `);
}

/** `slot_<table>`: the row's slot in a lookup's lists, selected beside the row's own columns. */
export function lookupSlotColumn(read: Extract<MapRead, { kind: "lookup" }>): RawBuilder<unknown> {
  return sql`${slotSql(read, (k) => sql.id(k))} + 1 AS ${sql.id(slotColumn(read.map))}`;
}

const slotColumn = (map: FundingMap): string => `slot_${map.table}`;

/**
 * A value of the map for the row (`bad` and `warn` included), given the slot column selected by
 * lookupSlotColumn; a row whose texts are not in the lists reads NULL, and `bad` reads TRUE for it so that the
 * row is reported rather than lost.
 */
export function lookupValue(read: Extract<MapRead, { kind: "lookup" }>, name: string): RawBuilder<unknown> {
  const value = sql`getvariable(${sql.lit(valueList(read.map, name))})[${sql.id(slotColumn(read.map))}]`;
  return name === "bad" ? sql`coalesce(${value}, TRUE)` : value;
}

async function setVariable(
  conn: Kysely<WarehouseTables>,
  name: string,
  query: RawBuilder<unknown>,
): Promise<void> {
  await sql`SET VARIABLE ${sql.id(name)} = (${query})`.execute(conn);
  const set = variables.get(conn) ?? new Set<string>();
  set.add(name);
  variables.set(conn, set);
}

/** Frees the lists set on `conn` (the connection goes back to the pool). */
export async function resetMapReads(conn: Kysely<WarehouseTables>): Promise<void> {
  for (const name of variables.get(conn) ?? []) await sql`RESET VARIABLE ${sql.id(name)}`.execute(conn);
  variables.delete(conn);
}

/**
 * Whether a row's project text (`project`) is a total row's label, from the project map's entries that are
 * (`totals` of them): FALSE when none is, a list when few are; null when the map must be joined.
 */
export async function prepareTotalLabels(
  conn: Kysely<WarehouseTables>,
  map: FundingMap,
  totals: number,
  project: RawBuilder<unknown>,
): Promise<RawBuilder<unknown> | null> {
  if (totals === 0) return sql`FALSE`;
  if (totals > LOOKUP_TEXTS) return null;
  const name = valueList(map, "totals");
  await setVariable(
    conn,
    name,
    sql`SELECT list(project) FILTER (WHERE is_total) FROM ${sql.table(map.table)}`,
  );
  return sql`list_contains(getvariable(${sql.lit(name)}), ${project})`;
}
