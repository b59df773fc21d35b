import {
  pickedCompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import { CHART_KEYS, CHART_MARKS } from "../../notebook/index.js";

/** A result column the chart may name, with its heading from the schema (or null before the schema came). */
export interface ChartColumn {
  readonly column: string;
  readonly label: string | null;
}

const KEY_INFO: Readonly<Record<(typeof CHART_KEYS)[number], string>> = Object.freeze({
  mark: "the kind of chart · loại biểu đồ",
  x: "column on the horizontal axis · cột trục ngang",
  y: "column on the vertical axis · cột trục dọc",
  color: "column that colours the series · cột tô màu",
  title: "the chart's title · tiêu đề",
});

/**
 * Completion inside a cell's `json chart` block: the keys (`mark`, `x`, `y`, `color`, `title`) where a key goes,
 * the marks after `"mark":`, and the columns of the cell's last result after `"x":`, `"y":` or `"color":`, each
 * with its heading. `columns` is read when completing, so it follows the latest run.
 */
export function chartSpecCompletion(
  columns: () => ReadonlyArray<ChartColumn>,
): (context: CompletionContext) => CompletionResult | null {
  return (context) => {
    const before = context.state.sliceDoc(Math.max(0, context.pos - 200), context.pos);
    // A value: `"key": "partial` or `"key": partial`.
    const value = /"(\w+)"\s*:\s*("?)([\w.]*)$/.exec(before);
    if (value !== null) {
      const [, key, quote, typed] = value;
      const from = context.pos - typed!.length - quote!.length;
      const options =
        key === "mark"
          ? CHART_MARKS.map((mark): Completion => ({ label: `"${mark}"`, type: "enum" }))
          : key === "x" || key === "y" || key === "color"
            ? columns().map(({ column, label }): Completion => ({
                label: `"${column}"`,
                type: "property",
                ...(label === null ? {} : { detail: label }),
              }))
            : [];
      // Replace the rest of a value being edited too, with its closing quote.
      const rest = /^[\w.]*"?/.exec(context.state.sliceDoc(context.pos, context.pos + 200))![0];
      return options.length === 0 ? null : { from, to: context.pos + rest.length, options };
    }
    // A key: after `{` or `,`, maybe already opened with a quote.
    const key = /[{,]\s*("?)(\w*)$/.exec(before);
    if (key !== null) {
      const [, quote, typed] = key;
      const from = context.pos - typed!.length - quote!.length;
      const options = CHART_KEYS.map((name): Completion => ({
        label: `"${name}"`,
        type: "keyword",
        detail: KEY_INFO[name],
        // Writes `"key": `; the editor then offers the key's values at once (createJsonEditor's
        // activateOnCompletion reopens the completion after a keyword; a title has no values, so none shows).
        apply: (view, completion, from, to) => {
          const insert = `"${name}": `;
          view.dispatch({
            changes: { from, to, insert },
            selection: { anchor: from + insert.length },
            userEvent: "input.complete",
            annotations: pickedCompletion.of(completion),
          });
        },
      }));
      return { from, options, validFor: /^"?\w*"?$/ };
    }
    return null;
  };
}
