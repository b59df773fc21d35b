import { sql, type Kysely, type RawBuilder } from "kysely";
import type { NumberFormat } from "../../src/shared/vietnamese-number.js";
import type { WarehouseTables } from "../../src/warehouse/index.js";

/**
 * `readNumber` (src/shared/vietnamese-number.ts) as DuckDB macros, for the set-based load: the same decision
 * for every text, rule for rule, so that a number column read by DuckDB holds what the row-by-row transform
 * would have read (test/etl/load/read-number-sql.test.ts compares the two on random strings with fast-check).
 * Only the decision is here (number, ambiguous or invalid; the value; the format the text shows): the reason a
 * text is refused is worded by `readNumber` itself, when the rows in error are read again for their messages.
 *
 * `kc_read_number(text, format)` → STRUCT(kind, value, comma, point, shows): kind is 'number', 'ambiguous' or
 * 'invalid'; value the exact decimal string of a number; comma and point the two readings of an ambiguous
 * text; shows the format a number's text proves (NULL when both read it the same). `format` is
 * 'decimal-comma', 'decimal-point' or NULL.
 */

/** The characters JavaScript's String.prototype.trim removes (WhiteSpace and LineTerminator), for `kc_trim`. */
export const JS_WHITESPACE =
  "\t\n\u000b\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

const quoted = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Each statement defines one macro; all are fixed text (no user value reaches them). */
export const READ_NUMBER_MACROS: ReadonlyArray<string> = [
  // String.prototype.trim / trimStart, and the text of a cell as `cell()` reads it ('' for an empty cell).
  // A text that starts and ends with a printable ASCII character has nothing to trim (most cells): no trim().
  `CREATE OR REPLACE TEMP MACRO kc_trim(t) AS
     CASE WHEN t IS NULL THEN ''
          WHEN t[1] BETWEEN '!' AND '~' AND t[-1] BETWEEN '!' AND '~' THEN t
          ELSE trim(t, ${quoted(JS_WHITESPACE)}) END`,
  `CREATE OR REPLACE TEMP MACRO kc_ltrim(t) AS ltrim(t, ${quoted(JS_WHITESPACE)})`,
  `CREATE OR REPLACE TEMP MACRO kc_num_result(kind, value, comma, point, shows) AS
     {'kind': kind, 'value': value, 'comma': comma, 'point': point, 'shows': shows}`,
  // ok(): leading zeros of the integer part dropped, the fraction kept as printed.
  `CREATE OR REPLACE TEMP MACRO kc_num_ok(ip, fr) AS
     regexp_replace(ip, '^0+([0-9])', '\\1') || CASE WHEN fr = '' THEN '' ELSE '.' || fr END`,
  `CREATE OR REPLACE TEMP MACRO kc_num_signed(neg, v) AS
     CASE WHEN neg AND NOT regexp_matches(v, '^[0.]+$') THEN '-' || v ELSE v END`,
  // The integer part `ip` with thousands groups of `grp` (or of spaces) and the fraction `fr`: readAs's
  // checks after the decimal separator was found. Macro arguments are substituted as text, so every value used
  // more than once below is bound once by a one-element list_transform (a "let").
  `CREATE OR REPLACE TEMP MACRO kc_num_grouped(ip, fr, grp) AS
     CASE
       WHEN fr <> '' AND NOT regexp_matches(fr, '^[0-9]+$') THEN NULL
       WHEN regexp_matches(ip, '^[0-9]+$') THEN kc_num_ok(ip, fr)
       WHEN contains(ip, ' ') AND contains(ip, grp) THEN NULL
       WHEN contains(ip, ' ') THEN
         CASE WHEN regexp_matches(ip, '^[1-9][0-9]{0,2}( [0-9]{3})*$') THEN kc_num_ok(replace(ip, ' ', ''), fr) END
       WHEN grp = '.' THEN
         CASE WHEN regexp_matches(ip, '^[1-9][0-9]{0,2}(\\.[0-9]{3})*$') THEN kc_num_ok(replace(ip, '.', ''), fr) END
       ELSE
         CASE WHEN regexp_matches(ip, '^[1-9][0-9]{0,2}(,[0-9]{3})*$') THEN kc_num_ok(replace(ip, ',', ''), fr) END
     END`,
  // readAs(body, format): the decimal string, or NULL where readAs fails. `sep` and `grp` are constants.
  `CREATE OR REPLACE TEMP MACRO kc_num_as(body, sep, grp) AS
     list_transform([strpos(body, sep)], lambda at_: CASE
       WHEN length(body) - length(replace(body, sep, '')) > 1 THEN NULL
       WHEN at_ = 0 THEN kc_num_grouped(body, '', grp)
       ELSE list_transform([{'ip': body[:at_ - 1], 'fr': body[at_ + 1:]}], lambda q_: kc_num_grouped(q_.ip, q_.fr, grp))[1]
     END)[1]`,
  `CREATE OR REPLACE TEMP MACRO kc_num_decide(neg, c, p, fmt) AS
     CASE
       WHEN fmt = 'decimal-comma' THEN
         CASE WHEN c IS NOT NULL THEN kc_num_result('number', kc_num_signed(neg, c), NULL, NULL,
                                                    CASE WHEN p IS NULL THEN fmt END)
              ELSE kc_num_result('invalid', NULL, NULL, NULL, NULL) END
       WHEN fmt = 'decimal-point' THEN
         CASE WHEN p IS NOT NULL THEN kc_num_result('number', kc_num_signed(neg, p), NULL, NULL,
                                                    CASE WHEN c IS NULL THEN fmt END)
              ELSE kc_num_result('invalid', NULL, NULL, NULL, NULL) END
       WHEN c IS NOT NULL AND p IS NOT NULL THEN
         CASE WHEN c = p THEN kc_num_result('number', kc_num_signed(neg, c), NULL, NULL, NULL)
              ELSE kc_num_result('ambiguous', NULL, kc_num_signed(neg, c), kc_num_signed(neg, p), NULL) END
       WHEN c IS NOT NULL THEN kc_num_result('number', kc_num_signed(neg, c), NULL, NULL, 'decimal-comma')
       WHEN p IS NOT NULL THEN kc_num_result('number', kc_num_signed(neg, p), NULL, NULL, 'decimal-point')
       ELSE kc_num_result('invalid', NULL, NULL, NULL, NULL)
     END`,
  // The unsigned body: digits, separators and spaces, a digit at each end; then both formats.
  `CREATE OR REPLACE TEMP MACRO kc_num_body(neg, body, fmt) AS
     list_transform([body], lambda b_: CASE
       WHEN NOT regexp_matches(b_, '^[0-9., ]+$') THEN kc_num_result('invalid', NULL, NULL, NULL, NULL)
       WHEN NOT regexp_matches(b_, '^[0-9](.*[0-9])?$') THEN kc_num_result('invalid', NULL, NULL, NULL, NULL)
       ELSE list_transform([{'c': kc_num_as(b_, ',', '.'), 'p': kc_num_as(b_, '.', ',')}],
                           lambda r_: kc_num_decide(neg, r_.c, r_.p, fmt))[1]
     END)[1]`,
  // The general parse: trimmed, special spaces made plain, an optional sign.
  `CREATE OR REPLACE TEMP MACRO kc_num_general(t, fmt) AS
     list_transform([regexp_replace(kc_trim(t), '[\\x{00a0}\\x{202f}\\x{2009}]', ' ', 'g')], lambda raw_: CASE
       WHEN raw_ = '' THEN kc_num_result('invalid', NULL, NULL, NULL, NULL)
       WHEN starts_with(raw_, '-') OR starts_with(raw_, '\u2212') THEN kc_num_body(true, kc_ltrim(raw_[2:]), fmt)
       WHEN starts_with(raw_, '+') THEN kc_num_body(false, kc_ltrim(raw_[2:]), fmt)
       ELSE kc_num_body(false, raw_, fmt)
     END)[1]`,
  // readPlain: digits with at most one point (most cells of a big file), by regular expressions on the whole
  // text rather than the general parse; `kc_num_plain_value` drops leading zeros and the sign of a zero.
  `CREATE OR REPLACE TEMP MACRO kc_num_plain_value(t) AS
     regexp_replace(regexp_replace(t, '^(-?)0*([0-9])', '\\1\\2'), '^-([0.]+)$', '\\1')`,
  `CREATE OR REPLACE TEMP MACRO kc_num_plain(t, fmt) AS
     CASE
       WHEN NOT contains(t, '.') THEN kc_num_result('number', kc_num_plain_value(t), NULL, NULL, NULL)
       WHEN NOT regexp_matches(t, '^-?[1-9][0-9]{0,2}\\.[0-9]{3}$') THEN
         CASE WHEN fmt = 'decimal-comma' THEN kc_num_result('invalid', NULL, NULL, NULL, NULL)
              ELSE kc_num_result('number', kc_num_plain_value(t), NULL, NULL, coalesce(fmt, 'decimal-point')) END
       WHEN fmt = 'decimal-point' THEN kc_num_result('number', t, NULL, NULL, NULL)
       WHEN fmt = 'decimal-comma' THEN kc_num_result('number', replace(t, '.', ''), NULL, NULL, NULL)
       ELSE kc_num_result('ambiguous', NULL, replace(t, '.', ''), t, NULL)
     END`,
  `CREATE OR REPLACE TEMP MACRO kc_read_number(t, fmt) AS
     CASE WHEN regexp_matches(t, '^-?[0-9]+(\\.[0-9]+)?$') THEN kc_num_plain(t, fmt) ELSE kc_num_general(t, fmt) END`,
];

/** Defines the macros on `conn` (temporary objects belong to one connection: pin it). */
export async function defineReadNumberMacros(conn: Kysely<WarehouseTables>): Promise<void> {
  for (const statement of READ_NUMBER_MACROS) await sql.raw(statement).execute(conn);
}

/** `kc_read_number(<expr>, <format>)`: the format is one of ours, never a user's text. */
export function readNumberSql(expr: RawBuilder<unknown>, format: NumberFormat | null): RawBuilder<unknown> {
  return sql`kc_read_number(${expr}, ${format === null ? sql`NULL::VARCHAR` : sql.lit(format)})`;
}
