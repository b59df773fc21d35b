import type { GraphQLSchema } from "graphql";
import { checkChartColumns } from "../check-chart-spec.js";
import { columnLabels, columnLabelText, type ColumnLabels } from "../column-label.js";
import { renderMarkdown } from "../render-markdown.js";
import { formatValue, isNumericColumn } from "./format-value.js";
import { failedCells, type NotebookRun, type QueryCellRun } from "./notebook-run.js";
import { narrativeValuesOf } from "./narrative-values.js";
import { renderChart } from "./render-chart.js";
import { stablePlotIds } from "./stable-plot-ids.js";
import { fontFaceCss, REPORT_FONT_STACKS, type EmbeddedFontFace } from "./report-fonts.js";
import {
  describeError,
  describeParameter,
  reportLink,
  describeSnapshot,
  snapshotSummary,
  variablesJson,
  type ReportOptions,
} from "./report-parts.js";

export interface HtmlReportOptions extends ReportOptions {
  /** Where Observable Plot draws the charts: `window.document` in the browser, a linkedom document in Node. */
  readonly document: Document;
  /**
   * The fonts to embed (report-fonts.ts): the page passes the ones it loaded, the command line reads them from
   * the font packages. Without them the report names the same families and falls back to system fonts.
   */
  readonly fonts?: ReadonlyArray<EmbeddedFontFace>;
  /**
   * The API's schema: column headings and axis titles then come from its field descriptions and units
   * (columnLabels), the column path in a tooltip. Without it they are the column paths.
   */
  readonly schema?: GraphQLSchema | null;
}

/**
 * The report's Content-Security-Policy, as a `<meta http-equiv>`: a static document runs no script at all
 * (`default-src 'none'`), loads nothing from other sites, and keeps its inline CSS, the charts' `<style>` and
 * its embedded fonts (data: URLs).
 */
export const REPORT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src 'self'; base-uri 'none'; form-action 'none'";

const STYLE = `
body { font-family: ${REPORT_FONT_STACKS.sans}; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; line-height: 1.5; }
header { border-bottom: 1px solid #d0d7de; margin-bottom: 1.5rem; }
.meta { color: #57606a; font-size: 0.9rem; }
.ran-at { color: #57606a; font-size: 0.85rem; border-top: 1px dashed #d0d7de; padding-top: 0.4rem; }
section.cell { margin: 1.5rem 0; }
section.query { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.75rem 1rem; }
section.failed { border-color: #cf222e; }
h2.cell-id { font-size: 0.95rem; font-family: ${REPORT_FONT_STACKS.mono}; margin: 0 0 0.5rem; }
pre, code { font-family: ${REPORT_FONT_STACKS.mono}; }
pre { background: #f6f8fa; padding: 0.5rem 0.75rem; overflow-x: auto; font-size: 0.85rem; }
details summary { cursor: pointer; color: #57606a; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.75rem 0; font-size: 0.85rem; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ul.errors, .chart-problem { color: #cf222e; }
.snapshot { color: #57606a; font-size: 0.8rem; font-family: ${REPORT_FONT_STACKS.mono}; }
.chart svg, .chart figure { font-family: ${REPORT_FONT_STACKS.sans}; }
figure { margin: 0.75rem 0; }
figure h2 { font-size: 1rem; margin: 0 0 0.25rem; }
`.trim();

/**
 * The run as one standalone HTML page: no scripts (and a CSP that forbids them), no external requests (CSS
 * inline, charts as inline SVG), narrative through `renderMarkdown` (raw HTML escaped, then sanitized). Holds the same parts as the Markdown report, plus the
 * charts. Only the `ranAt` line depends on the clock.
 */
export function renderReportHtml(run: NotebookRun, options: HtmlReportOptions): string {
  const lang = options.locale === "vi" ? "vi" : "en";
  const out: string[] = [
    "<!doctype html>",
    `<html lang="${lang}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(run.title)}</title>`,
    `<style>\n${options.fonts === undefined || options.fonts.length === 0 ? "" : `${fontFaceCss(options.fonts)}\n`}${STYLE}\n</style>`,
    "</head>",
    "<body>",
    "<header>",
    `<h1>${escapeHtml(run.title)}</h1>`,
  ];
  if (run.description !== null) out.push(`<p>${escapeHtml(run.description)}</p>`);
  if (run.parameters.length > 0) {
    out.push(
      '<table class="parameters"><thead><tr><th>Parameter (tham số)</th><th>Value (giá trị)</th></tr></thead><tbody>',
    );
    for (const parameter of run.parameters) {
      const label = parameter.label === undefined ? parameter.name : `${parameter.label} (${parameter.name})`;
      out.push(
        `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(describeParameter(parameter, run))}</td></tr>`,
      );
    }
    out.push("</tbody></table>");
  }
  const link = reportLink(options);
  if (link !== null) {
    // As text to copy, not an anchor: the report links to nothing (it is read offline, and its checks say so).
    out.push(`<p class="meta view-link">View (xem): <code>${escapeHtml(link)}</code></p>`);
  }
  const failed = failedCells(run);
  out.push(`<p class="meta snapshot-summary">${escapeHtml(snapshotSummary(run))}</p>`);
  out.push(
    `<p class="meta">${
      failed.length === 0
        ? "All cells ran without errors."
        : escapeHtml(`${failed.length} cell(s) failed: ${failed.map((c) => c.id).join(", ")}.`)
    }</p>`,
  );
  if (options.ranAt !== null)
    out.push(`<p class="ran-at">Ran at (chạy lúc): ${escapeHtml(options.ranAt)}</p>`);
  out.push("</header>", "<main>");
  for (const cell of run.cells) {
    if (cell.kind === "markdown") {
      out.push(
        `<section class="cell markdown" id="${escapeHtml(cell.id)}">`,
        renderMarkdown(cell.source, narrativeValuesOf(run, options.locale)).trimEnd(),
        "</section>",
      );
    } else {
      out.push(...queryCell(cell, options));
    }
  }
  out.push("</main>", "</body>", "</html>");
  return stablePlotIds(`${out.join("\n")}\n`);
}

function queryCell(run: QueryCellRun, options: HtmlReportOptions): string[] {
  const failed = run.errors.length > 0;
  const out = [
    `<section class="cell query${failed ? " failed" : ""}" id="${escapeHtml(run.id)}">`,
    `<h2 class="cell-id">${escapeHtml(run.id)}</h2>`,
    "<details><summary>Query (truy vấn)</summary>",
    `<pre><code class="language-graphql">${escapeHtml(run.query.trimEnd())}</code></pre>`,
  ];
  const variables = variablesJson(run.variables);
  if (variables !== null) out.push(`<pre><code class="language-json">${escapeHtml(variables)}</code></pre>`);
  out.push("</details>");
  if (failed) {
    out.push('<ul class="errors">');
    for (const error of run.errors) out.push(`<li>${escapeHtml(describeError(error))}</li>`);
    out.push("</ul>");
  }
  const { columns, rows } = run.table;
  const labels: ColumnLabels | null =
    options.schema == null || run.data === null
      ? null
      : columnLabels(options.schema, run.query, run.variables, run.data, columns);
  if (run.chart !== null) {
    const problem = checkChartColumns(run.chart, columns);
    const svg = problem === null ? renderChart(run.chart, rows, { ...options, labels }) : null;
    if (problem !== null) out.push(`<p class="chart-problem">${escapeHtml(problem)}</p>`);
    if (svg !== null) out.push(`<div class="chart">${svg}</div>`);
  }
  if (columns.length > 0) {
    const numeric = columns.map((column) => isNumericColumn(rows, column));
    out.push("<table><thead><tr>");
    out.push(
      columns
        .map((column) => {
          const label = columnLabelText(labels, column, options.locale);
          return label === column
            ? `<th>${escapeHtml(column)}</th>`
            : `<th title="${escapeHtml(column)}">${escapeHtml(label)}</th>`;
        })
        .join(""),
    );
    out.push("</tr></thead><tbody>");
    for (const row of rows) {
      const cells = columns.map((column, i) => {
        const text = escapeHtml(formatValue(row[column], column, options.locale));
        return numeric[i] ? `<td class="num">${text}</td>` : `<td>${text}</td>`;
      });
      out.push(`<tr>${cells.join("")}</tr>`);
    }
    out.push("</tbody></table>");
  } else if (!failed) {
    out.push('<p class="meta">No rows (không có dòng nào).</p>');
  }
  const snapshot = run.snapshot === null ? "not reported" : describeSnapshot(run.snapshot);
  out.push(`<p class="snapshot">Snapshot: ${escapeHtml(snapshot)}</p>`, "</section>");
  return out;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
