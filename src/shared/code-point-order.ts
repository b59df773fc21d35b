/**
 * Text in Unicode code point order: DuckDB's order for VARCHAR (its default collation compares UTF-8 bytes, which
 * sort as code points). JavaScript's `<` compares UTF-16 code units instead, which puts an astral character
 * (😀, U+1F600) before U+E000–U+FFFF; the two agree on every other text, Vietnamese included.
 * `["b", "a 😀", "a \uffee"].sort(compareCodePoints)` → `["a \uffee", "a 😀", "b"]`.
 */
export function compareCodePoints(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(j) ?? 0;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}
