import { printSourceLocation, Source } from "graphql";
import {
  checkChartColumns,
  type ChartSpec,
  type ColumnLabels,
  type ResultTable,
} from "../../notebook/index.js";
import { describeError, renderChart, type CellError } from "../../notebook/report/index.js";
import { attachChartTips } from "./chart-tips.js";
import { bi, h } from "./dom.js";
import { downloadText } from "./download.js";
import type { NumberStyle } from "./number-format.js";
import { resultCsv } from "./result-csv.js";
import { renderResultTable, type SortState } from "./result-table.js";
import type { CellResult } from "./run-cell.js";

export interface OutputOptions {
  readonly cellId: string;
  /** The chart to draw: the cell's current spec, else the one inferred when it ran. */
  readonly chart: ChartSpec | null;
  readonly style: NumberStyle;
  readonly sort: SortState | null;
  readonly onSort: (sort: SortState) => void;
  /** Column headings from the live schema (columnLabels); null before it arrives: the paths are shown. */
  readonly labels: ColumnLabels | null;
}

/** The first 8 characters of a snapshot hash: enough to tell snapshots apart at a glance. */
export function shortHash(hash: string | null | undefined): string {
  return hash === null || hash === undefined ? "unknown" : hash.slice(0, 8);
}

/** "snapshot 3f9c2a1b · ran 14:03:12 · 35 ms", with the full hash, ETL run and load time on hover. */
export function runStamp(result: CellResult): HTMLElement {
  const snapshot = result.run.snapshot;
  const title = [
    `snapshot ${snapshot?.hash ?? "unknown"}`,
    `ETL run ${snapshot?.runId ?? "unknown"}`,
    `loaded ${snapshot?.loadedAt ?? "unknown"}`,
    `ran ${result.ranAt.toISOString()}`,
  ].join("\n");
  return h(
    "p",
    {
      class: "run-stamp",
      title,
      "data-snapshot": snapshot?.hash ?? "",
      "data-ran-at": result.ranAt.toISOString(),
    },
    h("span", {}, "snapshot ", h("code", { class: "snapshot-hash" }, shortHash(snapshot?.hash))),
    h("span", {}, " · ran ", h("time", { datetime: result.ranAt.toISOString() }, clock(result.ranAt))),
    h("span", {}, ` · ${result.elapsedMs} ms`),
    ...(snapshot?.runId
      ? [
          h("span", {}, " · "),
          h(
            "a",
            { class: "quality-link", href: `quality/${encodeURIComponent(snapshot.runId)}` },
            "data quality",
          ),
        ]
      : []),
  );
}

function clock(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * An error at its cell, as the reports write it ("line 3, column 5: Cannot query field…"), and under it, when it
 * has a place in the query, graphql-js's excerpt of the lines around it with a caret under the column. The
 * excerpt is preformatted text (white-space: pre) so the caret stays under its character.
 */
export function errorItem(error: CellError, query: string): HTMLElement {
  const excerpt =
    error.line === null
      ? null
      : printSourceLocation(new Source(query, "query"), { line: error.line, column: error.column ?? 1 });
  return h(
    "li",
    { "data-line": error.line ?? undefined, "data-column": error.column ?? undefined },
    h("span", { class: "error-message" }, describeError(error)),
    excerpt === null ? null : h("pre", { class: "excerpt" }, excerpt.replace(/^query:\d+:\d+\n/, "")),
  );
}

/** The output under a query cell: stamp, errors, table, chart and the CSV export. */
export function renderCellOutput(result: CellResult, options: OutputOptions): HTMLElement {
  const { run } = result;
  const parts: Node[] = [runStamp(result)];
  if (run.errors.length > 0) {
    parts.push(
      h(
        "ul",
        { class: "errors", role: "alert" },
        run.errors.map((error) => errorItem(error, run.query)),
      ),
    );
  }
  if (run.data !== null) {
    const table = run.table;
    parts.push(
      h(
        "div",
        { class: "output-actions" },
        h("span", { class: "row-count" }, `${rowCount(table.rows.length)} · ${table.rows.length} dòng`),
        h(
          "button",
          { type: "button", class: "export-csv", onclick: () => exportCsv(options.cellId, table) },
          bi("CSV", "Tải CSV"),
        ),
      ),
      renderResultTable(table, options.style, options.sort, options.onSort, options.labels),
    );
    const problem = options.chart === null ? null : checkChartColumns(options.chart, table.columns);
    if (problem !== null) parts.push(h("p", { class: "problem chart-problem", role: "alert" }, problem));
    const chart =
      options.chart === null || problem !== null
        ? null
        : chartElement(options.chart, table, options.style, options.labels);
    if (chart !== null) parts.push(chart);
  }
  return h("div", { class: "output" }, parts);
}

/** "1 row", "2 rows". */
function rowCount(count: number): string {
  return `${count} ${count === 1 ? "row" : "rows"}`;
}

/** Charts follow their cell's width up to this, so a wide screen does not stretch a five-point line. */
const MAX_CHART_WIDTH = 960;

/**
 * The chart drawn by the reports' own renderer (Observable Plot, inline SVG), so page and report agree. It is
 * drawn at the report's 640 px first, then again at its cell's width whenever that changes (a phone, a resized
 * window), so text keeps its size instead of the picture being scaled.
 */
function chartElement(
  spec: ChartSpec,
  table: ResultTable,
  style: NumberStyle,
  labels: ColumnLabels | null,
): HTMLElement | null {
  const element = h("div", { class: "chart", "data-mark": spec.mark });
  const draw = (width?: number): boolean => {
    let markup: string | null;
    try {
      markup = renderChart(spec, table.rows, {
        document,
        locale: style,
        labels,
        ...(width ? { width } : {}),
      });
    } catch (error) {
      element.replaceChildren(
        h("p", { class: "problem" }, `The chart could not be drawn: ${(error as Error).message}`),
      );
      return true;
    }
    if (markup === null) return false;
    element.innerHTML = markup; // Plot's serialized SVG: every text in it was escaped by the serializer
    attachChartTips(element);
    return true;
  };
  if (!draw()) return null;
  let drawnWidth = 640;
  new ResizeObserver(([entry]) => {
    const width = Math.min(MAX_CHART_WIDTH, Math.floor(entry?.contentRect.width ?? 0));
    if (width <= 0 || Math.abs(width - drawnWidth) < 8) return;
    drawnWidth = width;
    draw(width);
  }).observe(element);
  return element;
}

function exportCsv(cellId: string, table: ResultTable): void {
  downloadText(`${cellId}.csv`, resultCsv(table), "text/csv;charset=utf-8");
}
