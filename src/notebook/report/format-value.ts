import type { ParameterSpec, ParameterValue, YearRange } from "../notebook.js";

/** Number formats of a report: `vi` writes 1.234,56; `en` writes 1,234.56. */
export type ReportLocale = "vi" | "en";
export const REPORT_LOCALES: ReadonlyArray<ReportLocale> = Object.freeze(["vi", "en"]);

const SEPARATORS: Readonly<Record<ReportLocale, { readonly group: string; readonly decimal: string }>> =
  Object.freeze({ vi: { group: ".", decimal: "," }, en: { group: ",", decimal: "." } });

/** Columns whose numbers are codes or years, written without grouping: `year`, `points.year`, `yearFrom`, `id`. */
const PLAIN_COLUMN = /(?:^|\.)(?:\w*[yY]ear\w*|from|to|id|rank|decimals|sourceIds?|planSourceIds)$/;

/**
 * A number as the report writes it, without Intl (so the output is the same on every machine): thousands
 * grouped, at most 2 fraction digits when |value| ≥ 1 and 4 below, trailing zeros dropped.
 *
 * @example formatNumber(41.8618, "vi") // → "41,86";  formatNumber(170800, "en") // → "170,800"
 */
export function formatNumber(value: number, locale: ReportLocale): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 1 || value === 0 ? 2 : 4;
  const fixed = Math.abs(value)
    .toFixed(digits)
    .replace(/\.?0+$/, "");
  const [integer = "0", fraction] = fixed.split(".");
  const { group, decimal } = SEPARATORS[locale];
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const sign = value < 0 && fixed !== "0" ? "-" : "";
  return sign + grouped + (fraction === undefined ? "" : decimal + fraction);
}

/** A table cell: numbers per `formatNumber` (plain for year and id columns), null as empty, the rest as text. */
export function formatValue(value: unknown, column: string, locale: ReportLocale): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number")
    return PLAIN_COLUMN.test(column) ? String(value) : formatNumber(value, locale);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  return JSON.stringify(value);
}

/** True when a column's values are numbers, so tables align it to the right. */
export function isNumericColumn(rows: ReadonlyArray<Record<string, unknown>>, column: string): boolean {
  const present = rows.map((row) => row[column]).filter((value) => value !== null && value !== undefined);
  return present.length > 0 && present.every((value) => typeof value === "number");
}

/** A parameter's value as the command line writes it: `north`, `north,south`, `2021-2025`, `2024`. */
export function formatParameterValue(parameter: ParameterSpec, value: ParameterValue): string {
  if (parameter.type === "yearRange") {
    const range = value as YearRange;
    return `${range.from}-${range.to}`;
  }
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}
