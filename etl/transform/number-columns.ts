import {
  describeAmbiguity,
  readNumber,
  type NumberFormat,
  type NumberReading,
} from "../../src/shared/vietnamese-number.js";
import { etlError, type EtlIssue } from "../etl-issue.js";
import type { InputKind } from "../extract/input-kind.js";
import type { DeclaredNumberFormats, InputTable, RawRow } from "../extract/raw-table.js";

/** The number columns of each kind of table: the cells the transforms read with `decimal`. */
export const NUMBER_COLUMNS: Readonly<Partial<Record<InputKind, ReadonlyArray<string>>>> = Object.freeze({
  funding: ["amount_billion_vnd", "amount"],
  outputs: ["quantity", "amount_billion_vnd"],
  claims: ["value_pct"],
  population: ["population_thousands"],
  cpi: ["cpi_avg_change_pct"],
});

/** The number columns of one input table, with the formats it declares. */
export function numberColumnsOf(table: InputTable, issues: EtlIssue[]): NumberColumns {
  return new NumberColumns(table.file, table.kind, issues, table.numberFormats);
}

/** How many rows may wait for a column's format to show itself before their ambiguous values are errors. */
export const HOLD_LIMIT = 10_000;

interface Seen {
  readonly line: number;
  readonly text: string;
}

interface ColumnState {
  readonly shown: Partial<Record<NumberFormat, Seen>>;
  /** The one format shown so far; undefined when none or both were shown. */
  format: NumberFormat | undefined;
  /** The first ambiguous value read with the column's format, reported if another value contradicts it later. */
  readAs: (Seen & { readonly format: NumberFormat }) | undefined;
  contradicted: boolean;
  /** An ambiguous value waits in a held row for the column to show its format. */
  waiting: boolean;
}

/**
 * The number format of each column of one table: declared, or inferred only when every value of the column
 * that shows a format shows the same one (`170.8` a decimal point, `1.234,5` a decimal comma; `1234` neither).
 * An ambiguous value (`12.345`: 12.345 or 12345) is read with the column's format; with none declared or
 * inferred, or with values that disagree, it is an error naming file, line, column and both readings.
 *
 * Rows are observed before they are transformed (`settledBatches` holds a row whose ambiguous value comes
 * before any value that shows the format), so a column is judged on its values read so far and later.
 */
export class NumberColumns {
  readonly #file: string;
  readonly #declared: DeclaredNumberFormats;
  readonly #columns: ReadonlyArray<string>;
  readonly #state = new Map<string, ColumnState>();
  readonly #issues: EtlIssue[];
  #indexes: ReadonlyArray<readonly [string, number]> | undefined;
  #final = false;

  constructor(
    file: string,
    kind: InputKind | null,
    issues: EtlIssue[],
    declared: DeclaredNumberFormats = {},
  ) {
    this.#file = file;
    this.#declared = declared;
    this.#columns = (kind === null ? undefined : NUMBER_COLUMNS[kind]) ?? [];
    this.#issues = issues;
  }

  /** The declared format of `column`, or null. */
  declaredFormat(column: string): NumberFormat | null {
    return this.#declared.columns?.[column] ?? this.#declared.file ?? null;
  }

  /**
   * Notes the format each number cell of `row` shows; true when the row has an ambiguous value whose column
   * has shown no format yet (the caller holds the row until `waiting` is false).
   */
  observe(row: RawRow): boolean {
    this.#indexes ??= this.#columns.flatMap((c) => {
      const i = row.columns.get(c);
      return i === undefined || this.declaredFormat(c) !== null ? [] : [[c, i] as const];
    });
    let waits = false;
    for (const [column, index] of this.#indexes) {
      const text = (row.cells[index] ?? "").trim();
      if (text === "" || row.numeric?.has(index) === true) continue;
      const reading = classify(text);
      if (reading.kind === "number" && reading.shows !== null)
        this.#shows(column, reading.shows, row.line, text);
      else if (reading.kind === "ambiguous" && !this.#final && this.#formatOf(column) === undefined) {
        const state = this.#stateOf(column);
        if (Object.keys(state.shown).length === 0) {
          state.waiting = true;
          waits = true;
        }
      }
    }
    return waits;
  }

  /** Whether a held row still waits for a column to show its format. */
  get waiting(): boolean {
    for (const state of this.#state.values()) if (state.waiting) return true;
    return false;
  }

  /** No more values will show a format (the table ended, or too many rows wait): ambiguous values now fail. */
  finish(): void {
    this.#final = true;
    for (const state of this.#state.values()) state.waiting = false;
  }

  /**
   * Reads the number in `column` of `row` with the column's format: the exact decimal string, or the reason it
   * is not a number (`Bad number "…" in … : <reason>.` is the caller's sentence). A typed workbook number
   * is read with its decimal point.
   */
  read(
    row: RawRow,
    column: string,
    text: string,
  ):
    | { readonly ok: true; readonly value: string }
    | { readonly ok: false; readonly reason: string; readonly ambiguous: boolean } {
    const index = row.columns.get(column);
    const typed = index !== undefined && row.numeric?.has(index) === true;
    const declared = typed ? "decimal-point" : this.declaredFormat(column);
    const reading = classify(text, declared);
    if (reading.kind === "number") return { ok: true, value: reading.value };
    if (reading.kind === "invalid") return { ok: false, reason: reading.reason, ambiguous: false };
    const format = this.#formatOf(column);
    if (format === undefined)
      return { ok: false, reason: this.#undecided(column, reading.readings), ambiguous: true };
    const state = this.#stateOf(column);
    state.readAs ??= { line: row.line, text, format };
    return { ok: true, value: reading.readings[format] };
  }

  /** The inferred format of a column: one shown format; undefined when none or both were shown. */
  #formatOf(column: string): NumberFormat | undefined {
    return this.#state.get(column)?.format;
  }

  #shows(column: string, format: NumberFormat, line: number, text: string): void {
    const state = this.#stateOf(column);
    if (state.shown[format] !== undefined) return;
    state.format = Object.keys(state.shown).length === 0 ? format : undefined;
    state.shown[format] = { line, text };
    state.waiting = false;
    const read = state.readAs;
    if (read !== undefined && read.format !== format && !state.contradicted) {
      state.contradicted = true;
      const other = state.shown[read.format];
      this.#issues.push(
        etlError({
          file: this.#file,
          line: read.line,
          column,
          value: read.text,
          message:
            `Ambiguous number "${read.text}" in ${this.#file} line ${read.line}, column ${column}: it was read as ` +
            `${format === "decimal-comma" ? "decimal-point" : "decimal-comma"} because line ${other?.line ?? "?"} writes ` +
            `"${other?.text ?? ""}", but line ${line} writes "${text}" (${format}), so the column mixes formats. ` +
            `Write the column in one format, or declare its number format in the file's layout spec.`,
        }),
      );
    }
  }

  #undecided(column: string, readings: Readonly<Record<NumberFormat, string>>): string {
    const shown = this.#state.get(column)?.shown ?? {};
    const comma = shown["decimal-comma"];
    const point = shown["decimal-point"];
    const why =
      comma !== undefined && point !== undefined
        ? `and the column mixes formats (line ${point.line} writes "${point.text}", line ${comma.line} "${comma.text}")`
        : "and no other value of the column shows which format it uses (such as 170.8 or 1.234,5)";
    return (
      `${describeAmbiguity(readings)}, ${why}. Declare the number format of the file or column in its ` +
      `layout spec, or write the number without a thousands separator`
    );
  }

  #stateOf(column: string): ColumnState {
    let state = this.#state.get(column);
    if (state === undefined) {
      state = { shown: {}, format: undefined, readAs: undefined, contradicted: false, waiting: false };
      this.#state.set(column, state);
    }
    return state;
  }
}

/**
 * A table's row batches in order, holding back a row with an ambiguous number (and every row after it) until
 * its column shows its format, or the table ends, or `HOLD_LIMIT` rows wait: memory stays bounded.
 */
export async function* settledBatches(
  batches: AsyncIterable<ReadonlyArray<RawRow>>,
  numbers: NumberColumns,
  holdLimit = HOLD_LIMIT,
): AsyncGenerator<ReadonlyArray<RawRow>> {
  let held: RawRow[] = [];
  for await (const batch of batches) {
    // Rows [start, i) pass through as a slice of the batch; the whole batch when nothing waits (the usual case).
    const parts: ReadonlyArray<RawRow>[] = [];
    let start = 0;
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i]!;
      const waits = numbers.observe(row);
      if (held.length === 0 && !waits) continue;
      if (held.length === 0 && i > start) parts.push(batch.slice(start, i));
      held.push(row);
      start = i + 1;
      if (!numbers.waiting || held.length >= holdLimit) {
        if (numbers.waiting) numbers.finish();
        parts.push(held);
        held = [];
      }
    }
    if (held.length === 0 && start < batch.length) parts.push(start === 0 ? batch : batch.slice(start));
    for (const part of parts) yield part;
  }
  numbers.finish();
  if (held.length > 0) yield held;
}

/** `readNumber`, memoized by format and text: a big load repeats the same few number texts. */
const CLASSIFIED = {
  none: new Map<string, NumberReading>(),
  "decimal-comma": new Map(),
  "decimal-point": new Map(),
};
const CLASSIFIED_LIMIT = 65_536;
function classify(text: string, format: NumberFormat | null = null): NumberReading {
  const memo: Map<string, NumberReading> = CLASSIFIED[format ?? "none"];
  let reading = memo.get(text);
  if (reading === undefined) {
    reading = readNumber(text, format);
    if (memo.size < CLASSIFIED_LIMIT) memo.set(text, reading);
  }
  return reading;
}
