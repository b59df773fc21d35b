import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import { CHART_MARKS, type ChartSpec } from "./chart-spec.js";

/** The keys a chart block may have: what its editor completes and its check allows. */
export const CHART_KEYS: ReadonlyArray<keyof ChartSpec> = Object.freeze(["mark", "x", "y", "color", "title"]);
const KEYS: ReadonlyArray<string> = CHART_KEYS;

/** Checks a chart block's JSON; a problem names the key it is about (`""` for the whole block). */
export function checkChartSpec(
  value: unknown,
):
  | { readonly ok: true; readonly value: ChartSpec }
  | { readonly ok: false; readonly key: string; readonly problem: string } {
  const example = '{ "mark": "line", "x": "year", "y": "value" }';
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, key: "", problem: `a chart must be a JSON object such as ${example}.` };
  }
  const spec = value as Record<string, unknown>;
  for (const key of Object.keys(spec)) {
    if (!KEYS.includes(key)) {
      return {
        ok: false,
        key,
        problem: `unknown chart key "${key}".${formatDidYouMean(didYouMean(key, KEYS))} Allowed keys: ${KEYS.join(", ")}.`,
      };
    }
  }
  if (typeof spec.mark !== "string" || !(CHART_MARKS as ReadonlyArray<string>).includes(spec.mark)) {
    const hint = typeof spec.mark === "string" ? formatDidYouMean(didYouMean(spec.mark, CHART_MARKS)) : "";
    return {
      ok: false,
      key: "mark",
      problem: `chart "mark" must be one of ${CHART_MARKS.join(", ")}.${hint}`,
    };
  }
  for (const key of ["x", "y", "color"]) {
    const required = key === "x" || key === "y";
    if ((required || spec[key] !== undefined) && (typeof spec[key] !== "string" || spec[key] === "")) {
      return { ok: false, key, problem: `chart "${key}" must name a result column, e.g. "${key}": "year".` };
    }
  }
  if (spec.title !== undefined && typeof spec.title !== "string") {
    return { ok: false, key: "title", problem: `chart "title" must be a JSON string.` };
  }
  return { ok: true, value: Object.freeze({ ...(spec as unknown as ChartSpec) }) };
}

/**
 * The chart's columns that the result does not have, as one sentence naming each with the closest result columns
 * and every column there is; null when all are present (or the result has no columns to check against).
 *
 * @example checkChartColumns({ mark: "line", x: "points.year", y: "points.valu" }, ["points.year", "points.value"])
 *   // → 'The chart\'s "y" names the column "points.valu", which the result does not have. Did you mean
 *   //    "points.value"? Columns: points.year, points.value.'
 */
export function checkChartColumns(spec: ChartSpec, columns: ReadonlyArray<string>): string | null {
  if (columns.length === 0) return null;
  const missing = (["x", "y", "color"] as const).filter(
    (key) => spec[key] !== undefined && !columns.includes(spec[key]),
  );
  if (missing.length === 0) return null;
  const named = missing.map(
    (key) =>
      `The chart's "${key}" names the column "${spec[key]}", which the result does not have.` +
      formatDidYouMean(didYouMean(spec[key]!, columns)),
  );
  return `${named.join(" ")} Columns: ${columns.join(", ")}.`;
}
