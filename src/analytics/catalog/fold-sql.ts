import { sql, type Expression, type RawBuilder } from "kysely";

/**
 * The SQL twin of `normalizeName` (src/shared/vietnamese-text.ts) for matching a typed search against names:
 * đ/Đ as d, diacritics stripped, lower case, every run of other characters as one space, trimmed.
 * `foldedSql(name_vi)` turns "Bà Rịa - Vũng Tàu" into "ba ria vung tau".
 */
export function foldedSql(expression: Expression<string>): RawBuilder<string> {
  return sql<string>`trim(regexp_replace(lower(strip_accents(replace(replace(${expression}, 'đ', 'd'), 'Đ', 'D'))), '[^a-z0-9]+', ' ', 'g'))`;
}
