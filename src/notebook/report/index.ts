export { runNotebook, type ExecuteQuery, type GraphQLResponse } from "./run-notebook.js";
export {
  failedCells,
  runSnapshots,
  type CellError,
  type CellRun,
  type CellSnapshot,
  type MarkdownCellRun,
  type NotebookRun,
  type QueryCellRun,
} from "./notebook-run.js";
export { renderReportMarkdown } from "./render-report-markdown.js";
export {
  renderReportHtml,
  REPORT_CONTENT_SECURITY_POLICY,
  type HtmlReportOptions,
} from "./render-report-html.js";
export { renderChart } from "./render-chart.js";
export {
  fontFaceCss,
  isReportFontFile,
  parseFontFaces,
  REPORT_FONT_STACKS,
  type EmbeddedFontFace,
  type FontFace,
} from "./report-fonts.js";
export { describeError, type ReportOptions } from "./report-parts.js";
export {
  formatNumber,
  formatValue,
  formatParameterValue,
  REPORT_LOCALES,
  type ReportLocale,
} from "./format-value.js";
export { narrativeValuesOf, substituteNarrativeValues } from "./narrative-values.js";
