import type { Cell, Notebook, ParameterValues } from "../../notebook/index.js";
import { renderReportHtml, type CellRun, type NotebookRun } from "../../notebook/report/index.js";
import { liveSchema } from "./live-schema.js";
import type { NumberStyle } from "./number-format.js";
import { pageReportFonts } from "./page-report-fonts.js";
import type { CellResult } from "./run-cell.js";

/**
 * The page's notebook as the standalone HTML report of `npm run notebook -- run --out report.html`: the same
 * renderer, fed with the runs the page already made (each with its own snapshot). Charts are inline SVG, CSS is
 * inline, the fonts embedded (the page's own, with their Vietnamese letters), nothing is linked; headings come from
 * the live schema as on the page. A query cell that never ran says so.
 */
export async function notebookReportHtml(
  notebook: Notebook,
  values: ParameterValues,
  cells: ReadonlyArray<{ readonly cell: Cell; readonly result: CellResult | null }>,
  style: NumberStyle,
  link: string | null = null,
): Promise<string> {
  const run: NotebookRun = {
    title: notebook.title,
    description: notebook.description ?? null,
    parameters: notebook.parameters,
    values,
    cells: cells.map(({ cell, result }): CellRun => {
      if (cell.kind === "markdown") return { kind: "markdown", id: cell.id, source: cell.source };
      return result?.run ?? notRun(cell.id, cell.query);
    }),
  };
  return renderReportHtml(run, {
    document,
    locale: style,
    ranAt: new Date().toISOString(),
    link,
    fonts: await pageReportFonts(),
    schema: await liveSchema(),
  });
}

function notRun(id: string, query: string): CellRun {
  return {
    kind: "graphql",
    id,
    query,
    variables: null,
    data: null,
    errors: [{ message: "Not run.", code: null, line: null, column: null, path: null }],
    snapshot: null,
    table: { columns: [], rows: [] },
    chart: null,
    chartFromCell: false,
  };
}
