import type { NumberFormat } from "../../src/shared/vietnamese-number.js";
import type { EtlIssue } from "../etl-issue.js";
import type { InputKind } from "./input-kind.js";

/** Column name → its index in a row's cells (the first, when a name repeats); one per table. */
export type ColumnIndex = ReadonlyMap<string, number>;

/**
 * One data row as read: its physical 1-based line (the header is line 1) and its cells in header order, with
 * the table's column index to find a cell by name (`cell` in etl/transform/row-fields.ts). Rows are arrays,
 * not objects keyed by column: millions of them are read.
 */
export interface RawRow {
  readonly line: number;
  readonly cells: ReadonlyArray<string>;
  readonly columns: ColumnIndex;
  /**
   * Indexes of the cells that held a number typed in a workbook: their text is the reader's, with a decimal
   * point, and is never ambiguous (`17.816` typed is 17.816; typed as text it could be 17816).
   */
  readonly numeric?: ReadonlySet<number>;
  /**
   * Where each cell came from, in cell order, for a row a layout spec made (etl/layout/): the source column
   * (`E "Kế hoạch năm 2024 / KCQG"`) or the spec line of a constant. Error messages name it as the column.
   */
  readonly labels?: ReadonlyArray<string>;
}

/** One table of input: a CSV file or a workbook sheet. */
export interface InputTable {
  /** Path relative to the data folder (posix), or `book.xlsx#Sheet` for a workbook sheet. */
  readonly file: string;
  readonly kind: InputKind;
  readonly header: ReadonlyArray<string>;
  readonly headerLine: number;
  /**
   * The absolute path of a CSV file in our own layout (set by openCsvTable, never for a layout spec's rows or a
   * workbook sheet): the set-based load (etl/load/load-funding-set.ts) lets DuckDB read it directly.
   */
  readonly csvPath?: string;
  /** The number format the table declares (its layout spec); inferred per column when absent. */
  readonly numberFormats?: DeclaredNumberFormats;
  /**
   * Streams the data rows in batches (a CSV file: one per chunk read), once per call. A file that cannot be
   * parsed (broken quoting) ends the iteration with an `InputError` that carries the located issue;
   * `readRowBatches` turns it into an issue instead.
   */
  batches(): AsyncIterable<ReadonlyArray<RawRow>>;
}

/**
 * The number format a table declares, for the whole file or per column (the column's entry wins):
 * `{ file: "decimal-comma" }` reads `12.345` as 12345. Without one, each number column's format is inferred
 * from its values (etl/transform/number-columns.ts).
 */
export interface DeclaredNumberFormats {
  readonly file?: NumberFormat;
  readonly columns?: Readonly<Record<string, NumberFormat>>;
}

/** An input file as the run records it. */
export interface InputFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** Thrown by `InputTable.batches()` when the file itself is malformed; `issue` says where. */
export class InputError extends Error {
  readonly issue: EtlIssue;
  constructor(issue: EtlIssue) {
    super(issue.message);
    this.name = "InputError";
    this.issue = issue;
  }
}

/**
 * Iterates a table's row batches, pushing an `InputError`'s issue onto `issues` and stopping there instead of
 * throwing. Other errors (I/O) propagate.
 */
export async function* readRowBatches(
  table: InputTable,
  issues: EtlIssue[],
): AsyncGenerator<ReadonlyArray<RawRow>> {
  try {
    for await (const batch of table.batches()) yield batch;
  } catch (error) {
    if (error instanceof InputError) issues.push(error.issue);
    else throw error;
  }
}

/** Like `readRowBatches`, one row at a time (tests and small tables). */
export async function* readRows(table: InputTable, issues: EtlIssue[]): AsyncGenerator<RawRow> {
  for await (const batch of readRowBatches(table, issues)) yield* batch;
}

/** The column index of a header: each name to its first position. */
export function columnIndex(header: ReadonlyArray<string>): ColumnIndex {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  return index;
}

/** A row's cells by column name (tests, messages); with duplicate names the first column wins. */
export function rowValues(row: RawRow): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, i] of row.columns) values[name] = row.cells[i] ?? "";
  return values;
}

/** A row from cells by column name (tests and workbook sheets). */
export function rawRow(line: number, values: Readonly<Record<string, string>>): RawRow {
  const names = Object.keys(values);
  return { line, cells: names.map((name) => values[name] ?? ""), columns: columnIndex(names) };
}
