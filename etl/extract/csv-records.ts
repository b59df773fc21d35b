/**
 * Our own CSV record reader, written by hand on purpose. csv-parse (which the rest of the project uses for small
 * files) was the single largest cost of a 10-million-row load: one stream event and one await per record, and
 * its line counter reported wrong lines on CRLF files, which our located error messages depend on. This reader
 * does only what the ETL needs: RFC 4180 quoting, BOM, LF and CRLF, batches of records per chunk, and the
 * physical line each record starts on. Lines without a quote are split directly; only quoted records go
 * through the character loop. Faults are reported with their line and field (CsvFault), never guessed past.
 */
import { createReadStream } from "node:fs";

/** One CSV record: its cells and the physical 1-based line it starts on. */
export interface CsvRecord {
  readonly cells: string[];
  readonly line: number;
}

export type CsvFaultCode =
  "unclosed-quote" | "invalid-closing-quote" | "invalid-opening-quote" | "field-count";

/** A syntax fault: what, the physical line of the record it is in, and the index of the field. */
export class CsvFault extends Error {
  readonly code: CsvFaultCode;
  readonly line: number;
  readonly field: number | undefined;
  constructor(code: CsvFaultCode, line: number, field: number | undefined) {
    super(`${code} at line ${line}${field === undefined ? "" : `, field ${field}`}`);
    this.name = "CsvFault";
    this.code = code;
    this.line = line;
    this.field = field;
  }
}

/** Characters read at a time: big enough that a chunk holds thousands of rows. */
const CHUNK_CHARS = 1 << 20;
/** A quoted field this long is taken for a missing closing quote rather than read to the end of the file. */
const MAX_PENDING_CHARS = 16 << 20;

/**
 * Streams the records of a UTF-8 CSV file (RFC 4180: `,` separators, `"` quoting with `""` inside), one batch
 * per chunk read, so that a caller loops over arrays rather than awaiting every row. A BOM is dropped; records
 * end at LF or CRLF, and a CRLF inside a quoted field becomes LF; empty lines are skipped. Every record must
 * have as many fields as the first. Faults end the iteration with a `CsvFault`.
 *
 * Lines without a quote (nearly all of them) are split with `String.split`; only records holding a quote go
 * through the character loop.
 */
export async function* csvRecordBatches(path: string): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvRecordParser();
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: CHUNK_CHARS });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const batch = parser.push(chunk, false);
      if (batch.length > 0) yield batch;
    }
    const last = parser.push("", true);
    if (last.length > 0) yield last;
  } finally {
    stream.destroy();
  }
}

/** The first record of a CSV file (its header), or null when the file has none. */
export async function readCsvHeader(path: string): Promise<CsvRecord | null> {
  const parser = new CsvRecordParser();
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const [first] = parser.push(chunk, false, 1);
      if (first !== undefined) return first;
    }
    return parser.push("", true, 1)[0] ?? null;
  } finally {
    stream.destroy();
  }
}

/** The incremental parser behind csvRecordBatches; exported for tests. */
export class CsvRecordParser {
  private pending = "";
  /** Physical line of the first character of `pending`. */
  private line = 1;
  private started = false;
  private fields = -1;

  /**
   * Parses `chunk` after what is pending; with `final`, the end of the input ends the last record. Stops after
   * `limit` records (the header alone), leaving the parser unusable for more.
   */
  push(chunk: string, final: boolean, limit = Infinity): CsvRecord[] {
    let s = this.pending + chunk;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const out: CsvRecord[] = [];
    const n = s.length;
    let p = 0;
    let line = this.line;
    let nextQuote = s.indexOf('"');
    while (p < n && out.length < limit) {
      let nl = s.indexOf("\n", p);
      if (nl < 0) {
        if (!final) break;
        nl = n;
      }
      if (nextQuote >= 0 && nextQuote < p) nextQuote = s.indexOf('"', p);
      if (nextQuote < 0 || nextQuote > nl) {
        const end = nl > p && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (end > p) out.push(this.checked(s.slice(p, end).split(","), line));
        p = nl + 1;
        line += 1;
        continue;
      }
      const parsed = parseQuoted(s, p, line, final);
      if (parsed === null) break;
      out.push(this.checked(parsed.cells, line));
      p = parsed.next;
      line = parsed.nextLine;
    }
    if (out.length >= limit) return out;
    this.pending = p < n ? s.slice(p) : "";
    this.line = line;
    if (final && this.pending !== "") throw new CsvFault("unclosed-quote", line, undefined);
    if (this.pending.length > MAX_PENDING_CHARS) {
      throw new CsvFault("unclosed-quote", line, countFieldsBeforeQuote(this.pending));
    }
    return out;
  }

  private checked(cells: string[], line: number): CsvRecord {
    if (this.fields < 0) this.fields = cells.length;
    else if (cells.length !== this.fields) throw new CsvFault("field-count", line, undefined);
    return { cells, line };
  }
}

/**
 * The record starting at `p` that holds a quote, by a character loop; null when it runs past the end of `s`
 * and more input may follow.
 */
function parseQuoted(
  s: string,
  p: number,
  startLine: number,
  final: boolean,
): { cells: string[]; next: number; nextLine: number } | null {
  const n = s.length;
  const cells: string[] = [];
  let i = p;
  let line = startLine;
  let nextComma = -2;
  let nextNl = -2;
  for (;;) {
    let field = "";
    if (i < n && s.charCodeAt(i) === 34) {
      i += 1;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) {
          if (final) throw new CsvFault("unclosed-quote", startLine, cells.length);
          return null;
        }
        const part = s.slice(i, q);
        const breaks = countBreaks(part);
        if (breaks > 0) {
          line += breaks;
          field += part.replaceAll("\r\n", "\n");
        } else field += part;
        if (q + 1 < n && s.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
          continue;
        }
        if (q + 1 >= n && !final) return null;
        i = q + 1;
        break;
      }
      const c = i < n ? s.charCodeAt(i) : -1;
      const crlf = c === 13 && i + 1 < n && s.charCodeAt(i + 1) === 10;
      if (c === 13 && i + 1 >= n && !final) return null;
      if (c !== 44 && c !== 10 && c !== -1 && !crlf)
        throw new CsvFault("invalid-closing-quote", startLine, cells.length);
      if (crlf) i += 1;
    } else {
      if (nextComma !== -1 && nextComma < i) nextComma = s.indexOf(",", i);
      if (nextNl !== -1 && nextNl < i) nextNl = s.indexOf("\n", i);
      const k = Math.min(nextComma < 0 ? n : nextComma, nextNl < 0 ? n : nextNl);
      if (k >= n && !final) return null;
      const endsLine = k >= n || s.charCodeAt(k) === 10;
      field = s.slice(i, endsLine && k > i && s.charCodeAt(k - 1) === 13 ? k - 1 : k);
      if (field.includes('"')) throw new CsvFault("invalid-opening-quote", startLine, cells.length);
      i = k;
    }
    cells.push(field);
    if (i >= n) return { cells, next: n, nextLine: line + 1 };
    if (s.charCodeAt(i) === 10) return { cells, next: i + 1, nextLine: line + 1 };
    i += 1; // the comma
  }
}

function countBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) count += 1;
  return count;
}

/** The index of the field an unclosed quote opens (for a record that runs on past MAX_PENDING_CHARS). */
function countFieldsBeforeQuote(record: string): number {
  const quote = record.indexOf('"');
  return quote < 0 ? 0 : record.slice(0, quote).split(",").length - 1;
}
