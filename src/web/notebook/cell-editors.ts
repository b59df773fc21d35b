import { autocompletion, type CompletionSource } from "@codemirror/autocomplete";
import { markdown } from "@codemirror/lang-markdown";
import {
  EditorState,
  Prec,
  StateEffect,
  StateField,
  type Extension,
  type Range,
  type Text,
} from "@codemirror/state";
import { Decoration, EditorView, keymap, type DecorationSet } from "@codemirror/view";
import { graphql, updateSchema } from "cm6-graphql";
import { basicSetup, minimalSetup } from "codemirror";
import type { GraphQLSchema } from "graphql";

/** Where the server said a query is wrong: 1-based line and column, as in GraphQL error locations. */
export interface QueryProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface EditorOptions {
  readonly text: string;
  readonly label: string;
  readonly onChange: (text: string) => void;
  /** Shift+Enter or Ctrl/Cmd+Enter. */
  readonly onRun: () => void;
  /** Text can be selected and copied, not changed (the page has no write access). */
  readonly readOnly?: boolean;
}

const setProblems = StateEffect.define<ReadonlyArray<QueryProblem>>();

const problemMark = (message: string) =>
  Decoration.mark({ class: "cm-run-error", attributes: { title: message } });
const problemLine = Decoration.line({ class: "cm-run-error-line" });

/**
 * The server's errors as marks in the text; they follow edits and go when the cell runs again. Several errors
 * may fall on one line or overlap (`points { yr val }`): a RangeSet needs its ranges sorted by position, so each
 * line is tinted once and the marks go through `Decoration.set(…, true)`, which sorts them.
 */
const problemField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (effect.is(setProblems)) next = problemDecorations(transaction.state.doc, effect.value);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

function problemDecorations(doc: Text, problems: ReadonlyArray<QueryProblem>): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const lines = new Set<number>();
  for (const problem of problems) {
    if (problem.line < 1 || problem.line > doc.lines) continue;
    const line = doc.line(problem.line);
    const from = Math.min(line.from + Math.max(problem.column - 1, 0), line.to);
    const word = /^[\w$]+/.exec(doc.sliceString(from, line.to))?.[0].length ?? 0;
    const to = Math.min(from + Math.max(word, 1), line.to);
    if (!lines.has(line.from)) ranges.push(problemLine.range(line.from));
    lines.add(line.from);
    if (to > from) ranges.push(problemMark(problem.message).range(from, to));
  }
  return Decoration.set(ranges, true);
}

const theme = EditorView.theme({
  "&": { fontSize: "13.5px", backgroundColor: "var(--code-bg)" },
  ".cm-content": { fontFamily: "var(--mono)" },
  ".cm-gutters": { backgroundColor: "var(--code-bg)", border: "none", color: "var(--muted)" },
  "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "1px" },
  ".cm-run-error": { textDecoration: "underline wavy var(--error)", backgroundColor: "var(--error-bg)" },
  ".cm-run-error-line": { backgroundColor: "var(--error-bg)" },
});

function common(options: EditorOptions, extensions: Extension[]): EditorView {
  const runKeys = Prec.highest(
    keymap.of([
      { key: "Shift-Enter", run: () => (options.onRun(), true) },
      { key: "Mod-Enter", run: () => (options.onRun(), true) },
    ]),
  );
  return new EditorView({
    state: EditorState.create({
      doc: options.text,
      extensions: [
        runKeys,
        ...extensions,
        EditorState.readOnly.of(options.readOnly === true),
        theme,
        EditorView.contentAttributes.of({ "aria-label": options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
}

/** A GraphQL editor: highlighting always; completion and validation once the live schema is given. */
export function createQueryEditor(options: EditorOptions, schema: GraphQLSchema | null): EditorView {
  return common(options, [basicSetup, graphql(schema ?? undefined), problemField]);
}

export function setQueryEditorSchema(view: EditorView, schema: GraphQLSchema): void {
  // cm6-graphql's typings resolve @codemirror/view's CJS declarations; at run time it is the same class.
  updateSchema(view as unknown as Parameters<typeof updateSchema>[0], schema);
}

/** Marks the server's error locations in the query (an empty list clears them). */
export function markQueryProblems(view: EditorView, problems: ReadonlyArray<QueryProblem>): void {
  view.dispatch({ effects: setProblems.of(problems) });
}

/** A narrative editor: Markdown highlighting, wrapped lines. */
export function createMarkdownEditor(options: EditorOptions): EditorView {
  return common(options, [minimalSetup, markdown(), EditorView.lineWrapping]);
}

/** A small JSON editor for a cell's variables or chart block; `complete` offers completions as one types. */
export function createJsonEditor(options: EditorOptions, complete?: CompletionSource): EditorView {
  return common(options, [
    minimalSetup,
    EditorView.lineWrapping,
    ...(complete === undefined
      ? []
      : // A chosen key (type "keyword") opens the completion of its value at once.
        [
          autocompletion({
            override: [complete],
            activateOnCompletion: (picked) => picked.type === "keyword",
          }),
        ]),
  ]);
}
