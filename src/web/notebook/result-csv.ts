import type { ResultTable } from "../../notebook/index.js";

/**
 * A result as RFC 4180 CSV: a header of column names, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break, numbers as JSON writes them (`170.8`, machine-readable whatever the display format),
 * null as an empty field. It starts with a byte order mark so spreadsheet programs read Vietnamese as UTF-8.
 *
 * @example resultCsv({ columns: ["area", "value"], rows: [{ area: "Bắc, 28 tỉnh", value: 170.8 }] })
 *   // → "\uFEFFarea,value\r\n\"Bắc, 28 tỉnh\",170.8\r\n"
 */
export function resultCsv(table: ResultTable): string {
  const lines = [table.columns, ...table.rows.map((row) => table.columns.map((column) => row[column]))];
  return "\uFEFF" + lines.map((fields) => fields.map(field).join(",")).join("\r\n") + "\r\n";
}

function field(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
