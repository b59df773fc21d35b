/**
 * A notebook file that does not follow docs/notebook-format.md. `line` and `column` are 1-based positions in the
 * file; the message names the file, the position, the field and the fix.
 */
export class NotebookFormatError extends Error {
  override readonly name = "NotebookFormatError";
  readonly fileName: string;
  readonly line: number;
  readonly column: number;
  /** The problem and its fix, without the location prefix. */
  readonly reason: string;

  constructor(reason: string, location: { fileName: string; line: number; column: number }) {
    super(`${location.fileName}:${location.line}:${location.column}: ${reason}`);
    this.fileName = location.fileName;
    this.line = location.line;
    this.column = location.column;
    this.reason = reason;
  }
}
