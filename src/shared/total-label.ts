import { foldDiacritics } from "./vietnamese-text.js";

/**
 * The labels of a table's total and subtotal rows, folded (no diacritics, lower case): "Tổng cộng", "Cộng",
 * "Tổng số", "Tổng", "Total", "Grand total", "Subtotal", "Sum". A label matches alone or followed by a colon, a
 * parenthesis or a dash ("Cộng:", "Tổng cộng (I+II)", "Total - north"); never as the start of a longer name
 * ("Tổng công ty …" is a company, "Cộng hòa …" a name).
 */
const TOTAL_LABELS = new Set([
  "tong cong",
  "cong",
  "tong so",
  "tong",
  "tong cong toan quoc",
  "total",
  "grand total",
  "subtotal",
  "sub-total",
  "sum",
]);

/**
 * Whether a cell that should name an area, a project or an activity is instead the label of a total row, so
 * that the row is treated as the total of the rows above it and never added to them.
 * `isTotalLabel("Tổng cộng")` → true, `isTotalLabel("CỘNG:")` → true, `isTotalLabel("Tổng công ty May 10")` → false.
 */
export function isTotalLabel(text: string): boolean {
  const folded = foldDiacritics(text).toLowerCase().replace(/\s+/g, " ").trim();
  const head = folded.split(/\s*[:(–—]|\s+-\s*/)[0]?.replace(/[.\s]+$/, "") ?? "";
  return TOTAL_LABELS.has(head);
}
