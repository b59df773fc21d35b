import ExcelJS from "exceljs";
import { etlError, type EtlIssue } from "../etl-issue.js";
import { inputKindOf, INPUT_KINDS } from "./input-kind.js";
import { columnIndex, type InputTable, type RawRow } from "./raw-table.js";

/**
 * Opens every sheet of a workbook as an `InputTable` named `book.xlsx#Sheet`, its kind taken from the sheet
 * name. The first non-empty row of a sheet is its header; cells are read as text (numbers as their plain
 * decimal text, dates as YYYY-MM-DD, formulas as their cached result). The workbook is read whole: keep big
 * inputs in CSV.
 */
export async function openXlsxTables(
  absolutePath: string,
  file: string,
): Promise<{ readonly tables: ReadonlyArray<InputTable>; readonly issues: ReadonlyArray<EtlIssue> }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(absolutePath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      tables: [],
      issues: [etlError({ file, message: `The workbook ${file} cannot be read: ${reason}.` })],
    };
  }
  const tables: InputTable[] = [];
  const issues: EtlIssue[] = [];
  for (const sheet of workbook.worksheets) {
    const sheetFile = `${file}#${sheet.name}`;
    const kind = inputKindOf(sheet.name);
    if (kind === null) {
      issues.push(
        etlError({
          file: sheetFile,
          message: `Unknown sheet "${sheet.name}" in ${file}: a sheet name must start with one of ${INPUT_KINDS.join(", ")}.`,
        }),
      );
      continue;
    }
    const rows = sheetRows(sheet);
    const headerRow = rows.shift();
    if (headerRow === undefined) {
      issues.push(
        etlError({ file: sheetFile, message: `The sheet ${sheetFile} is empty: it needs a header row.` }),
      );
      continue;
    }
    const header = Object.freeze(headerRow.cells.map((name) => name.trim()));
    const columns = columnIndex(header);
    const data: ReadonlyArray<RawRow> = rows.map((row) => ({
      line: row.line,
      cells: row.cells,
      columns,
      ...(row.numeric.size > 0 ? { numeric: row.numeric } : {}),
    }));
    tables.push(
      Object.freeze({
        file: sheetFile,
        kind,
        header,
        headerLine: headerRow.line,
        batches: async function* (): AsyncGenerator<ReadonlyArray<RawRow>> {
          if (data.length > 0) yield data;
        },
      }),
    );
  }
  return { tables, issues };
}

function sheetRows(
  sheet: ExcelJS.Worksheet,
): Array<{ readonly line: number; readonly cells: string[]; readonly numeric: Set<number> }> {
  const rows: Array<{ line: number; cells: string[]; numeric: Set<number> }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const numeric = new Set<number>();
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
      if (isNumberCell(cell.value)) numeric.add(column - 1);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= "";
    if (cells.some((c) => c.trim() !== "")) rows.push({ line: rowNumber, cells, numeric });
  });
  return rows;
}

/** Whether a cell holds a typed number (or a formula whose cached result is one). */
export function isNumberCell(value: ExcelJS.CellValue): boolean {
  if (typeof value === "number") return true;
  return typeof value === "object" && value !== null && "result" in value && typeof value.result === "number";
}

/** A cell's value as the text a CSV would hold. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return plainNumber(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ("error" in value) return String(value.error);
  return "";
}

/** 1e21 → "1000000000000000000000", 1.5e-7 → "0.00000015": never exponent notation. */
function plainNumber(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  const [mantissa = "0", exponentText = "0"] = text.toLowerCase().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const [intPart = "", fracPart = ""] = mantissa.replace("-", "").split(".");
  const digits = intPart + fracPart;
  const point = intPart.length + exponent;
  const body =
    point <= 0
      ? `0.${"0".repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + "0".repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? "-" : "") + body;
}
