import { narrativeValuesOf, substituteNarrativeValues } from "./narrative-values.js";
import { failedCells, type NotebookRun, type QueryCellRun } from "./notebook-run.js";
import { formatValue, isNumericColumn } from "./format-value.js";
import {
  describeError,
  describeParameter,
  reportLink,
  describeSnapshot,
  snapshotSummary,
  variablesJson,
  type ReportOptions,
} from "./report-parts.js";

/**
 * The run as a Markdown report: a header (title, description, parameters, the snapshot, and the run time on a
 * line of its own when `ranAt` is given), then each cell: narrative as written; queries with their variables,
 * their result as a table, the chart spec, the snapshot that answered, and errors with their position in the
 * query. Everything but the run-time line depends only on the run, so the same snapshot gives the same bytes.
 */
export function renderReportMarkdown(run: NotebookRun, options: ReportOptions): string {
  const out: string[] = [`# ${run.title}`, ""];
  if (run.description !== null) out.push(run.description, "");
  if (run.parameters.length > 0) {
    out.push("| Parameter (tham số) | Value (giá trị) |", "| --- | --- |");
    for (const parameter of run.parameters) {
      const label = parameter.label === undefined ? parameter.name : `${parameter.label} (${parameter.name})`;
      out.push(`| ${cell(label)} | ${cell(describeParameter(parameter, run))} |`);
    }
    out.push("");
  }
  const link = reportLink(options);
  if (link !== null) out.push(`View (xem): <${link}>`, "");
  out.push(snapshotSummary(run), "");
  const failed = failedCells(run);
  out.push(
    failed.length === 0
      ? "All cells ran without errors."
      : `${failed.length} cell(s) failed: ${failed.map((c) => c.id).join(", ")}.`,
    "",
  );
  if (options.ranAt !== null) out.push(`> Ran at (chạy lúc): ${options.ranAt}`, "");
  out.push("---", "");
  for (const run_ of run.cells) {
    if (run_.kind === "markdown") {
      out.push(substituteNarrativeValues(run_.source, narrativeValuesOf(run, options.locale)), "");
    } else out.push(...queryCell(run_, options), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function queryCell(run: QueryCellRun, options: ReportOptions): string[] {
  const out = [`#### Cell \`${run.id}\``, "", "```graphql", run.query.trimEnd(), "```"];
  const variables = variablesJson(run.variables);
  if (variables !== null) out.push("", "```json", variables, "```");
  out.push("");
  if (run.errors.length > 0) {
    out.push("**Errors (lỗi):**", "");
    for (const error of run.errors) out.push(`- ${describeError(error)}`);
    out.push("");
  }
  const { columns, rows } = run.table;
  if (columns.length > 0) {
    const numeric = columns.map((column) => isNumericColumn(rows, column));
    out.push(`| ${columns.map(cell).join(" | ")} |`);
    out.push(`| ${numeric.map((right) => (right ? "---:" : "---")).join(" | ")} |`);
    for (const row of rows) {
      out.push(
        `| ${columns.map((column) => cell(formatValue(row[column], column, options.locale))).join(" | ")} |`,
      );
    }
    out.push("");
  } else if (run.errors.length === 0) {
    out.push("_No rows (không có dòng nào)._", "");
  }
  if (run.chart !== null) {
    const color = run.chart.color === undefined ? "" : `, colour \`${run.chart.color}\``;
    const origin = run.chartFromCell ? "" : " (inferred)";
    out.push(`Chart${origin}: ${run.chart.mark} of \`${run.chart.y}\` by \`${run.chart.x}\`${color}.`, "");
  }
  out.push(`<sub>Snapshot: ${run.snapshot === null ? "not reported" : describeSnapshot(run.snapshot)}</sub>`);
  return out;
}

function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
