import { findParameterReferences } from "./parameter-reference.js";
import type { Notebook } from "./notebook.js";

/** Ids of the query cells whose variables refer to parameter `name`, in notebook order: the cells to re-run. */
export function cellsUsingParameter(notebook: Notebook, name: string): ReadonlyArray<string> {
  return notebook.cells
    .filter(
      (cell) =>
        cell.kind === "graphql" &&
        findParameterReferences(cell.variables ?? {}).some((reference) => reference.name === name),
    )
    .map((cell) => cell.id);
}
