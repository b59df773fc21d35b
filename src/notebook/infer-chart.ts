import type { ChartSpec } from "./chart-spec.js";

export type ChartHint = "trend" | "share" | "compare";

/** Category labels longer than this read better beside horizontal bars than under vertical ones. */
const LONG_LABEL = 14;
const MANY_CATEGORIES = 12;

/**
 * A chart for a flattened result, or null when there is nothing to plot (no rows, or no numeric column).
 *
 * Columns are classified over all rows (nulls ignored): a year column is named `year` (or ends in `.year`) and
 * holds integer years; numeric columns hold only numbers; category columns hold only strings. `y` is the first
 * numeric column named `value` (or ending in `.value`), else the first numeric one.
 * - a year column, hint absent or `trend` → `line` over years, coloured by the first category if there is one;
 * - hint `share` with a category → horizontal bars (`barX`, x = value, y = category) to rank the parts; so too
 *   without a year when the category's labels are long (over `LONG_LABEL` characters, like the reconciliation's
 *   claims) or many (over `MANY_CATEGORIES`): side by side under vertical bars they would overlap;
 * - a category (hint `compare`, `share` or absent), or a year with hint `share`/`compare` → `bar`, x = the
 *   category (or the year), coloured by year when both are present;
 * - numeric columns only → `dot`, the first column on x against the second on y (null for a single one).
 *
 * @example inferChart([{ year: 2021, value: 10 }, { year: 2022, value: 12 }]) // → { mark: "line", x: "year", y: "value" }
 */
export function inferChart(rows: ReadonlyArray<Record<string, unknown>>, hint?: ChartHint): ChartSpec | null {
  if (rows.length === 0) return null;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const values = (column: string): unknown[] =>
    rows.map((row) => row[column]).filter((value) => value != null);
  const all = (column: string, test: (value: unknown) => boolean): boolean => {
    const present = values(column);
    return present.length > 0 && present.every(test);
  };
  const year = columns.find(
    (column) =>
      /(?:^|\.)year$/i.test(column) &&
      all(column, (value) => Number.isInteger(value) && Math.abs(value as number) < 10_000),
  );
  const numeric = columns.filter(
    (column) =>
      column !== year && all(column, (value) => typeof value === "number" && Number.isFinite(value)),
  );
  const category = columns.find((column) => all(column, (value) => typeof value === "string"));
  const y = numeric.find((column) => /(?:^|\.)value$/i.test(column)) ?? numeric[0];
  if (y === undefined) return null;

  if (year !== undefined && (hint === undefined || hint === "trend")) {
    const series = category !== undefined && new Set(values(category)).size > 1 ? { color: category } : {};
    return { mark: "line", x: year, y, ...series };
  }
  const crowded = (column: string): boolean => {
    const labels = new Set(values(column).map(String));
    return labels.size > MANY_CATEGORIES || [...labels].some((label) => label.length > LONG_LABEL);
  };
  if (category !== undefined && (hint === "share" || (year === undefined && crowded(category)))) {
    return { mark: "barX", x: y, y: category };
  }
  if (category !== undefined)
    return { mark: "bar", x: category, y, ...(year === undefined ? {} : { color: year }) };
  if (year !== undefined) return { mark: "bar", x: year, y };
  return numeric.length < 2 ? null : { mark: "dot", x: numeric[0]!, y: numeric[1]! };
}
