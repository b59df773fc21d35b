import { formatParameterValue, type ReportLocale } from "./report/format-value.js";
import type { ParameterSpec, ParameterValues } from "./notebook.js";

/*
 * A view of a notebook as an address: `/#/north-plan-trend?region=north&years=2022-2024&baseYear=2022&number-format=en`.
 * The part after `#/` is the notebook's file name, then its parameter values as the command line writes them
 * (`--param years=2022-2024`), then the number format. `number-format` holds a dash, so it cannot be a parameter
 * name. Everything is in the hash, so the server serves the same page for every view and never sees the values.
 */

/** The query key of the number format. */
export const NUMBER_FORMAT_KEY = "number-format";

/** What an address asks for: the notebook, parameter values as text (parse them with `resolveParameters`), the format. */
export interface ViewRequest {
  readonly name: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly locale: ReportLocale | null;
}

/** The hash of a view: `#/north-plan-trend?years=2022-2024&number-format=vi`, every parameter written out. */
export function viewHash(
  name: string,
  parameters: ReadonlyArray<ParameterSpec>,
  values: ParameterValues,
  locale: ReportLocale,
): string {
  const query = new URLSearchParams();
  for (const parameter of parameters) {
    const value = values[parameter.name];
    if (value !== undefined) query.set(parameter.name, formatParameterValue(parameter, value));
  }
  query.set(NUMBER_FORMAT_KEY, locale);
  return `#/${encodeURIComponent(name)}?${query.toString()}`;
}

/** Reads a hash written by `viewHash` (or typed by hand: `#/north-plan-trend`); unknown formats are ignored. */
export function parseViewHash(hash: string): ViewRequest {
  const path = hash.replace(/^#\/?/, "");
  const mark = path.indexOf("?");
  const name = decodeURIComponent(mark === -1 ? path : path.slice(0, mark));
  const query = new URLSearchParams(mark === -1 ? "" : path.slice(mark + 1));
  const parameters: Record<string, string> = {};
  let locale: ReportLocale | null = null;
  for (const [key, value] of query) {
    if (key === NUMBER_FORMAT_KEY) locale = value === "en" || value === "vi" ? value : null;
    else parameters[key] = value;
  }
  return { name, parameters, locale };
}
