import { etlError } from "../etl-issue.js";
import { CsvFault, csvRecordBatches, readCsvHeader, type CsvRecord } from "./csv-records.js";
import type { InputKind } from "./input-kind.js";
import { columnIndex, InputError, type ColumnIndex, type InputTable, type RawRow } from "./raw-table.js";

/**
 * Opens a CSV file as an `InputTable`: reads its header now and streams its rows on demand in batches (files
 * may hold millions of rows). UTF-8 with or without BOM; LF or CRLF line ends.
 * Throws an `InputError` when even the header cannot be read.
 */
export async function openCsvTable(absolutePath: string, file: string, kind: InputKind): Promise<InputTable> {
  let header: CsvRecord | null;
  try {
    header = await readCsvHeader(absolutePath);
  } catch (error) {
    if (error instanceof CsvFault) throw new InputError(csvIssue(error, file, null));
    throw error;
  }
  if (header === null) {
    throw new InputError(etlError({ file, message: `The file ${file} is empty: it needs a header line.` }));
  }
  const names = header.cells.map((name) => name.trim());
  const columns = columnIndex(names);
  const headerLine = header.line;
  return Object.freeze({
    file,
    kind,
    header: Object.freeze(names),
    headerLine,
    csvPath: absolutePath,
    batches: () => dataBatches(absolutePath, file, names, columns),
  });
}

async function* dataBatches(
  absolutePath: string,
  file: string,
  header: ReadonlyArray<string>,
  columns: ColumnIndex,
): AsyncGenerator<RawRow[]> {
  let first = true;
  try {
    for await (const records of csvRecordBatches(absolutePath)) {
      const rows: RawRow[] = new Array<RawRow>(records.length);
      let n = 0;
      for (const record of records) {
        if (first) {
          first = false;
          continue;
        }
        rows[n++] = { line: record.line, cells: record.cells, columns };
      }
      rows.length = n;
      if (n > 0) yield rows;
    }
  } catch (error) {
    if (error instanceof CsvFault) throw new InputError(csvIssue(error, file, header));
    throw error;
  }
}

function csvIssue(fault: CsvFault, file: string, header: ReadonlyArray<string> | null) {
  const { line } = fault;
  const column = fault.field !== undefined && header ? header[fault.field] : undefined;
  const reason = {
    "unclosed-quote": "a quoted field is never closed",
    "invalid-closing-quote":
      'a closing quote is followed by other characters (a quote inside a field must be doubled: "")',
    "invalid-opening-quote":
      'a quote inside a field that does not start with one (quote the whole field and double the quote: "a ""b""")',
    "field-count": "the line has a different number of fields from the header",
  }[fault.code];
  return etlError({
    file,
    line,
    ...(column !== undefined ? { column } : {}),
    message: `Malformed CSV in ${file} line ${line}${column !== undefined ? `, column ${column}` : ""}: ${reason}.`,
  });
}
