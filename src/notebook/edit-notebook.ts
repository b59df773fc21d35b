import { CELL_ID, GENERATED_ID, generatedId } from "./cell-syntax.js";
import { checkChartSpec } from "./check-chart-spec.js";
import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import { findNarrativeReferences, narrativeReferenceProblem } from "./narrative-value.js";
import { NotebookEditError } from "./notebook-edit-error.js";
import { originOf, withOrigin } from "./notebook-origin.js";
import { findParameterReferences, referenceProblem } from "./parameter-reference.js";
import { parseOverride } from "./resolve-parameters.js";
import type { ChartSpec } from "./chart-spec.js";
import type { Cell, MarkdownCell, Notebook, ParameterSpec, QueryCell } from "./notebook.js";

/*
 * Editing helpers. Each returns a new frozen notebook and leaves its input untouched; the result keeps the
 * input's origin text, so `serializeNotebook` rewrites only what the edit changed. They throw
 * `NotebookEditError` for an unknown cell id, a duplicate id, a variable referring to an unknown parameter or
 * an invalid chart: the same rules `parseNotebook` enforces, so what is saved can be read back.
 */

/** A cell to add; without an id it gets the next free `markdown-N` / `graphql-N`, which is not written to the file. */
export type NewCell =
  (Omit<MarkdownCell, "id"> & { readonly id?: string }) | (Omit<QueryCell, "id"> & { readonly id?: string });

/** Fields to change; for a query cell, `variables: undefined` or `chart: undefined` removes the block. */
export interface CellPatch {
  readonly source?: string;
  readonly query?: string;
  readonly variables?: Readonly<Record<string, unknown>> | undefined;
  readonly chart?: ChartSpec | undefined;
}

/** Inserts `cell` before position `index` (default: at the end). */
export function addCell(notebook: Notebook, cell: NewCell, index: number = notebook.cells.length): Notebook {
  if (!Number.isInteger(index) || index < 0 || index > notebook.cells.length) {
    throw new NotebookEditError(`Cannot add a cell at position ${index}; use 0 to ${notebook.cells.length}.`);
  }
  const id = cell.id ?? nextId(notebook, cell.kind);
  if (notebook.cells.some((other) => other.id === id)) {
    throw new NotebookEditError(`A cell with id "${id}" already exists; choose another id.`);
  }
  if (!CELL_ID.test(id)) throw new NotebookEditError(`Cell id "${id}" must be letters, digits, - and _.`);
  const added = checkCell(notebook.parameters, { ...cell, id } as Cell);
  return withCells(notebook, [...notebook.cells.slice(0, index), added, ...notebook.cells.slice(index)]);
}

/** Replaces fields of cell `id`; the cell keeps its id, kind and position. */
export function updateCell(notebook: Notebook, id: string, patch: CellPatch): Notebook {
  const index = indexOf(notebook, id);
  const cell = notebook.cells[index]!;
  const allowed = cell.kind === "markdown" ? ["source"] : ["query", "variables", "chart"];
  const wrong = Object.keys(patch).find((key) => !allowed.includes(key));
  if (wrong !== undefined) {
    throw new NotebookEditError(
      `Cell "${id}" is a ${cell.kind} cell and has no "${wrong}"; change ${allowed.join(", ")}.`,
    );
  }
  const updated = checkCell(notebook.parameters, { ...cell, ...patch } as Cell);
  return withCells(
    notebook,
    notebook.cells.map((other, i) => (i === index ? updated : other)),
  );
}

/** Moves cell `id` so that it ends up at position `toIndex` (0-based, in the resulting order). */
export function moveCell(notebook: Notebook, id: string, toIndex: number): Notebook {
  const from = indexOf(notebook, id);
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= notebook.cells.length) {
    throw new NotebookEditError(
      `Cannot move cell "${id}" to position ${toIndex}; use 0 to ${notebook.cells.length - 1}.`,
    );
  }
  const cells = notebook.cells.filter((_, i) => i !== from);
  cells.splice(toIndex, 0, notebook.cells[from]!);
  return withCells(notebook, cells);
}

export function deleteCell(notebook: Notebook, id: string): Notebook {
  const index = indexOf(notebook, id);
  return withCells(
    notebook,
    notebook.cells.filter((_, i) => i !== index),
  );
}

/** Sets a parameter's default; a string is parsed as on the command line (`2021-2025`, `north,south`). */
export function setParameterDefault(notebook: Notebook, name: string, value: unknown): Notebook {
  const names = notebook.parameters.map((parameter) => parameter.name);
  const index = names.indexOf(name);
  if (index === -1) {
    throw new NotebookEditError(
      `Unknown parameter "${name}".${formatDidYouMean(didYouMean(name, names))} Parameters: ${names.join(", ") || "none"}.`,
    );
  }
  const parameter = notebook.parameters[index]!;
  const updated = Object.freeze({ ...parameter, default: parseOverride(parameter, value) }) as ParameterSpec;
  const parameters = Object.freeze(notebook.parameters.map((other, i) => (i === index ? updated : other)));
  return rebuild(notebook, { parameters });
}

export function renameNotebook(notebook: Notebook, title: string): Notebook {
  if (title.trim() === "") throw new NotebookEditError("A notebook title cannot be empty.");
  return rebuild(notebook, { title });
}

function checkCell(parameters: ReadonlyArray<ParameterSpec>, cell: Cell): Cell {
  if (cell.kind === "markdown") return Object.freeze({ kind: "markdown", id: cell.id, source: cell.source });
  for (const reference of findParameterReferences(cell.variables ?? {})) {
    const problem = referenceProblem(reference, parameters);
    if (problem !== undefined) throw new NotebookEditError(`Cell "${cell.id}" ${problem}`);
  }
  let chart: ChartSpec | undefined;
  if (cell.chart !== undefined) {
    const checked = checkChartSpec(cell.chart);
    if (!checked.ok) throw new NotebookEditError(`Cell "${cell.id}": ${checked.problem}`);
    chart = checked.value;
  }
  return Object.freeze({
    kind: "graphql",
    id: cell.id,
    query: cell.query,
    ...(cell.variables === undefined ? {} : { variables: cell.variables }),
    ...(chart === undefined ? {} : { chart }),
  });
}

function nextId(notebook: Notebook, kind: Cell["kind"]): string {
  const used = notebook.cells
    .filter((cell) => cell.kind === kind && GENERATED_ID.test(cell.id))
    .map((cell) => Number(cell.id.slice(kind.length + 1)));
  return generatedId(kind, Math.max(0, ...used) + 1);
}

function indexOf(notebook: Notebook, id: string): number {
  const index = notebook.cells.findIndex((cell) => cell.id === id);
  if (index === -1) {
    const ids = notebook.cells.map((cell) => cell.id);
    throw new NotebookEditError(
      `No cell with id "${id}".${formatDidYouMean(didYouMean(id, ids))} Cells: ${ids.join(", ") || "none"}.`,
    );
  }
  return index;
}

function withCells(notebook: Notebook, cells: ReadonlyArray<Cell>): Notebook {
  const queryIds = cells.filter((cell) => cell.kind === "graphql").map((cell) => cell.id);
  for (const cell of cells) {
    if (cell.kind !== "markdown") continue;
    for (const found of findNarrativeReferences(cell.source)) {
      const problem =
        "problem" in found ? found.problem : narrativeReferenceProblem(found.reference, queryIds);
      if (problem !== undefined) throw new NotebookEditError(`Text cell "${cell.id}": ${problem}`);
    }
  }
  return rebuild(notebook, { cells: Object.freeze(cells) });
}

function rebuild(notebook: Notebook, changes: Partial<Notebook>): Notebook {
  return withOrigin(Object.freeze({ ...notebook, ...changes }), originOf(notebook));
}
