/** One line of a notebook file: its text without the terminator, the terminator, and its start offset. */
export interface SourceLine {
  readonly text: string;
  readonly eol: "" | "\n" | "\r\n";
  readonly offset: number;
}

/** Splits on LF or CRLF, keeping each terminator so that the parts concatenate back to `text`. */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let offset = 0;
  while (offset < text.length) {
    const newline = text.indexOf("\n", offset);
    const end = newline === -1 ? text.length : newline;
    const crlf = newline !== -1 && end > offset && text[end - 1] === "\r";
    lines.push({
      text: text.slice(offset, crlf ? end - 1 : end),
      eol: newline === -1 ? "" : crlf ? "\r\n" : "\n",
      offset,
    });
    offset = newline === -1 ? text.length : newline + 1;
  }
  return lines;
}
