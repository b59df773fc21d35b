import { GENERATED_ID } from "./cell-syntax.js";
import { deepEqual } from "./deep-equal.js";
import { originOf } from "./notebook-origin.js";
import { serializeFrontMatter } from "./serialize-front-matter.js";
import type { Cell, Notebook } from "./notebook.js";

/**
 * The notebook as file text (docs/notebook-format.md).
 *
 * A notebook returned by `parseNotebook`, or by the editing helpers from one, keeps the text of every part that
 * is unchanged: the front matter, each cell that still equals its parsed value, the blank lines between cells
 * that are still neighbours, the byte order mark, the line endings (LF or CRLF) and the trailing newline or its
 * absence. So parse then serialize returns the input byte for byte, and an edit changes only the lines it must.
 * Changed and new parts are written canonically with the file's line ending: one blank line between cells,
 * the `json variables` and `json chart` blocks right under their query, JSON on one line when it fits in 80
 * characters. Generated ids (`markdown-2`, `graphql-1`) are never written; other ids always are.
 */
export function serializeNotebook(notebook: Notebook): string {
  const origin = originOf(notebook);
  const eol = origin?.eol ?? "\n";
  const slots = new Map(origin?.cells.map((entry, index) => [entry.cell.id, index]));
  const slotOf = (cell: Cell | undefined): number =>
    cell !== undefined && origin?.cells[slots.get(cell.id) ?? -1]?.cell.kind === cell.kind
      ? slots.get(cell.id)!
      : -1;

  let text = (origin?.bom ?? "") + serializeFrontMatter(notebook, origin);
  notebook.cells.forEach((cell, index) => {
    const previous = notebook.cells[index - 1];
    const slot = slotOf(cell);
    const stillNeighbours = slot !== -1 && (index === 0 ? slot === 0 : slotOf(previous) === slot - 1);
    const marker = cell.kind === "markdown" && needsMarker(cell, previous);
    const kept = slot === -1 ? undefined : origin!.cells[slot]!;
    const raw =
      kept !== undefined && deepEqual(kept.cell, cell) && (kept.marker || !marker) ? kept.raw : undefined;
    text += stillNeighbours ? origin!.gaps[slot]! : eol + eol;
    text += raw ?? canonicalCell(cell, marker).replace(/\n/g, eol);
  });
  return text + (origin === undefined ? "\n" : origin.gaps.at(-1)!);
}

/** A markdown cell opens with `<!-- cell … -->` when it has an explicit id, is empty, or follows another markdown cell (else they would merge). */
function needsMarker(cell: Cell & { kind: "markdown" }, previous: Cell | undefined): boolean {
  return !GENERATED_ID.test(cell.id) || cell.source.trim() === "" || previous?.kind === "markdown";
}

function canonicalCell(cell: Cell, marker: boolean): string {
  if (cell.kind === "markdown") {
    const id = GENERATED_ID.test(cell.id) ? "" : ` id=${cell.id}`;
    return (marker ? `<!-- cell${id} -->\n` : "") + cell.source;
  }
  const id = GENERATED_ID.test(cell.id) ? "" : ` id=${cell.id}`;
  const blocks = [fenced(`graphql${id}`, cell.query)];
  if (cell.variables !== undefined) blocks.push(fenced("json variables", formatJson(cell.variables)));
  if (cell.chart !== undefined) blocks.push(fenced("json chart", formatJson(cell.chart)));
  return blocks.join("\n");
}

/** A fence longer than any backtick run that starts a line of the content. */
function fenced(info: string, content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/^ {0,3}(`+)/gm)].map((match) => match[1]!.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${content}\n${fence}`;
}

function formatJson(value: unknown): string {
  const line = oneLine(value);
  return line.length <= 80 ? line : JSON.stringify(value, null, 2);
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return entries.length === 0
      ? "{}"
      : `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${oneLine(item)}`).join(", ")} }`;
  }
  return JSON.stringify(value) ?? "null";
}
