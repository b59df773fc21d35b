import * as Plot from "@observablehq/plot";
import type { ChartSpec } from "../chart-spec.js";
import { formatNumber, type ReportLocale } from "./format-value.js";

const YEAR_COLUMN = /(?:^|\.)\w*[yY]ear$/;

/**
 * The chart as SVG markup (a `<figure>` when it has a legend or a title), drawn by Observable Plot into
 * `document`: the page's own in the browser, a linkedom document in Node. Rows whose `y` (or `x` for `barX`) is
 * null are left out of bars and dots and break lines. Returns null when no row has the chart's columns.
 *
 * Marks: `line` (lineY with dots, one line per `color`), `area`, `bar` (vertical; with `color`, bars are grouped
 * side by side in facets of `x`), `barX` (horizontal, `x` the value, `y` the category, largest first), `dot`.
 */
export function renderChart(
  spec: ChartSpec,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: {
    readonly document: Document;
    readonly locale: ReportLocale;
    /** The width to draw at in CSS pixels (the page passes its cell's width); 640 when absent. */
    readonly width?: number;
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
  const width = Math.max(280, Math.round(options.width ?? 640));
  const color = spec.color;
  const colorOptions = color === undefined ? {} : { color: { legend: true, type: "categorical" as const } };
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
      const marks =
        spec.mark === "line"
          ? [Plot.lineY(data, { x: spec.x, y: spec.y, stroke: color, marker: "circle" }), Plot.ruleY([0])]
          : [Plot.areaY(data, { x: spec.x, y: spec.y, fill: color, fillOpacity: 0.7 }), Plot.ruleY([0])];
      plot = Plot.plot({
        ...common,
        x: {
          label: spec.x,
          tickFormat: yearX ? plain : ticks,
          ...(yearX ? { ticks: yearTicks(data, spec.x) } : {}),
        },
        y: { label: spec.y, grid: true, tickFormat: ticks },
        marks,
      });
      break;
    }
    case "bar":
      plot =
        color === undefined || color === spec.x
          ? Plot.plot({
              ...common,
              x: { label: spec.x, type: "band", tickFormat: plain },
              y: { label: spec.y, grid: true, tickFormat: ticks },
              marks: [Plot.barY(data, { x: spec.x, y: spec.y, fill: color ?? "steelblue" }), Plot.ruleY([0])],
            })
          : Plot.plot({
              ...common,
              fx: { label: spec.x, tickFormat: plain },
              x: { axis: null, type: "band" },
              y: { label: spec.y, grid: true, tickFormat: ticks },
              marks: [Plot.barY(data, { fx: spec.x, x: color, y: spec.y, fill: color }), Plot.ruleY([0])],
            });
      break;
    case "barX":
      plot = Plot.plot({
        ...common,
        marginLeft: Math.min(140, Math.round(width / 3)),
        height: Math.max(120, 28 * new Set(data.map((row) => String(row[spec.y]))).size + 60),
        x: { label: spec.x, grid: true, tickFormat: ticks },
        y: { label: null, type: "band", tickFormat: plain },
        marks: [
          Plot.barX(data, { x: spec.x, y: spec.y, fill: color ?? "steelblue", sort: { y: "-x" } }),
          Plot.ruleX([0]),
        ],
      });
      break;
    case "dot":
      plot = Plot.plot({
        ...common,
        x: { label: spec.x, grid: true, tickFormat: ticks },
        y: { label: spec.y, grid: true, tickFormat: ticks },
        marks: [Plot.dot(data, { x: spec.x, y: spec.y, stroke: color })],
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
