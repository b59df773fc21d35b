import type { EtlIssue } from "../etl-issue.js";
import type { InputKind } from "./input-kind.js";

/** One data row as read: its physical 1-based line (the header is line 1) and its cells by column name. */
export interface RawRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

/** One table of input: a CSV file or a workbook sheet. */
export interface InputTable {
  /** Path relative to the data folder (posix), or `book.xlsx#Sheet` for a workbook sheet. */
  readonly file: string;
  readonly kind: InputKind;
  readonly header: ReadonlyArray<string>;
  readonly headerLine: number;
  /**
   * Streams the data rows, once per call. A file that cannot be parsed (broken quoting) ends the iteration
   * with an `InputError` that carries the located issue; `readRows` turns it into an issue instead.
   */
  rows(): AsyncIterable<RawRow>;
}

/** An input file as the run records it. */
export interface InputFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** Thrown by `InputTable.rows()` when the file itself is malformed; `issue` says where. */
export class InputError extends Error {
  readonly issue: EtlIssue;
  constructor(issue: EtlIssue) {
    super(issue.message);
    this.name = "InputError";
    this.issue = issue;
  }
}

/**
 * Iterates a table's rows, pushing an `InputError`'s issue onto `issues` and stopping there instead of
 * throwing. Other errors (I/O) propagate.
 */
export async function* readRows(table: InputTable, issues: EtlIssue[]): AsyncGenerator<RawRow> {
  try {
    for await (const row of table.rows()) yield row;
  } catch (error) {
    if (error instanceof InputError) issues.push(error.issue);
    else throw error;
  }
}

/** Cells by column name; with duplicate names the first column wins (checkHeader reports the duplicate). */
export function rowValues(
  header: ReadonlyArray<string>,
  cells: ReadonlyArray<string>,
): Record<string, string> {
  const values: Record<string, string> = {};
  header.forEach((name, i) => {
    if (!(name in values)) values[name] = cells[i] ?? "";
  });
  return values;
}
