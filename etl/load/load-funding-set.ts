import { sql, type Kysely, type RawBuilder } from "kysely";
import { MONEY_UNITS } from "../../src/shared/money-unit.js";
import type { NumberFormat } from "../../src/shared/vietnamese-number.js";
import type { WarehouseTables } from "../../src/warehouse/index.js";
import { etlError, etlWarning } from "../etl-issue.js";
import { INPUT_COLUMNS } from "../extract/input-columns.js";
import { columnIndex, type InputTable, type RawRow } from "../extract/raw-table.js";
import { transformFundingRow } from "../transform/funding.transform.js";
import { HOLD_LIMIT, NUMBER_COLUMNS, NumberColumns } from "../transform/number-columns.js";
import type { TransformContext } from "../transform/transform-context.js";
import { scanCsvShape } from "./csv-shape.js";
import { detailCases, FUNDING_MAPS, keyRow, zerosOf, type FundingMap } from "./funding-maps.js";
import {
  lookupSlotColumn,
  lookupValue,
  prepareMapRead,
  prepareTotalLabels,
  resetMapReads,
  type MapRead,
} from "./map-lookup.js";
import { defineReadNumberMacros, readNumberSql } from "./read-number-sql.js";

/**
 * The set-based load of a funding CSV in our own layout: DuckDB parses the file (`read_csv`, every column
 * VARCHAR, streamed) and the rows go into `funding_fact` with one INSERT … SELECT; JavaScript sees only the
 * distinct texts of the coded columns (FUNDING_MAPS) and, when rows are wrong, the first MAX_REPORTED_ROWS of
 * them. One read of the file, then three scans of the staged rows at most:
 * 1. one aggregate (GROUPING SETS) gives the distinct texts of each map with the row that first shows them, the
 *    number formats each number column shows (kc_read_number, etl/load/read-number-sql.ts) and the row count;
 *    the maps are filled by the transform's own field readers and loaded into temporary tables;
 * 2. the INSERT reads each row's entry of the maps (etl/load/map-lookup.ts: by list positions, so that DuckDB
 *    inserts on all its threads) and the amounts in SQL; rows with an error are left out;
 * 3. only when some row has an error or a warning: its first rows, in file order, are read back and given to
 *    the row-by-row transform, which reports them exactly as it always has (file, line, column, value,
 *    did-you-mean); past MAX_REPORTED_ROWS one sentence counts the rest.
 *
 * The file is first staged in a temporary table by DuckDB's parallel CSV reader (`stage`), which keeps file
 * order, so a record's number is its rowid + 1 and the read, the aggregate and the insert run on all of
 * DuckDB's threads; with a file checked by `scanCsvShape` (one record a line) data row n is on line n + 1.
 * Facts are numbered from `firstFactId` in the same order, as the row-by-row load does.
 *
 * Returns `{ loaded: false, reason }`, having changed nothing, when the file needs the row-by-row path: it is
 * not a plain funding CSV, its shape is not one record a line, DuckDB's strict reader refuses it (the row-by-row
 * reader then locates the fault), an ambiguous number waits on a format the way only the row-by-row path can
 * settle (etl/transform/number-columns.ts), or its coded columns hold more than MAX_DISTINCT distinct texts.
 */
export type SetLoad =
  | { readonly loaded: true; readonly rows: number; readonly lastFactId: number }
  | { readonly loaded: false; readonly reason: string };

/** Rows in error (or warned about) read back for their messages, per file. */
export const MAX_REPORTED_ROWS = 1000;
/** Distinct texts of the coded columns a file may hold before it goes down the row-by-row path. */
export const MAX_DISTINCT = 100_000;

const FUNDING_COLUMNS = [...INPUT_COLUMNS.funding.required, ...INPUT_COLUMNS.funding.optional];
const BILLION = MONEY_UNITS.billion;

export async function loadFundingSet(
  db: Kysely<WarehouseTables>,
  table: InputTable,
  ctx: TransformContext,
  firstFactId: number,
  /** DuckDB's memory_limit to restore after the load; when given, the load keeps to SET_LOAD_MEMORY_HEADROOM. */
  memoryLimit?: string,
): Promise<SetLoad> {
  if (table.kind !== "funding" || table.csvPath === undefined)
    return skip("it is a workbook sheet or read through a layout spec");
  if (table.numberFormats !== undefined || table.headerLine !== 1)
    return skip("it declares number formats or its header is not on line 1");
  const shape = await scanCsvShape(table.csvPath);
  if (!shape.simple) return skip(shape.reason);
  const path = table.csvPath;
  return db.connection().execute(async (conn) => {
    await defineReadNumberMacros(conn);
    if (memoryLimit !== undefined) await limitMemory(conn);
    try {
      return await loadOnConnection(conn, path, table, ctx, firstFactId, memoryLimit !== undefined);
    } finally {
      await resetMapReads(conn);
      for (const name of [STAGE, ...FUNDING_MAPS.map((m) => m.table)])
        await sql`DROP TABLE IF EXISTS ${sql.table(name)}`.execute(conn);
      if (memoryLimit !== undefined) await sql`SET memory_limit = ${sql.lit(memoryLimit)}`.execute(conn);
    }
  });
}

/**
 * What DuckDB may take (memory_limit, for the whole instance) beyond what it holds already (the facts so far and
 * their key index), set before the file is staged and again before the insert. The staged rows, as read, take
 * about twice the file's size: past the limit DuckDB writes them to its temporary directory and the insert
 * streams them back. Without it a 264 MB file took 300 MiB more than DuckDB's own read_csv of it; with it,
 * about 100 MiB more at 1M rows (BENCHMARKS.md, "ETL load throughput"). Less room for the insert too sometimes
 * doubled its CPU time (its batches, short of memory, are flushed small and merged).
 */
export const SET_LOAD_MEMORY_HEADROOM = 300 * 2 ** 20;

async function limitMemory(conn: Kysely<WarehouseTables>): Promise<void> {
  const { rows } = await sql<{ used: bigint | number | null }>`
    SELECT sum(memory_usage_bytes)::BIGINT AS used FROM duckdb_memory()`.execute(conn);
  const bytes = Number(rows[0]?.used ?? 0) + SET_LOAD_MEMORY_HEADROOM;
  await sql`SET memory_limit = ${sql.lit(`${bytes}B`)}`.execute(conn);
}

function skip(reason: string): SetLoad {
  return { loaded: false, reason };
}

interface FirstSeen {
  readonly set: string;
  /** The key texts as read: null for an empty cell. */
  readonly keys: Readonly<Record<string, string | null>>;
  readonly first: number;
  readonly rows: number;
  readonly kind: string | null;
  readonly shows: string | null;
}

async function loadOnConnection(
  conn: Kysely<WarehouseTables>,
  path: string,
  table: InputTable,
  ctx: TransformContext,
  firstFactId: number,
  limited: boolean,
): Promise<SetLoad> {
  const header = table.header;
  const columns = columnIndex(header);
  const numberColumns = (NUMBER_COLUMNS.funding ?? []).filter((c) => columns.has(c));

  // 0. The file, staged in file order; 1. distinct texts, number formats shown, rows.
  let seen: FirstSeen[];
  try {
    await stage(conn, path, header);
    seen = await firstSeen(conn, header, numberColumns);
  } catch (error) {
    return skip(`DuckDB's reader refused it (${error instanceof Error ? error.message.split("\n")[0] : ""})`);
  }
  if (seen.length > MAX_DISTINCT)
    return skip(`its coded columns hold more than ${MAX_DISTINCT} distinct texts`);
  const rows = seen.find((s) => s.set === "total")?.rows ?? 0;

  const formats = new Map<string, NumberFormat | null>();
  for (const column of numberColumns) {
    const decided = settledFormat(seen.filter((s) => s.set === `number:${column}`));
    if (decided === undefined)
      return skip(`its column ${column} has an ambiguous number the load cannot settle`);
    formats.set(column, decided);
  }
  if (
    numberColumns.filter((c) => seen.some((s) => s.set === `number:${c}` && s.kind === "ambiguous")).length >
    1
  )
    return skip("more than one of its number columns has ambiguous numbers");

  // The maps, by the transform's field readers, each key at the line that first shows it.
  let anyIssue = false;
  let skippedRows = 0;
  const reads: MapRead[] = [];
  let totals: RawBuilder<unknown> | null = null;
  for (const map of FUNDING_MAPS) {
    const entries = seen
      .filter((s) => s.set === map.table && !(map.table === "kc_map_project" && s.keys["project"] === null))
      .sort((a, b) => a.first - b.first);
    const evaluated = entries.map((entry) => {
      const texts = Object.fromEntries(map.keys.map((k) => [k, entry.keys[k] ?? ""]));
      const out = map.evaluate(ctx, keyRow(entry.first + 1, header, columns, texts));
      if (out.bad || out.warn) anyIssue = true;
      if (map.table === "kc_map_area" && out.values[3] === true) skippedRows += entry.rows;
      return { keys: map.keys.map((k) => entry.keys[k] ?? null), out };
    });
    await createMap(conn, map, evaluated);
    if (map.table === "kc_map_project") {
      const labels = evaluated.filter((e) => e.out.values[0] === true).length;
      totals = await prepareTotalLabels(conn, map, labels, sql`t.project`);
      continue;
    }
    const distinct = new Map(
      map.keys.map((k) => [k, new Set(entries.map((e) => e.keys[k]).filter((t) => t !== null)).size]),
    );
    const varying = map.keys.filter((k) => new Set(entries.map((e) => e.keys[k])).size > 1);
    reads.push(await prepareMapRead(conn, map, varying, distinct));
  }

  // 2. The insert.
  // With room beyond the staged rows DuckDB kept in memory, which the insert reads back.
  if (limited) await limitMemory(conn);
  const withSkips = skippedRows > 0;
  // A total row left out takes no fact id, as in the row-by-row load (rows in error fail the run anyway).
  const skippedBefore = withSkips
    ? sql`coalesce(sum(skip::INTEGER) OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)`
    : sql`0`;
  const result = await sql`
    INSERT INTO funding_fact (fact_id, area_id, geo_level, geo_name, year_from, year_to, period, funding_source,
      budget_level, stage, activity_code, project, detail, amount_vnd, source_id, preferred, preference, figure_id,
      note, scope, bound, certainty, quality_bits, origin)
    SELECT ${firstFactId} + n - skipped_before,
      area_id, area_level, area_name, year_from, year_to, period_code, funding_source_value, budget_level_value,
      stage_value, activity_code, project_value, ${detailSql()}, amount_vnd, source_id, TRUE, 1, NULL,
      note_value, scope_value, bound_value, certainty_value, quality_bits, ${table.file} || ':' || (n + 1)::VARCHAR
    FROM (SELECT *, ${skippedBefore} AS skipped_before FROM (${checkedRows(header, formats, reads, totals)}))
    WHERE NOT bad AND NOT skip`.execute(conn);
  const inserted = Number(result.numAffectedRows ?? 0n);

  // 3. The messages, from the row-by-row transform, for the first rows in error or warned about.
  if (anyIssue || inserted !== rows - skippedRows)
    await reportRows(conn, table, ctx, formats, reads, totals, columns);
  return { loaded: true, rows, lastFactId: firstFactId + rows - skippedRows };
}

/** The temporary table the file is staged in (`stage`). */
const STAGE = "kc_stage";

/**
 * Copies the file's records, every cell as read (c0, c1, …), into a temporary table, with DuckDB's parallel CSV
 * reader: a CREATE TABLE AS keeps the records in file order (insertion order is preserved, DuckDB's default),
 * so record n has rowid n - 1. Numbering the records while reading (`row_number() OVER ()`) kept every scan on
 * one thread; the read and the aggregate over the staged table run on all of DuckDB's threads. The table lives
 * in the snapshot's temporary catalog, whose blocks DuckDB writes to its temp directory when memory runs short,
 * so a file larger than memory still loads.
 */
async function stage(
  conn: Kysely<WarehouseTables>,
  path: string,
  header: ReadonlyArray<string>,
): Promise<void> {
  const types = sql.join(header.map((_, i) => sql`${sql.lit(`c${i}`)}: 'VARCHAR'`));
  await sql`CREATE OR REPLACE TEMP TABLE ${sql.table(STAGE)} AS SELECT * FROM read_csv(${path}, header = false,
    skip = 1, columns = {${types}}, delim = ',', quote = '"', escape = '"', strict_mode = true,
    auto_detect = false, null_padding = false)`.execute(conn);
}

/**
 * The file's records in order, numbered from 1 (`n`), with every cell as read (c0, c1, …) and each funding
 * column by name: the coded columns as read (NULL when empty or absent; their map's readers trim), the columns
 * in TRIMMED as `cell()` reads them (trimmed, '' when empty or absent). With `formats`, also the amount as
 * readAmount picks it and its exact decimal (`decimalSql`).
 */
function rowSource(
  header: ReadonlyArray<string>,
  formats: ReadonlyMap<string, NumberFormat | null> | null,
): RawBuilder<unknown> {
  const columns = columnIndex(header);
  const cells = FUNDING_COLUMNS.map((name) => {
    const i = columns.get(name);
    if (TRIMMED.has(name))
      return i === undefined
        ? sql`''::VARCHAR AS ${sql.id(name)}`
        : sql`kc_trim(${sql.id(`c${i}`)}) AS ${sql.id(name)}`;
    return i === undefined
      ? sql`NULL::VARCHAR AS ${sql.id(name)}`
      : sql`${sql.id(`c${i}`)} AS ${sql.id(name)}`;
  });
  const read = sql`SELECT rowid + 1 AS n, *, ${sql.join(cells)} FROM ${sql.table(STAGE)}`;
  if (formats === null) return read;
  const useUnit = header.includes("amount") ? sql`amount_billion_vnd = ''` : sql`FALSE`;
  return sql`SELECT * FROM (
    SELECT *, CASE WHEN NOT use_unit THEN ${vndSql(sql`amount_decimal`, sql.lit(zerosOf(BILLION.vnd)))} END AS billion_vnd
    FROM (
    SELECT *,
      CASE WHEN use_unit THEN ${decimalSql(sql`amount_text`, formats.get("amount") ?? null)}
           ELSE ${decimalSql(sql`amount_text`, formats.get("amount_billion_vnd") ?? null)} END AS amount_decimal
    FROM (
      SELECT *, ${useUnit} AS use_unit,
        amount_billion_vnd <> '' AND amount <> '' AS two_amounts,
        CASE WHEN ${useUnit} THEN amount ELSE amount_billion_vnd END AS amount_text
      FROM (${read}))))`;
}

/**
 * convertToVnd in SQL: the đồng of an exact decimal in a unit of 10^places đồng, or NULL where readAmount
 * reports an error (negative, a fraction of a đồng, more than a BIGINT holds).
 */
function vndSql(decimal: RawBuilder<unknown>, places: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`CASE WHEN ${decimal} IS NULL OR starts_with(${decimal}, '-') THEN NULL
    WHEN length(rtrim(split_part(${decimal}, '.', 2), '0')) > ${places} THEN NULL
    ELSE TRY_CAST(split_part(${decimal}, '.', 1) || rpad(split_part(${decimal}, '.', 2), ${places}, '0') AS BIGINT) END`;
}

/** The columns whose trimmed text the SQL itself uses; the maps' keys stay as read (their readers trim). */
const TRIMMED = new Set(["project", "note", "amount", "amount_billion_vnd"]);

/**
 * A project text that could be a total row's label (isTotalLabel): its first character after trimming is
 * non-ASCII or one of t, c, s, g in either case. Only these go to JavaScript to be decided.
 */
const PROJECT_CANDIDATE = sql`CASE WHEN project <> '' AND (unicode(project) > 127 OR left(project, 1) IN ('t', 'T', 'c', 'C', 's', 'S', 'g', 'G')) THEN project END`;

async function firstSeen(
  conn: Kysely<WarehouseTables>,
  header: ReadonlyArray<string>,
  numberColumns: ReadonlyArray<string>,
): Promise<FirstSeen[]> {
  const maps = FUNDING_MAPS.filter((m) => m.table !== "kc_map_project");
  const numberCols = numberColumns.map((c, i) => ({
    column: c,
    kind: `num${i}_kind`,
    shows: `num${i}_shows`,
  }));
  const sets = [
    ...maps.map((m) => sql`(${sql.join(m.keys.map((k) => sql.id(k)))})`),
    sql`(project_candidate)`,
    ...numberCols.map((c) => sql`(${sql.id(c.kind)}, ${sql.id(c.shows)})`),
    sql`()`,
  ];
  const setName = sql`CASE
    ${sql.join(
      maps.map((m) => sql`WHEN grouping(${sql.id(m.keys[0]!)}) = 0 THEN ${m.table}`),
      sql` `,
    )}
    WHEN grouping(project_candidate) = 0 THEN 'kc_map_project'
    ${sql.join(
      numberCols.map((c) => sql`WHEN grouping(${sql.id(c.kind)}) = 0 THEN ${`number:${c.column}`}`),
      sql` `,
    )}
    ELSE 'total' END`;
  const keyColumns = [...new Set(maps.flatMap((m) => m.keys))];
  const readings = numberCols.map(
    (c) => sql`${readNumberSql(sql.id(c.column), null)} AS ${sql.id(`${c.kind}_r`)}`,
  );
  const numberFields = numberCols.flatMap((c) => [
    sql`${sql.id(`${c.kind}_r`)}.kind AS ${sql.id(c.kind)}`,
    sql`${sql.id(`${c.kind}_r`)}.shows AS ${sql.id(c.shows)}`,
  ]);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${setName} AS set_name, ${sql.join(keyColumns.map((k) => sql.id(k)))}, project_candidate,
      ${numberCols.length > 0 ? sql`${sql.join(numberCols.flatMap((c) => [sql.id(c.kind), sql.id(c.shows)]))},` : sql``}
      min(n) AS first, count(*) AS rows
    FROM (
      SELECT *, ${PROJECT_CANDIDATE} AS project_candidate ${numberFields.length > 0 ? sql`, ${sql.join(numberFields)}` : sql``}
      FROM (SELECT *${readings.length > 0 ? sql`, ${sql.join(readings)}` : sql``} FROM (${rowSource(header, null)})))
    GROUP BY GROUPING SETS (${sql.join(sets)})
    LIMIT ${MAX_DISTINCT + 1}`.execute(conn);
  return rows.map((r) => {
    const set = String(r["set_name"]);
    const map = FUNDING_MAPS.find((m) => m.table === set);
    const keys: Record<string, string | null> = {};
    const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
    if (set === "kc_map_project") keys["project"] = text(r["project_candidate"]);
    else for (const k of map?.keys ?? []) keys[k] = text(r[k]);
    const number = numberCols.find((c) => set === `number:${c.column}`);
    return {
      set,
      keys,
      first: Number(r["first"]),
      rows: Number(r["rows"]),
      kind: number === undefined ? null : ((r[number.kind] as string | null) ?? null),
      shows: number === undefined ? null : ((r[number.shows] as string | null) ?? null),
    };
  });
}

/**
 * The format of a number column as NumberColumns would settle it (null: none needed or none shown), or
 * undefined when only the row-by-row path can (both formats shown beside an ambiguous value, or an ambiguous
 * value held longer than HOLD_LIMIT rows before the column shows its format).
 */
function settledFormat(stats: ReadonlyArray<FirstSeen>): NumberFormat | null | undefined {
  const firstOf = (pick: (s: FirstSeen) => boolean): number =>
    Math.min(...stats.filter(pick).map((s) => s.first), Infinity);
  const ambiguous = firstOf((s) => s.kind === "ambiguous");
  const comma = firstOf((s) => s.kind === "number" && s.shows === "decimal-comma");
  const point = firstOf((s) => s.kind === "number" && s.shows === "decimal-point");
  const shown = Math.min(comma, point);
  if (ambiguous === Infinity)
    return comma === Infinity
      ? point === Infinity
        ? null
        : "decimal-point"
      : point === Infinity
        ? "decimal-comma"
        : null;
  if (comma !== Infinity && point !== Infinity) return undefined;
  if (shown === Infinity) return null;
  if (shown > ambiguous && shown - ambiguous >= HOLD_LIMIT) return undefined;
  return comma !== Infinity ? "decimal-comma" : "decimal-point";
}

async function createMap(
  conn: Kysely<WarehouseTables>,
  map: FundingMap,
  entries: ReadonlyArray<{
    keys: ReadonlyArray<string | null>;
    out: { values: ReadonlyArray<unknown>; bad: boolean; warn: boolean };
  }>,
): Promise<void> {
  const columns = [
    ...map.keys.map((k) => sql`${sql.id(k)} VARCHAR`),
    ...map.values.map(([name, type]) => sql`${sql.id(name)} ${sql.raw(type)}`),
    sql`bad BOOLEAN`,
    sql`warn BOOLEAN`,
  ];
  await sql`CREATE OR REPLACE TEMP TABLE ${sql.table(map.table)} (${sql.join(columns)})`.execute(conn);
  const width = map.keys.length + map.values.length + 2;
  const chunk = Math.max(1, Math.floor(2000 / width));
  for (let i = 0; i < entries.length; i += chunk) {
    const values = entries
      .slice(i, i + chunk)
      .map(
        (e) => sql`(${sql.join([...e.keys, ...e.out.values, e.out.bad, e.out.warn].map((v) => sql`${v}`))})`,
      );
    await sql`INSERT INTO ${sql.table(map.table)} VALUES ${sql.join(values)}`.execute(conn);
  }
}

/**
 * Every row with its entry of each map (MapRead: a lookup, or a join on the keys that vary in this file: the
 * others hold one text in every row), its amount in đồng as readAmount gives it (funding.transform.ts) and
 * `bad` (some reader would report an error), `warn` (a warning) and `skip` (a total row left out). `totals`
 * tells a total row's project label (prepareTotalLabels), or null to join the project map.
 */
function checkedRows(
  header: ReadonlyArray<string>,
  formats: ReadonlyMap<string, NumberFormat | null>,
  reads: ReadonlyArray<MapRead>,
  totals: RawBuilder<unknown> | null,
): RawBuilder<unknown> {
  const joinSql = reads.flatMap((read) =>
    read.kind === "lookup"
      ? []
      : read.varying.length === 0
        ? [sql`CROSS JOIN ${sql.table(read.map.table)}`]
        : [
            sql`JOIN ${sql.table(read.map.table)} ON ${sql.join(
              read.varying.map(
                (k) => sql`${sql.ref(`${read.map.table}.${k}`)} IS NOT DISTINCT FROM t.${sql.id(k)}`,
              ),
              sql` AND `,
            )}`,
          ],
  );
  if (totals === null) joinSql.push(sql`LEFT JOIN kc_map_project ON kc_map_project.project = t.project`);
  const slots = reads.flatMap((read) => (read.kind === "lookup" ? [lookupSlotColumn(read)] : []));
  const valueOf = (read: MapRead, name: string): RawBuilder<unknown> =>
    read.kind === "lookup" ? lookupValue(read, name) : sql`${sql.ref(`${read.map.table}.${name}`)}`;
  const mapValues = reads.flatMap((read) =>
    read.map.values.map(([name]) => sql`${valueOf(read, name)} AS ${sql.id(name)}`),
  );
  const mapFlags = (flag: "bad" | "warn") =>
    sql.join(
      reads.map((read) => valueOf(read, flag)),
      sql` OR `,
    );
  const codes = reads.find((read) => read.map.table === "kc_map_codes");
  if (codes === undefined) throw new Error("The funding maps have no kc_map_codes.");
  return sql`
    SELECT *, map_bad OR amount_vnd IS NULL AS bad
    FROM (
      SELECT *,
        CASE WHEN two_amounts THEN NULL
             WHEN NOT use_unit THEN billion_vnd
             WHEN places IS NULL THEN NULL
             ELSE ${vndSql(sql`amount_decimal`, sql`places`)}
        END AS amount_vnd
      FROM (
        SELECT t.*, ${sql.join(mapValues)},
          CASE WHEN use_unit THEN ${valueOf(codes, "unit_places")} ELSE ${sql.lit(zerosOf(BILLION.vnd))} END AS places,
          CASE WHEN t.project = '' OR ${totals ?? sql`coalesce(kc_map_project.is_total, FALSE)`} THEN NULL ELSE t.project END AS project_value,
          NULLIF(t.note, '') AS note_value,
          (${mapFlags("bad")}) AS map_bad,
          (${mapFlags("warn")}) AS warn
        FROM (SELECT *${slots.length > 0 ? sql`, ${sql.join(slots)}` : sql``} FROM (${rowSource(header, formats)})) AS t
        ${sql.join(joinSql, sql` `)}))`;
}

/**
 * The exact decimal of a number cell as NumberColumns.read gives it (readNumber without a declared format; an
 * ambiguous text read with the column's settled format, NULL without one), or NULL where it reports an error.
 * Plain texts (digits and at most one point: nearly every cell) take readPlain's path, written out for the
 * column's format; the others go through kc_read_number.
 */
function decimalSql(text: RawBuilder<unknown>, format: NumberFormat | null): RawBuilder<unknown> {
  const grouped =
    format === "decimal-point"
      ? text
      : format === "decimal-comma"
        ? sql`replace(${text}, '.', '')`
        : sql`NULL`;
  const other = format === null ? sql`NULL` : format === "decimal-comma" ? sql`r_.comma` : sql`r_.point`;
  // The patterns' backslashes are doubled: the template's text is read with escapes applied (`\.` is `.`).
  return sql`CASE
    WHEN regexp_full_match(${text}, '-?[0-9]+(\\.[0-9]+)?') THEN
      CASE WHEN contains(${text}, '.') AND regexp_full_match(${text}, '-?[1-9][0-9]{0,2}\\.[0-9]{3}') THEN ${grouped}
           WHEN ${text}[1] BETWEEN '1' AND '9' THEN ${text}
           ELSE kc_num_plain_value(${text}) END
    ELSE list_transform([kc_read_number(${text}, NULL::VARCHAR)], lambda r_:
           CASE WHEN r_.kind = 'number' THEN r_.value WHEN r_.kind = 'ambiguous' THEN ${other} END)[1]
  END`;
}

/** `detailOf` over the row's project and activity, as a CASE built from detailOf itself. */
function detailSql(): RawBuilder<unknown> {
  const when = detailCases().map(
    (c) =>
      sql`WHEN (project_value IS NOT NULL) = ${sql.lit(c.project)} AND (activity_code IS NOT NULL) = ${sql.lit(c.activity)} THEN ${sql.lit(c.detail)}`,
  );
  return sql`CASE ${sql.join(when, sql` `)} END`;
}

/**
 * Reads back the first rows with an error or a warning and lets the row-by-row transform report them, with
 * each number column already settled as the set-based read settled it.
 */
async function reportRows(
  conn: Kysely<WarehouseTables>,
  table: InputTable,
  ctx: TransformContext,
  formats: ReadonlyMap<string, NumberFormat | null>,
  reads: ReadonlyArray<MapRead>,
  totals: RawBuilder<unknown> | null,
  columns: ReturnType<typeof columnIndex>,
): Promise<void> {
  const header = table.header;
  const raw = header.map((_, i) => sql.id(`c${i}`));
  const { rows } = await sql<Record<string, unknown>>`
    SELECT n, ${sql.join(raw)}, count(*) OVER () AS flagged, count(*) FILTER (WHERE bad) OVER () AS errors
    FROM (${checkedRows(header, formats, reads, totals)})
    WHERE bad OR warn OR skip
    ORDER BY n
    LIMIT ${MAX_REPORTED_ROWS}`.execute(conn);
  const numbers = new NumberColumns(table.file, "funding", []);
  for (const [column, format] of formats) {
    if (format === null) continue;
    // A value that shows the column's format, as the column's own first such value did.
    const cells = header.map((name) => (name === column ? (format === "decimal-comma" ? "0,5" : "0.5") : ""));
    numbers.observe({ line: 0, cells, columns });
  }
  const rowCtx: TransformContext = { ...ctx, numbers };
  for (const r of rows) {
    const line = Number(r["n"]) + 1;
    const row: RawRow = { line, cells: header.map((_, i) => String(r[`c${i}`] ?? "")), columns };
    const before = ctx.issues.length;
    transformFundingRow(row, rowCtx);
    if (ctx.issues.length === before) {
      ctx.issues.push(
        etlError({
          file: table.file,
          line,
          message: `The set-based load refused ${table.file} line ${line}, which the row-by-row transform reads: the two disagree. Report this with the row.`,
        }),
      );
    }
  }
  const flagged = Number(rows[0]?.["flagged"] ?? 0);
  if (flagged > rows.length) {
    const errors = Number(rows[0]?.["errors"] ?? 0);
    const more = flagged - rows.length;
    const issue = {
      file: table.file,
      message: `${more.toLocaleString("en")} more rows of ${table.file} have errors or warnings; only the first ${rows.length.toLocaleString("en")} are listed. Fix those and load again to see the rest.`,
    };
    ctx.issues.push(errors > 0 ? etlError(issue) : etlWarning(issue));
  }
}
