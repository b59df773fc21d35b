/** Observable Plot marks a notebook chart may use. For `barX` the bars are horizontal: `x` is the value, `y` the category. */
export const CHART_MARKS = Object.freeze(["line", "bar", "barX", "dot", "area"] as const);
export type ChartMark = (typeof CHART_MARKS)[number];

/** A chart over a cell's flattened result: `x`, `y` and `color` name columns of `flattenResult(data).columns`. */
export interface ChartSpec {
  readonly mark: ChartMark;
  readonly x: string;
  readonly y: string;
  readonly color?: string;
  readonly title?: string;
}
