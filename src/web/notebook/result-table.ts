import { columnLabelText, type ColumnLabels, type ResultTable } from "../../notebook/index.js";
import { h } from "./dom.js";
import { cellText, type NumberStyle } from "./number-format.js";

export interface SortState {
  readonly column: string;
  readonly descending: boolean;
}

/** The rows in `sort` order: numbers numerically, text in Vietnamese collation, nulls last either way. */
export function sortRows(table: ResultTable, sort: SortState | null): ReadonlyArray<Record<string, unknown>> {
  if (sort === null) return table.rows;
  const collator = new Intl.Collator("vi", { numeric: true });
  const direction = sort.descending ? -1 : 1;
  return [...table.rows].sort((a, b) => {
    const x = a[sort.column];
    const y = b[sort.column];
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === "number" && typeof y === "number") return (x - y) * direction;
    return collator.compare(String(x), String(y)) * direction;
  });
}

/**
 * A result as an HTML table. Clicking a header (or Enter on it) sorts by that column, a second click reverses;
 * `onSort` receives the new state so the cell keeps it across re-renders and number-format changes. Headers
 * are the columns' headings from the schema (`labels`) in the number format's language; the column path, which
 * charts and narrative values name, is in the header's tooltip and `data-column`.
 */
export function renderResultTable(
  table: ResultTable,
  style: NumberStyle,
  sort: SortState | null,
  onSort: (sort: SortState) => void,
  labels: ColumnLabels | null = null,
): HTMLElement {
  if (table.rows.length === 0) return h("p", { class: "empty" }, "No rows · Không có dòng nào");
  const numeric = new Set(
    table.columns.filter((column) => table.rows.some((row) => typeof row[column] === "number")),
  );
  const header = table.columns.map((column) => {
    const active = sort?.column === column;
    const next: SortState = { column, descending: active ? !sort.descending : false };
    const label = columnLabelText(labels, column, style);
    return h(
      "th",
      {
        scope: "col",
        class: numeric.has(column) ? "num" : undefined,
        "data-column": column,
        "aria-sort": active ? (sort.descending ? "descending" : "ascending") : "none",
      },
      h(
        "button",
        {
          type: "button",
          class: "sort",
          title: label === column ? `Sort by ${column}` : `${column} · Sort by ${label}`,
          onclick: () => onSort(next),
        },
        label,
        h("span", { class: "arrow", "aria-hidden": "true" }, active ? (sort.descending ? " ▼" : " ▲") : ""),
      ),
    );
  });
  const body = sortRows(table, sort).map((row) =>
    h(
      "tr",
      {},
      table.columns.map((column) =>
        h("td", { class: numeric.has(column) ? "num" : "text" }, cellText(row[column], column, style)),
      ),
    ),
  );
  return h(
    "div",
    { class: "table-wrap" },
    h("table", { class: "result" }, h("thead", {}, h("tr", {}, header)), h("tbody", {}, body)),
  );
}
