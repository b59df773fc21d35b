import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import { formatValue, type ReportLocale } from "./report/format-value.js";
import type { ResultTable } from "./flatten-result.js";

/*
 * Values inside narrative (docs/notebook-format.md, "Values in narrative"):
 *
 *   The plan reached {{@plan-trend.points.value[points.year=2024] | tỷ đồng}} in 2024,
 *   growing {{@plan-cagr.cagrPercent | %}} a year.
 *
 * `{{@` opens a reference to a query cell's result, so it never reads as a `{{parameter}}` (a parameter name
 * cannot start with @). Then the cell id, a dot, a column of the cell's flattened table (`points.value`), an
 * optional row choice (`[points.year=2024]`, the row whose column shows that value; or `[2]`, the second row),
 * and an optional unit after `|`, written after the number (`%` right after it, any other text after a space).
 * A cell with one row needs no row choice. The value is written as the tables write it in the chosen number
 * format (170,8 or 170.8), always as text.
 */

/** One `{{@cell.column[row] | unit}}` in a markdown cell. */
export interface NarrativeReference {
  /** The reference as written. */
  readonly text: string;
  readonly cellId: string;
  readonly column: string;
  readonly row:
    | { readonly kind: "match"; readonly column: string; readonly value: string }
    | { readonly kind: "index"; readonly index: number }
    | null;
  readonly unit: string | null;
}

/** Matches one reference; the groups are the cell id, the column, the row choice and the unit. */
export const NARRATIVE_REFERENCE =
  /\{\{@\s*([A-Za-z0-9_-]+)\.([A-Za-z0-9_.]+)\s*(?:\[\s*([^\]\n]*?)\s*\])?\s*(?:\|\s*([^{}|\n]*?)\s*)?\}\}/g;

/** Any `{{@…}}`, well formed or not: what the parser checks against `NARRATIVE_REFERENCE`. */
const ANY_REFERENCE = /\{\{@[^}\n]*\}\}/g;

/** Parses one reference text (`{{@plan-trend.points.value[points.year=2024]}}`); null when malformed. */
export function parseNarrativeReference(text: string): NarrativeReference | null {
  const match = new RegExp(`^${NARRATIVE_REFERENCE.source}$`).exec(text);
  if (match === null) return null;
  const [, cellId, column, rowText, unit] = match;
  let row: NarrativeReference["row"] = null;
  if (rowText !== undefined) {
    if (/^\d+$/.test(rowText)) row = { kind: "index", index: Number(rowText) };
    else {
      const equals = rowText.indexOf("=");
      if (equals <= 0) return null;
      row = {
        kind: "match",
        column: rowText.slice(0, equals).trim(),
        value: rowText.slice(equals + 1).trim(),
      };
    }
  }
  return {
    text,
    cellId: cellId!,
    column: column!,
    row,
    unit: unit === undefined || unit === "" ? null : unit,
  };
}

/** Every reference in `source` with its offset, and the malformed ones as problems with theirs. */
export function findNarrativeReferences(
  source: string,
): ReadonlyArray<
  { readonly offset: number } & ({ readonly reference: NarrativeReference } | { readonly problem: string })
> {
  return [...source.matchAll(ANY_REFERENCE)].map((match) => {
    const reference = parseNarrativeReference(match[0]);
    return reference === null
      ? {
          offset: match.index,
          problem: `"${match[0]}" is not a value reference; write {{@cell-id.column}}, {{@cell-id.column[year=2024]}} or {{@cell-id.column[2] | %}}.`,
        }
      : { offset: match.index, reference };
  });
}

/** Why a reference cannot name a query cell of the notebook (a sentence with the fix), or undefined. */
export function narrativeReferenceProblem(
  reference: NarrativeReference,
  queryCellIds: ReadonlyArray<string>,
): string | undefined {
  if (queryCellIds.includes(reference.cellId)) return undefined;
  return (
    `"${reference.text}" refers to "${reference.cellId}", which is not a query cell of this notebook.` +
    `${formatDidYouMean(didYouMean(reference.cellId, queryCellIds))} Query cells: ${queryCellIds.join(", ") || "none"}.`
  );
}

/**
 * What a referenced cell has to offer: its table, or why there is none (not run yet, failed).
 */
export type NarrativeSource =
  | { readonly kind: "table"; readonly table: ResultTable }
  | { readonly kind: "pending" }
  | { readonly kind: "failed" };

/**
 * The reference's value as narrative text: the number as the tables write it in `locale` plus its unit, or a
 * bracketed sentence saying why there is none (`[plan-trend has no row with points.year = 2030]`). Never HTML:
 * the renderers escape it.
 *
 * @example narrativeValueText(ref("{{@t.points.value[points.year=2024] | tỷ đồng}}"), table, "vi") // → "170,8 tỷ đồng"
 */
export function narrativeValueText(
  reference: NarrativeReference,
  source: NarrativeSource,
  locale: ReportLocale,
): string {
  const id = reference.cellId;
  if (source.kind === "pending") return "…";
  if (source.kind === "failed") return `[${id} failed; see its errors]`;
  const { table } = source;
  if (!table.columns.includes(reference.column)) {
    return `[${id} has no column "${reference.column}".${formatDidYouMean(didYouMean(reference.column, table.columns))}]`;
  }
  let row: Record<string, unknown> | undefined;
  const choice = reference.row;
  if (choice === null) {
    if (table.rows.length !== 1) {
      return table.rows.length === 0
        ? `[${id} has no rows]`
        : `[${id} has ${table.rows.length} rows; choose one, e.g. {{@${id}.${reference.column}[1]}}]`;
    }
    row = table.rows[0];
  } else if (choice.kind === "index") {
    row = table.rows[choice.index - 1];
    if (row === undefined) return `[${id} has no row ${choice.index}; it has ${table.rows.length}]`;
  } else {
    if (!table.columns.includes(choice.column)) {
      return `[${id} has no column "${choice.column}".${formatDidYouMean(didYouMean(choice.column, table.columns))}]`;
    }
    row = table.rows.find(
      (candidate) => formatValue(candidate[choice.column], choice.column, "en") === choice.value,
    );
    if (row === undefined) return `[${id} has no row with ${choice.column} = ${choice.value}]`;
  }
  const value = row[reference.column];
  const text = value === null || value === undefined ? "—" : formatValue(value, reference.column, locale);
  if (reference.unit === null || text === "—") return text;
  return reference.unit === "%" ? `${text}%` : `${text}\u00A0${reference.unit}`;
}
