import { createReadStream } from "node:fs";

/**
 * Whether DuckDB's `read_csv` reads a file exactly as our own reader (etl/extract/csv-records.ts) would, record
 * for record, with every record on one physical line: then the data row numbered n (from 1, in file order) is
 * on line n + 1, which is how the set-based load locates rows (DuckDB gives no line numbers). Our reader is the
 * definition; DuckDB differs where the scan below looks:
 * - a blank line: DuckDB skips it without a trace, so the line numbers after it would shift;
 * - a line break inside a quoted field: the record spans several lines (our reader also turns CRLF into LF);
 * - a carriage return anywhere: CRLF files, and a lone CR that DuckDB may take for a line end;
 * - a quote that does not open a field at its start, or a closing quote not followed by a comma, the line end
 *   or the end of the file: our reader refuses these (`"a" ,`, `a"b`), DuckDB trims or keeps them.
 * Any of these sends the file down the row-by-row path, which reads and reports it as before. Field counts,
 * unclosed quotes and encodings are left to DuckDB's strict mode, whose failure does the same.
 *
 * One pass over the bytes; only quotes, line feeds and carriage returns are looked at (Buffer.indexOf), so a
 * big file costs about a read from the page cache.
 */
export type CsvShape = { readonly simple: true } | { readonly simple: false; readonly reason: string };

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

export async function scanCsvShape(path: string, chunkBytes = 1 << 22): Promise<CsvShape> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  // Carried across chunks: inside a quoted field; the byte before the chunk; a quote seen last in a chunk
  // while inside quotes (a doubled quote or the closing one, decided by the next byte).
  let inQuotes = false;
  let previous = LF; // the file starts a record, like a line end
  let pendingQuote = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (chunk.indexOf(CR) >= 0) return notSimple("it has carriage returns (CRLF line ends)");
      // Two line feeds in a row: a blank line, or a line break inside quotes; either way not one record a line.
      if (chunk.indexOf("\n\n") >= 0 || (previous === LF && chunk[0] === LF))
        return notSimple("it has a blank line or a line break inside a quoted field");
      const n = chunk.length;
      let p = 0;
      if (pendingQuote) {
        pendingQuote = false;
        if (chunk[0] === QUOTE) p = 1;
        else {
          inQuotes = false;
          if (chunk[0] !== COMMA && chunk[0] !== LF) return notSimple("a closing quote is followed by text");
        }
      }
      while (p < n) {
        if (inQuotes) {
          const q = chunk.indexOf(QUOTE, p);
          const lf = chunk.indexOf(LF, p);
          if (lf >= 0 && (q < 0 || lf < q)) return notSimple("a quoted field spans lines");
          if (q < 0) {
            p = n;
            break;
          }
          if (q + 1 >= n) {
            pendingQuote = true;
            p = n;
            break;
          }
          const next = chunk[q + 1];
          if (next === QUOTE) {
            p = q + 2;
            continue;
          }
          if (next !== COMMA && next !== LF) return notSimple("a closing quote is followed by text");
          inQuotes = false;
          p = q + 1;
          continue;
        }
        const q = chunk.indexOf(QUOTE, p);
        if (q < 0) {
          p = n;
          break;
        }
        const before = q > 0 ? chunk[q - 1] : previous;
        if (before !== COMMA && before !== LF) return notSimple("a quote is inside a field");
        inQuotes = true;
        p = q + 1;
      }
      previous = chunk[n - 1] ?? previous;
    }
  } finally {
    stream.destroy();
  }
  // A quote still open at the end is left to DuckDB's strict mode, which refuses it.
  return { simple: true };
}

function notSimple(reason: string): CsvShape {
  return { simple: false, reason };
}
