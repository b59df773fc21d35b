import * as Plot from "@observablehq/plot";
import type { ChartSpec } from "../chart-spec.js";
import { columnLabelText, type ColumnLabels } from "../column-label.js";
import { formatNumber, formatValue, type ReportLocale } from "./format-value.js";

const YEAR_COLUMN = /(?:^|\.)\w*[yY]ear$/;

/**
 * The chart as SVG markup (a `<figure>` when it has a legend or a title), drawn by Observable Plot into
 * `document`: the page's own in the browser, a linkedom document in Node. Rows whose `y` (or `x` for `barX`) is
 * null are left out of bars and dots and break lines. Returns null when no row has the chart's columns.
 *
 * Marks: `line` (lineY with dots, one line per `color`), `area`, `bar` (vertical; with `color`, bars are grouped
 * side by side in facets of `x`), `barX` (horizontal, `x` the value, `y` the category, largest first), `dot`.
 *
 * Axis titles and the legend are the columns' headings (`labels`, from the schema; the path without them). Every
 * bar and dot carries an SVG `<title>` with its row's values, `Heading: value` per line in the report's number
 * format: a static report shows it on hover, and the page turns it into a tooltip for pointer, touch and
 * keyboard (chart-tips.ts). Category labels too long for their room are cut with "…", the full text in a `<title>`.
 */
export function renderChart(
  spec: ChartSpec,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: {
    readonly document: Document;
    readonly locale: ReportLocale;
    /** The width to draw at in CSS pixels (the page passes its cell's width); 640 when absent. */
    readonly width?: number;
    /** Headings of the columns (columnLabels); without them axes are titled with the column paths. */
    readonly labels?: ColumnLabels | null;
  },
): string | null {
  const valueKey = spec.mark === "barX" ? spec.x : spec.y;
  const usable = rows.filter((row) => spec.x in row && spec.y in row);
  if (usable.length === 0) return null;
  const present = usable.filter((row) => row[valueKey] !== null && row[valueKey] !== undefined);
  const data = spec.mark === "line" || spec.mark === "area" ? usable : present;
  if (present.length === 0) return null;
  const ticks = (value: unknown): string =>
    typeof value === "number" ? formatNumber(value, options.locale) : String(value);
  const plain = (value: unknown): string => String(value);
  const label = (column: string): string => columnLabelText(options.labels ?? null, column, options.locale);
  const [category, value] = spec.mark === "barX" ? [spec.y, spec.x] : [spec.x, spec.y];
  const shown = [...new Set([category, value, ...(spec.color === undefined ? [] : [spec.color])])];
  const title = (row: Record<string, unknown>): string =>
    shown
      .map((column) => `${label(column)}: ${formatValue(row[column], column, options.locale) || "—"}`)
      .join("\n");
  const width = Math.max(280, Math.round(options.width ?? 640));
  const color = spec.color;
  const colorOptions =
    color === undefined ? {} : { color: { legend: true, type: "categorical" as const, label: label(color) } };
  const common = {
    document: options.document,
    width,
    height: Math.round(Math.min(360, Math.max(240, width * 0.6))),
    marginLeft: 60,
    ...(spec.title === undefined ? {} : { title: spec.title }),
    ...colorOptions,
  };
  let plot: HTMLElement | SVGSVGElement;
  switch (spec.mark) {
    case "line":
    case "area": {
      const yearX = YEAR_COLUMN.test(spec.x);
      const marks: Plot.Markish[] =
        spec.mark === "line"
          ? [Plot.lineY(data, { x: spec.x, y: spec.y, stroke: color }), Plot.ruleY([0])]
          : [Plot.areaY(data, { x: spec.x, y: spec.y, fill: color, fillOpacity: 0.7 }), Plot.ruleY([0])];
      // A dot per value, drawn over the line: what a pointer, a finger or the keyboard lands on for its values.
      marks.push(
        Plot.dot(present, {
          x: spec.x,
          y: spec.y,
          fill: color ?? "currentColor",
          stroke: "white",
          r: 3.5,
          title,
        }),
      );
      plot = Plot.plot({
        ...common,
        x: {
          label: label(spec.x),
          tickFormat: yearX ? plain : ticks,
          ...(yearX ? { ticks: yearTicks(data, spec.x) } : {}),
        },
        y: { label: label(spec.y), grid: true, tickFormat: ticks },
        marks,
      });
      break;
    }
    case "bar": {
      const categories = new Set(data.map((row) => String(row[spec.x]))).size;
      // Room per category in ems of Plot's 10 px labels; a longer label is cut, its full text in a <title>.
      const room = Math.max(3, Math.floor((width - 80) / Math.max(1, categories) / 10) - 1);
      plot =
        color === undefined || color === spec.x
          ? Plot.plot({
              ...common,
              x: { label: label(spec.x), type: "band", axis: null },
              y: { label: label(spec.y), grid: true, tickFormat: ticks },
              marks: [
                Plot.barY(data, { x: spec.x, y: spec.y, fill: color ?? "steelblue", title }),
                Plot.ruleY([0]),
                Plot.axisX({
                  label: label(spec.x),
                  tickFormat: plain,
                  lineWidth: room,
                  textOverflow: "ellipsis",
                }),
              ],
            })
          : Plot.plot({
              ...common,
              fx: { label: label(spec.x), axis: null },
              x: { axis: null, type: "band" },
              y: { label: label(spec.y), grid: true, tickFormat: ticks },
              marks: [
                Plot.barY(data, { fx: spec.x, x: color, y: spec.y, fill: color, title }),
                Plot.ruleY([0]),
                Plot.axisFx({
                  label: label(spec.x),
                  tickFormat: plain,
                  lineWidth: room,
                  textOverflow: "ellipsis",
                }),
              ],
            });
      break;
    }
    case "barX": {
      const marginLeft = Math.min(180, Math.round(width / 3));
      plot = Plot.plot({
        ...common,
        marginLeft,
        height: Math.max(120, 28 * new Set(data.map((row) => String(row[spec.y]))).size + 60),
        x: { label: label(spec.x), grid: true, tickFormat: ticks },
        y: { label: null, type: "band", axis: null },
        marks: [
          Plot.barX(data, { x: spec.x, y: spec.y, fill: color ?? "steelblue", sort: { y: "-x" }, title }),
          Plot.ruleX([0]),
          Plot.axisY({
            label: null,
            tickFormat: plain,
            lineWidth: Math.max(3, Math.floor((marginLeft - 15) / 10)),
            textOverflow: "ellipsis",
          }),
        ],
      });
      break;
    }
    case "dot":
      plot = Plot.plot({
        ...common,
        x: { label: label(spec.x), grid: true, tickFormat: ticks },
        y: { label: label(spec.y), grid: true, tickFormat: ticks },
        marks: [Plot.dot(data, { x: spec.x, y: spec.y, stroke: color, title })],
      });
      break;
  }
  return plot.outerHTML;
}

/** Integer years only: a trend over 5 years should not get ticks at 2021.5. */
function yearTicks(rows: ReadonlyArray<Record<string, unknown>>, column: string): number[] {
  const years = rows.map((row) => row[column]).filter((v): v is number => Number.isInteger(v));
  return [...new Set(years)].sort((a, b) => a - b);
}
