import { createReadStream } from "node:fs";
import { Transform, type TransformCallback } from "node:stream";
import { parse, CsvError, type InfoRecord, type Options } from "csv-parse";
import { etlError } from "../etl-issue.js";
import type { InputKind } from "./input-kind.js";
import { InputError, rowValues, type InputTable, type RawRow } from "./raw-table.js";

interface Parsed {
  readonly cells: ReadonlyArray<string>;
  /** Physical line the record starts on. */
  readonly line: number;
}

/**
 * Opens a CSV file as an `InputTable`: reads its header now and streams its rows on demand, one record at a
 * time (files may hold millions of rows). UTF-8 with or without BOM; LF or CRLF line ends.
 * Throws an `InputError` when even the header cannot be read.
 */
export async function openCsvTable(absolutePath: string, file: string, kind: InputKind): Promise<InputTable> {
  let header: Parsed | null = null;
  for await (const record of parseCsv(absolutePath, file, null)) {
    header = record;
    break;
  }
  if (header === null) {
    throw new InputError(etlError({ file, message: `The file ${file} is empty: it needs a header line.` }));
  }
  const names = header.cells.map((name) => name.trim());
  const headerLine = header.line;
  return Object.freeze({
    file,
    kind,
    header: Object.freeze(names),
    headerLine,
    rows: () => dataRows(absolutePath, file, names),
  });
}

async function* dataRows(
  absolutePath: string,
  file: string,
  header: ReadonlyArray<string>,
): AsyncGenerator<RawRow> {
  let first = true;
  for await (const record of parseCsv(absolutePath, file, header)) {
    if (first) {
      first = false;
      continue;
    }
    yield { line: record.line, values: rowValues(header, record.cells) };
  }
}

/**
 * csv-parse counts a CRLF inside a quoted field as two lines, so line ends are made LF before parsing; then
 * `info.lines` is the physical line a record ends on, and the record starts as many lines earlier as its fields
 * hold line breaks.
 */
async function* parseCsv(
  absolutePath: string,
  file: string,
  header: ReadonlyArray<string> | null,
): AsyncGenerator<Parsed> {
  let lastEnd = 0;
  const options = {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    record_delimiter: "\n",
    on_record: (cells: string[], context: InfoRecord): Parsed => {
      lastEnd = context.lines;
      const breaks = cells.reduce((n, cell) => n + countBreaks(cell), 0);
      return { cells, line: context.lines - breaks };
    },
  };
  // on_record changes the record type, which the overloads of parse() cannot express.
  const parser = parse(options as unknown as Options);
  const source = createReadStream(absolutePath).pipe(new CrlfToLf()).pipe(parser);
  try {
    for await (const record of source as AsyncIterable<Parsed>) yield record;
  } catch (error) {
    if (error instanceof CsvError) throw new InputError(csvIssue(error, file, header, lastEnd));
    throw error;
  } finally {
    source.destroy();
  }
}

function csvIssue(error: CsvError, file: string, header: ReadonlyArray<string> | null, lastEnd: number) {
  const details = error as CsvError & { lines?: number; column?: number | string; index?: number };
  // An unclosed quote is only noticed at the end of the file: point at the record that opened it.
  const line = error.code === "CSV_QUOTE_NOT_CLOSED" ? lastEnd + 1 : (details.lines ?? lastEnd + 1);
  const index = typeof details.index === "number" ? details.index : undefined;
  const column =
    typeof details.column === "string"
      ? details.column
      : index !== undefined && header
        ? header[index]
        : undefined;
  const reason =
    error.code === "CSV_QUOTE_NOT_CLOSED"
      ? "a quoted field is never closed"
      : error.code === "CSV_INVALID_CLOSING_QUOTE"
        ? 'a closing quote is followed by other characters (a quote inside a field must be doubled: "")'
        : error.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH"
          ? "the line has a different number of fields from the header"
          : error.message;
  return etlError({
    file,
    line,
    ...(column !== undefined ? { column } : {}),
    message: `Malformed CSV in ${file} line ${line}${column !== undefined ? `, column ${column}` : ""}: ${reason}.`,
  });
}

function countBreaks(cell: string): number {
  let n = 0;
  for (let i = 0; i < cell.length; i++) if (cell.charCodeAt(i) === 10) n++;
  return n;
}

/** Replaces CRLF by LF, also when a chunk ends between the two. */
class CrlfToLf extends Transform {
  private pendingCr = false;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let text = chunk.toString("latin1");
    if (this.pendingCr) text = "\r" + text;
    this.pendingCr = text.endsWith("\r");
    if (this.pendingCr) text = text.slice(0, -1);
    callback(null, Buffer.from(text.replace(/\r\n/g, "\n"), "latin1"));
  }
  override _flush(callback: TransformCallback): void {
    callback(null, this.pendingCr ? Buffer.from("\r", "latin1") : null);
  }
}
