import { formatValue, type ReportLocale } from "../../notebook/report/index.js";

/** How numbers are written: Vietnamese `1.234,5` (the default) or English `1,234.5`. */
export type NumberStyle = ReportLocale;

/**
 * A table cell as text, formatted exactly as the command line's reports write it (`170,8` / `170.8`, years and
 * ids plain), except that a missing value shows as an em dash rather than an empty cell.
 */
export function cellText(value: unknown, column: string, style: NumberStyle): string {
  return value === null || value === undefined ? "—" : formatValue(value, column, style);
}
