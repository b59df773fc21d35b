/** The line-level syntax of notebook cells, shared by the parser and the serializer. */

/** An opening code fence (CommonMark): up to 3 spaces, 3+ backticks or tildes, an info string. */
export interface Fence {
  readonly indent: number;
  readonly marker: string;
  readonly info: string;
}

export function openingFence(line: string): Fence | undefined {
  const match = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
  if (match === null || (match[2]![0] === "`" && match[3]!.includes("`"))) return undefined;
  return { indent: match[1]!.length, marker: match[2]!, info: match[3]!.trim() };
}

export function closesFence(line: string, fence: Fence): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return match !== null && match[1]![0] === fence.marker[0] && match[1]!.length >= fence.marker.length;
}

/** `<!-- cell -->` or `<!-- cell id=intro -->` on its own line starts a markdown cell. */
export const CELL_MARKER = /^<!--\s*cell(?:\s+id=(\S*))?\s*-->\s*$/;

/** Explicit cell ids: letters, digits, `-` and `_`, starting with a letter or digit. */
export const CELL_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Ids the parser gives cells without one (`markdown-1`, `graphql-2`: the cell's position among cells of its kind). */
export const GENERATED_ID = /^(?:markdown|graphql)-\d+$/;

export function generatedId(kind: "markdown" | "graphql", position: number): string {
  return `${kind}-${position}`;
}
