import ExcelJS from "exceljs";
import { csvRecordBatches } from "../extract/csv-records.js";
import { cellText } from "../extract/xlsx-table.js";

/**
 * One row of a sheet or CSV file as a layout spec reads it: its physical 1-based row (line) number, its cells as
 * text, and which cells were numbers in the workbook (those need no number convention).
 */
export interface GridRow {
  readonly line: number;
  readonly cells: ReadonlyArray<string>;
  readonly numeric: ReadonlyArray<boolean> | null;
}

/** A sheet or CSV file before any spec is applied: the rows down to the header's end now, the rest on demand. */
export interface Grid {
  /** `book.xlsx#Sheet` or `file.csv`, as issues name the table. */
  readonly file: string;
  /** The sheet name (null for a CSV file). */
  readonly sheet: string | null;
  /** Columns are named by letter (workbooks) or by their header alone (CSV). */
  readonly letters: boolean;
  /** Every row up to and including `through` (the last header row). */
  readonly prelude: ReadonlyArray<GridRow>;
  /** The rows after the prelude, in batches; a CSV fault ends the iteration with a `CsvFault`. */
  rows(): AsyncIterable<ReadonlyArray<GridRow>>;
}

/**
 * The sheets of a workbook as grids. Cells of a merged range all read as its top-left cell (ExcelJS gives a
 * merged cell its master's value), so a group header merged over three columns heads each of them, and a
 * province name merged down over its projects names each project row. Rows with no text are left out.
 */
export async function readWorkbookGrids(
  absolutePath: string,
  file: string,
  through: (sheet: string) => number,
): Promise<ReadonlyArray<Grid>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(absolutePath);
  return workbook.worksheets.map((sheet) => {
    const rows: GridRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: string[] = [];
      const numeric: boolean[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        const value = cell.value;
        cells[column - 1] = cellText(value);
        numeric[column - 1] =
          typeof value === "number" ||
          (value !== null &&
            typeof value === "object" &&
            "result" in value &&
            typeof value.result === "number");
      });
      for (let i = 0; i < cells.length; i++) {
        cells[i] ??= "";
        numeric[i] ??= false;
      }
      if (cells.some((c) => c.trim() !== "")) rows.push({ line, cells, numeric });
    });
    const last = through(sheet.name);
    const prelude = rows.filter((r) => r.line <= last);
    const rest = rows.filter((r) => r.line > last);
    return {
      file: `${file}#${sheet.name}`,
      sheet: sheet.name,
      letters: true,
      prelude,
      rows: async function* () {
        if (rest.length > 0) yield rest;
      },
    };
  });
}

/**
 * A CSV file as a grid: the rows through line `through` are read now, the rest stream (a layout CSV may be as
 * big as any other). Throws a `CsvFault` when the prelude cannot be parsed.
 */
export async function readCsvGrid(absolutePath: string, file: string, through: number): Promise<Grid> {
  const prelude: GridRow[] = [];
  outer: for await (const batch of csvRecordBatches(absolutePath)) {
    for (const record of batch) {
      if (record.line > through) break outer;
      prelude.push({ line: record.line, cells: record.cells, numeric: null });
    }
  }
  return {
    file,
    sheet: null,
    letters: false,
    prelude,
    rows: async function* () {
      for await (const batch of csvRecordBatches(absolutePath)) {
        const rows: GridRow[] = [];
        for (const record of batch)
          if (record.line > through) rows.push({ line: record.line, cells: record.cells, numeric: null });
        if (rows.length > 0) yield rows;
      }
    },
  };
}

/** `A`, `B`, … `Z`, `AA`: a 0-based column index as a spreadsheet letter. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
