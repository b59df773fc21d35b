import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { isTotalLabel } from "../../src/shared/total-label.js";
import {
  checkPeriodSpan,
  parsePeriod,
  parseYearSpan,
  PERIODS,
  type PeriodCode,
  type YearSpan,
} from "../../src/shared/period.js";
import { FUNDING_SOURCE, STAGE, type FactKind, type Vocabulary } from "../../src/model/index.js";
import type {
  AreaLevel,
  AreaTable,
  FundingSource,
  FundingStage,
  OutputStage,
} from "../../src/warehouse/tables.js";
import { etlError, etlWarning } from "../etl-issue.js";
import type { RawRow } from "../extract/raw-table.js";
import { NumberColumns } from "./number-columns.js";
import type { TransformContext } from "./transform-context.js";

/**
 * Field readers shared by the row transformers. Each returns the strict value, or null after pushing one
 * located error onto `ctx.issues` (file, line, column, value, and a sentence that quotes the culprit).
 */

/** The trimmed cell, `''` when the column is absent. */
export function cell(row: RawRow, column: string): string {
  const i = row.columns.get(column);
  return i === undefined ? "" : (row.cells[i] ?? "").trim();
}

/** Whether the row's table has the column. */
export function hasColumn(row: RawRow, column: string): boolean {
  return row.columns.has(column);
}

/** Whether an issue from index `from` on is an error: the row transformers' "did this row fail?". */
export function errorsSince(ctx: TransformContext, from: number): boolean {
  const issues = ctx.issues;
  for (let i = from; i < issues.length; i++) if (issues[i]?.severity === "error") return true;
  return false;
}

/**
 * A cache of a pure parse by its input text: the same few years, periods, stages and sources repeat millions
 * of times in a big load. Only successes are cached (a failure takes the full path, which reports it), and at
 * most `MEMO_LIMIT` texts, so memory stays flat whatever the input.
 */
const MEMO_LIMIT = 4096;
export function memo<T>(parse: (text: string) => T | null): (text: string) => T | null {
  const cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const value = parse(text);
    if (value !== null && cache.size < MEMO_LIMIT) cache.set(text, value);
    return value;
  };
}

const cachedYearSpan = memo((text) => {
  const parsed = parseYearSpan(text);
  return parsed.ok ? parsed.span : null;
});
const cachedPeriod = memo(parsePeriod);
const cachedFundingSource = memo((text) => FUNDING_SOURCE.parse(text));
const cachedStage = {
  funding: memo((text) => STAGE.parse(text, "funding")),
  outputs: memo((text) => STAGE.parse(text, "outputs")),
} as const;

/** The spellings of a vocabulary's values that apply to a fact table, for did-you-mean messages. */
export function spellingsFor<V extends string>(
  vocabulary: Vocabulary<V>,
  kind: FactKind,
): ReadonlyArray<string> {
  return vocabulary.spellings.filter((s) => vocabulary.parse(s, kind) !== null);
}

/** `plan, allocated, estimated or actual`: a vocabulary's values for a fact table, as a sentence's list. */
export function valueList<V extends string>(vocabulary: Vocabulary<V>, kind: FactKind): string {
  const values = vocabulary.valuesFor(kind);
  return values.length < 2 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
}

/** `in published/funding.csv line 12, column geo_name` */
export function at(ctx: TransformContext, row: RawRow, column: string): string {
  return `in ${ctx.file} line ${row.line}, column ${columnLabel(row, column)}`;
}

/**
 * How messages name a column of a row: its name, or for a row a layout spec made, where the cell came from
 * (`E "Kế hoạch năm 2024 / KCQG"`, `year (set in plan.layout.yaml line 6)`).
 */
export function columnLabel(row: RawRow, column: string): string {
  if (row.labels === undefined) return column;
  const i = row.columns.get(column);
  return (i === undefined ? undefined : row.labels[i]) ?? column;
}

export function fail(
  ctx: TransformContext,
  row: RawRow,
  column: string,
  value: string,
  message: string,
): null {
  ctx.issues.push(
    etlError({ file: ctx.file, line: row.line, column: columnLabel(row, column), value, message }),
  );
  return null;
}

export function warn(
  ctx: TransformContext,
  row: RawRow,
  column: string,
  value: string,
  message: string,
): void {
  ctx.issues.push(
    etlWarning({ file: ctx.file, line: row.line, column: columnLabel(row, column), value, message }),
  );
}

export function requiredText(ctx: TransformContext, row: RawRow, column: string): string | null {
  const value = cell(row, column);
  if (value === "")
    return fail(ctx, row, column, value, `Empty ${column} ${at(ctx, row, column)}: a value is required.`);
  return value;
}

export function optionalText(row: RawRow, column: string): string | null {
  const value = cell(row, column);
  return value === "" ? null : value;
}

/**
 * An exact decimal string (see readNumber), read with the number format of its column (`ctx.numbers`), or
 * null. An ambiguous value with no format to decide it is an error giving both readings. `nonNegative`
 * refuses a minus sign.
 */
export function decimal(
  ctx: TransformContext,
  row: RawRow,
  column: string,
  what: string,
  options: { readonly nonNegative?: boolean } = {},
): string | null {
  const value = cell(row, column);
  if (value === "")
    return fail(ctx, row, column, value, `Empty ${what} ${at(ctx, row, column)}: a number is required.`);
  const numbers = ctx.numbers ?? new NumberColumns(ctx.file, null, ctx.issues);
  const parsed = numbers.read(row, column, value);
  if (!parsed.ok) {
    const what = parsed.ambiguous ? "Ambiguous number" : "Bad number";
    return fail(ctx, row, column, value, `${what} "${value}" ${at(ctx, row, column)}: ${parsed.reason}.`);
  }
  if (options.nonNegative && parsed.value.startsWith("-")) {
    return fail(
      ctx,
      row,
      column,
      value,
      `Negative ${what} "${value}" ${at(ctx, row, column)}: ${what}s cannot be below zero.`,
    );
  }
  return parsed.value;
}

export function yearSpan(ctx: TransformContext, row: RawRow, column = "year"): YearSpan | null {
  const value = cell(row, column);
  const cached = cachedYearSpan(value);
  if (cached !== null) return cached;
  if (value === "")
    return fail(ctx, row, column, value, `Empty year ${at(ctx, row, column)}: write 2024 or 2021-2025.`);
  const parsed = parseYearSpan(value);
  if (!parsed.ok)
    return fail(
      ctx,
      row,
      column,
      value,
      `Impossible year "${value}" ${at(ctx, row, column)}: ${parsed.reason}.`,
    );
  return parsed.span;
}

/** A single year (population, CPI). */
export function singleYear(ctx: TransformContext, row: RawRow, column = "year"): number | null {
  const span = yearSpan(ctx, row, column);
  if (span === null) return null;
  if (span.from !== span.to) {
    const value = cell(row, column);
    return fail(
      ctx,
      row,
      column,
      value,
      `Impossible year "${value}" ${at(ctx, row, column)}: this table needs one year, not a span.`,
    );
  }
  return span.from;
}

/** The period code, checked against the row's year span when there is one. */
export function period(
  ctx: TransformContext,
  row: RawRow,
  span: YearSpan | null,
  column = "period",
): PeriodCode | null {
  const value = cell(row, column);
  const code = cachedPeriod(value);
  if (code === null) {
    const hint = formatDidYouMean(
      didYouMean(
        value,
        PERIODS.map((p) => p.period),
      ),
    );
    return fail(
      ctx,
      row,
      column,
      value,
      `Unknown period "${value}" ${at(ctx, row, column)}.${hint || ` Use one of ${PERIODS.map((p) => p.period).join(", ")}.`}`,
    );
  }
  if (span !== null) {
    const mismatch = checkPeriodSpan(code, span);
    if (mismatch !== null) {
      return fail(
        ctx,
        row,
        column,
        value,
        `Period "${value}" does not fit the year ${at(ctx, row, column)}: ${mismatch}.`,
      );
    }
  }
  return code;
}

export function fundingSource(
  ctx: TransformContext,
  row: RawRow,
  column = "funding_source",
): FundingSource | null {
  const value = cell(row, column);
  const source = cachedFundingSource(value);
  if (source !== null) return source;
  const hint = formatDidYouMean(didYouMean(value, FUNDING_SOURCE.spellings));
  return fail(
    ctx,
    row,
    column,
    value,
    `Unknown funding source "${value}" ${at(ctx, row, column)}.${hint || " Use national (KCQG), local (KCĐP) or total."}`,
  );
}

/**
 * The stage of a funding (`measure`) or outputs (`stage`) row, by any spelling of the STAGE vocabulary. A
 * programme target (`target`, `mục tiêu`) applies to outputs only: in a funding row it is an error.
 */
export function stage(
  ctx: TransformContext,
  row: RawRow,
  column: string,
  kind: "funding",
): FundingStage | null;
export function stage(
  ctx: TransformContext,
  row: RawRow,
  column: string,
  kind: "outputs",
): OutputStage | null;
export function stage(
  ctx: TransformContext,
  row: RawRow,
  column: string,
  kind: FactKind,
): OutputStage | null {
  const value = cell(row, column);
  const parsed = cachedStage[kind](value);
  if (parsed !== null) return parsed;
  const other = STAGE.parse(value);
  if (other !== null) {
    const owners = STAGE.term(other).appliesTo.join(" and ");
    return fail(
      ctx,
      row,
      column,
      value,
      `Stage "${value}" ${at(ctx, row, column)} is ${other}, which applies to ${owners} only: a ${kind} figure is ${valueList(STAGE, kind)}.`,
    );
  }
  const hint = formatDidYouMean(didYouMean(value, spellingsFor(STAGE, kind)));
  return fail(
    ctx,
    row,
    column,
    value,
    `Unknown stage "${value}" ${at(ctx, row, column)}.${hint || ` Use ${valueList(STAGE, kind)}.`}`,
  );
}

const LEVELS: ReadonlyArray<AreaLevel> = ["nation", "region", "province"];
const LEVEL_OF: ReadonlyMap<string, AreaLevel> = new Map(LEVELS.map((l) => [l, l]));

/**
 * The area of a published row: `geo_code` is authoritative; `geo_name` (free text as published) is used only
 * when the code is empty. The area must be at the row's `geo_level`.
 */
export function publishedArea(
  ctx: TransformContext,
  row: RawRow,
): { readonly area: AreaTable; readonly level: AreaLevel; readonly name: string } | null {
  const levelText = cell(row, "geo_level");
  const level = LEVEL_OF.get(levelText) ?? LEVELS.find((l) => l === levelText.toLowerCase());
  if (level === undefined) {
    const hint = formatDidYouMean(didYouMean(levelText, LEVELS));
    return fail(
      ctx,
      row,
      "geo_level",
      levelText,
      `Unknown geo_level "${levelText}" ${at(ctx, row, "geo_level")}.${hint || " Use nation, region or province."}`,
    );
  }
  const code = cell(row, "geo_code");
  const name = cell(row, "geo_name");
  if (code === "" && name === "") {
    return fail(
      ctx,
      row,
      "geo_code",
      "",
      `Empty geo_code and geo_name ${at(ctx, row, "geo_code")}: name the area by its code or its name.`,
    );
  }
  if (code === "" && isTotalLabel(name)) {
    // A table's total row: adding it to the areas above would count them twice, and it names no area.
    warn(
      ctx,
      row,
      "geo_name",
      name,
      `Total row "${name}" ${at(ctx, row, "geo_name")} was not loaded: it is the sum of the rows above, not an ` +
        `area. To keep it as a published total, give its area's code in geo_code (VN, a region such as north).`,
    );
    return null;
  }
  const column = code !== "" ? "geo_code" : "geo_name";
  const text = code !== "" ? code : name;
  const area = ctx.areas.resolve(text);
  if (area === null) {
    const what = level === "province" ? "province" : level === "region" ? "region" : "area";
    const kind = code !== "" && /^\d+$/.test(code) ? `${what} code` : what;
    const hint = ctx.areas.suggest(code !== "" && !/^\d+$/.test(code) ? code : name || code, level);
    return fail(ctx, row, column, text, `Unknown ${kind} "${text}" ${at(ctx, row, column)}.${hint}`);
  }
  if (area.level !== level) {
    return fail(
      ctx,
      row,
      "geo_level",
      levelText,
      `Geo level "${levelText}" contradicts the area ${ctx.areas.describe(area)}, which is a ${area.level}, ${at(ctx, row, "geo_level")}.`,
    );
  }
  if (level === "province" && code !== "" && name !== "") {
    const named = ctx.areas.resolve(name, "province");
    if (named !== null && named.area_id !== area.area_id && named.successor_id !== area.area_id) {
      warn(
        ctx,
        row,
        "geo_name",
        name,
        `Province name "${name}" ${at(ctx, row, "geo_name")} is ${ctx.areas.describe(named)}, but geo_code ${code} is ${ctx.areas.describe(area)}; the code is kept.`,
      );
    }
  }
  return { area, level, name: name === "" ? area.name_vi : name };
}

export function origin(ctx: TransformContext, row: RawRow): string {
  return `${ctx.file}:${row.line}`;
}

export function source(ctx: TransformContext, row: RawRow): number | null {
  const url = cell(row, "source_url");
  const title = hasColumn(row, "source_title") ? cell(row, "source_title") : null;
  const published = hasColumn(row, "source_date") ? cell(row, "source_date") : null;
  // A source cited again as before (the usual case) needs no objects and no checks.
  const known = ctx.sources.citedAgain(url, title, published);
  if (known !== null) return known;
  return ctx.sources.intern(
    { url, title, published },
    { file: ctx.file, line: row.line, column: columnLabel(row, "source_url") },
    ctx.issues,
  );
}
