import { expect } from "vitest";
import { NotebookFormatError, parseNotebook } from "../../src/notebook/index.js";

/** A notebook text from lines joined with LF (each case stays readable as a list of lines). */
export const lines = (...rows: string[]): string => rows.join("\n");

/** Asserts that parsing throws a NotebookFormatError at `line`:`column` whose message contains `reason`. */
export function expectFormatError(text: string, line: number, column: number, reason: string): void {
  let caught: unknown;
  try {
    parseNotebook(text, "notebooks/bad.md");
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(NotebookFormatError);
  const error = caught as NotebookFormatError;
  expect({ line: error.line, column: error.column, fileName: error.fileName }).toEqual({
    line,
    column,
    fileName: "notebooks/bad.md",
  });
  expect(error.message.startsWith(`notebooks/bad.md:${line}:${column}: `)).toBe(true);
  expect(error.reason).toContain(reason);
}
