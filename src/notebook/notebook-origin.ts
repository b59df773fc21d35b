import type { Document } from "yaml";
import type { Cell, Notebook, ParameterSpec } from "./notebook.js";
import type { ParameterConstraint } from "./parameter-constraint.js";

/**
 * The text a notebook was parsed from, kept beside the model so `serializeNotebook` can write every part that
 * still equals its parsed value byte for byte. It is attached with a WeakMap rather than a field so the model
 * stays plain data; the editing helpers carry it over to the notebooks they return.
 */
export interface NotebookOrigin {
  readonly bom: string;
  readonly eol: "\n" | "\r\n";
  readonly frontMatter: {
    /** From the opening `---` to the end of the closing `---` line, without its line terminator. */
    readonly raw: string;
    /** The YAML between the fences and the offset of its first character in `raw`. */
    readonly yaml: string;
    readonly yamlOffset: number;
    readonly document: Document;
    readonly title: string;
    readonly description: string | undefined;
    readonly parameters: ReadonlyArray<ParameterSpec>;
    readonly constraints: ReadonlyArray<ParameterConstraint>;
  };
  /** Each parsed cell, its text (first to last line, without the last terminator), and whether it opens with a `<!-- cell -->` marker. */
  readonly cells: ReadonlyArray<{ readonly cell: Cell; readonly raw: string; readonly marker: boolean }>;
  /** `gaps[i]` is the text before `cells[i]`; the last entry is the text after the last cell. */
  readonly gaps: ReadonlyArray<string>;
}

const origins = new WeakMap<Notebook, NotebookOrigin>();

export function originOf(notebook: Notebook): NotebookOrigin | undefined {
  return origins.get(notebook);
}

/** Attaches `origin` (when there is one) to `notebook` and returns the notebook. */
export function withOrigin<N extends Notebook>(notebook: N, origin: NotebookOrigin | undefined): N {
  if (origin !== undefined) origins.set(notebook, origin);
  return notebook;
}
