import { normalizeName } from "./vietnamese-text.js";

/** An inclusive span of calendar years: `2024` is `{from: 2024, to: 2024}`. */
export interface YearSpan {
  readonly from: number;
  readonly to: number;
}

export type YearSpanResult =
  { readonly ok: true; readonly span: YearSpan } | { readonly ok: false; readonly reason: string };

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;
export const MAX_SPAN_YEARS = 30;

/**
 * Reads `"2024"`, `"2021-2025"` or `"2021–2025"` (en or em dash, spaces allowed). Refuses years outside
 * 1990–2100, a span that ends before it starts, and spans longer than 30 years.
 */
export function parseYearSpan(text: string): YearSpanResult {
  const match = /^(\d{4})(?:\s*[-–—]\s*(\d{4}))?$/.exec(text.trim());
  if (match === null)
    return { ok: false, reason: "a year is four digits (2024) or a span of two (2021-2025)" };
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  for (const year of [from, to]) {
    if (year < MIN_YEAR || year > MAX_YEAR) {
      return { ok: false, reason: `the year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}` };
    }
  }
  if (to < from) return { ok: false, reason: `the span ends (${to}) before it starts (${from})` };
  if (to - from + 1 > MAX_SPAN_YEARS) {
    return { ok: false, reason: `the span covers ${to - from + 1} years, more than ${MAX_SPAN_YEARS}` };
  }
  return { ok: true, span: { from, to } };
}

export type PeriodCode =
  "FY" | "H1" | "8M" | "9M" | "11M" | "18M" | "2Y" | "3Y" | "5Y" | "7Y" | "10Y" | "CUMULATIVE" | "PROGRAMME";

/** One reporting period: a row of the warehouse's `period_kind` table. */
export interface PeriodKind {
  readonly period: PeriodCode;
  /** Months covered from the start of the first year; null for open spans. */
  readonly months: number | null;
  readonly label_en: string;
  readonly label_vi: string;
  /** The number of calendar years the year span must cover; null when any span is allowed. */
  readonly years: number | null;
}

const kind = (
  period: PeriodCode,
  months: number | null,
  years: number | null,
  label_en: string,
  label_vi: string,
): PeriodKind => Object.freeze({ period, months, label_en, label_vi, years });

/** Every period code, in order of length. */
export const PERIODS: ReadonlyArray<PeriodKind> = Object.freeze([
  kind("H1", 6, 1, "first six months", "6 tháng đầu năm"),
  kind("8M", 8, 1, "first eight months", "8 tháng"),
  kind("9M", 9, 1, "first nine months", "9 tháng"),
  kind("11M", 11, 1, "first eleven months", "11 tháng"),
  kind("FY", 12, 1, "full year", "cả năm"),
  kind("18M", 18, 2, "a year and the first half of the next", "18 tháng"),
  kind("2Y", 24, 2, "two years", "2 năm"),
  kind("3Y", 36, 3, "three years", "3 năm"),
  kind("5Y", 60, 5, "five years", "5 năm"),
  kind("7Y", 84, 7, "seven years", "7 năm"),
  kind("10Y", 120, 10, "ten years", "10 năm"),
  kind("CUMULATIVE", null, null, "cumulative to the source's date", "lũy kế"),
  kind("PROGRAMME", null, null, "programme-level plan or target", "cả chương trình"),
]);

const BY_CODE: ReadonlyMap<string, PeriodKind> = new Map(PERIODS.map((p) => [p.period, p]));

const SYNONYMS: ReadonlyArray<readonly [PeriodCode, ReadonlyArray<string>]> = [
  ["FY", ["FY", "cả năm", "năm", "full year", "year", "12 tháng", "12T", "12M"]],
  ["H1", ["H1", "6 tháng", "6 tháng đầu năm", "6T", "6M", "first half"]],
  ["8M", ["8M", "8 tháng", "8T"]],
  ["9M", ["9M", "9 tháng", "9T"]],
  ["11M", ["11M", "11 tháng", "11T"]],
  ["18M", ["18M", "18 tháng", "18T"]],
  ["2Y", ["2Y", "2 năm"]],
  ["3Y", ["3Y", "3 năm"]],
  ["5Y", ["5Y", "5 năm"]],
  ["7Y", ["7Y", "7 năm"]],
  ["10Y", ["10Y", "10 năm"]],
  ["CUMULATIVE", ["CUMULATIVE", "lũy kế", "luỹ kế", "cumulative"]],
  ["PROGRAMME", ["PROGRAMME", "PROGRAM", "chương trình", "cả chương trình"]],
];

const PERIOD_KEYS: ReadonlyMap<string, PeriodCode> = new Map(
  SYNONYMS.flatMap(([code, spellings]) => spellings.map((s) => [periodKey(s), code] as const)),
);

/** Every spelling `parsePeriod` accepts, for did-you-mean messages. */
export const PERIOD_SPELLINGS: ReadonlyArray<string> = SYNONYMS.flatMap(([, spellings]) => spellings);

/**
 * The canonical period code of a spelling, case- and diacritic-insensitive: `"FY"`, `"cả năm"`, `"năm"` → FY;
 * `"H1"`, `"6 tháng"`, `"6T"` → H1; `"9 tháng"` → 9M; `"lũy kế"` → CUMULATIVE; `"5Y"` → 5Y. Null otherwise.
 */
export function parsePeriod(text: string): PeriodCode | null {
  return PERIOD_KEYS.get(periodKey(text)) ?? null;
}

/** The registry row of a period code. */
export function periodKind(code: PeriodCode): PeriodKind {
  const found = BY_CODE.get(code);
  if (found === undefined) throw new RangeError(`Unknown period code "${code}".`);
  return found;
}

/**
 * Why a period does not fit a year span, or null when it does: a multi-year code (`5Y`) needs a span of that
 * many years, FY/H1/8M/9M/11M one year, 18M a two-year span; CUMULATIVE and PROGRAMME take any span.
 * Sources also count "10 years from 2012 to 2022" by the difference of the years, so an nY period accepts a
 * span whose end minus start is n (`2012-2022` for 10Y) as well as an inclusive one (`2013-2022`).
 */
export function checkPeriodSpan(code: PeriodCode, span: YearSpan): string | null {
  const years = periodKind(code).years;
  const actual = span.to - span.from + 1;
  if (years === null || years === actual) return null;
  if (years > 2 && code.endsWith("Y") && span.to - span.from === years) return null;
  const written = span.from === span.to ? `${span.from}` : `${span.from}-${span.to}`;
  return years === 1
    ? `period ${code} covers part or all of one year, but the year is the ${actual}-year span ${written}`
    : `period ${code} needs a ${years}-year span, but the year is ${written} (${actual} ${actual === 1 ? "year" : "years"})`;
}

function periodKey(text: string): string {
  return normalizeName(text).replace(/ /g, "");
}
