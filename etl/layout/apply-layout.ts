import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { readNumber } from "../../src/shared/vietnamese-number.js";
import { etlError, type EtlIssue } from "../etl-issue.js";
import { columnIndex, type InputTable, type RawRow } from "../extract/raw-table.js";
import { matchTemplate, type Captures } from "./header-template.js";
import { NUMBER_COLUMNS } from "../transform/number-columns.js";
import { EITHER_FIELDS, layoutFields, readFieldValue } from "./layout-fields.js";
import { columnLetter, type Grid, type GridRow } from "./layout-grid.js";
import type { LayoutSpec, NumberFormatAt, RowRule, SpecLocation, TemplateAt } from "./layout-spec.js";

/** A field's value and where it came from, as a row's error messages name its column. */
interface Given {
  readonly value: string;
  readonly label: string;
}

/** A column of the grid the spec reads, and how its values are read. */
interface ReadColumn {
  readonly index: number;
  readonly label: string;
  readonly numberFormat: NumberFormatAt | null;
}

interface ValueColumn extends ReadColumn {
  /** The fields its header and rule give every row it makes. */
  readonly fields: ReadonlyMap<string, Given>;
}

/**
 * Applies a layout spec to a sheet or CSV file: finds its header rows, matches the spec's patterns to the
 * header of every column, and makes an `InputTable` of the spec's kind whose rows are what a file of our own
 * layout would hold, so that the transform reads and checks them exactly as it reads our files. Each row keeps
 * its physical line, and each cell a label saying where it came from (`E "Kế hoạch năm 2024 / KCQG"`, or the spec
 * line of a constant), which the transform's messages use as the column. Problems that concern the file as a
 * whole (a header that no column has, a value in a header that its field cannot take) are returned now, located
 * in both the file and the spec, and then there is no table.
 */
export function applyLayout(
  spec: LayoutSpec,
  grid: Grid,
  sheetCaptures: { readonly captures: Captures; readonly at: SpecLocation } | null,
): { readonly table: InputTable | null; readonly issues: ReadonlyArray<EtlIssue> } {
  const issues: EtlIssue[] = [];
  const file = grid.file;
  const specAt = (at: SpecLocation) => `${at.file} line ${at.line}`;
  const error = (message: string, line?: number, column?: string, value?: string) =>
    issues.push(
      etlError({
        file,
        ...(line !== undefined ? { line } : {}),
        ...(column !== undefined ? { column } : {}),
        ...(value !== undefined ? { value } : {}),
        message,
      }),
    );
  const cellRef = (index: number, line: number) =>
    grid.letters ? `${columnLetter(index)}${line}` : `line ${line}, field ${index + 1}`;

  // The header: each column's path of texts down its header rows (a merged cell heads every column it spans).
  const headerRows = spec.header.map((line) => grid.prelude.find((r) => r.line === line));
  const missing = spec.header.filter((_, i) => headerRows[i] === undefined);
  if (missing.length > 0) {
    error(
      `The header row${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${file} ${missing.length > 1 ? "are" : "is"} empty or missing (the layout spec ${specAt(spec.headerAt)} says the header is on row${spec.header.length > 1 ? "s" : ""} ${spec.header.join(", ")}). Correct header: in the spec.`,
    );
    return { table: null, issues };
  }
  const width = Math.max(...headerRows.map((r) => r!.cells.length));
  const paths: string[] = [];
  for (let c = 0; c < width; c++) {
    const texts: string[] = [];
    for (const row of headerRows) {
      const text = (row!.cells[c] ?? "").replace(/\s+/g, " ").trim();
      if (text !== "" && texts.at(-1) !== text) texts.push(text);
    }
    paths.push(texts.join(" / "));
  }
  const lastHeader = spec.header.at(-1)!;
  const columnLabel = (c: number) =>
    grid.letters ? `${columnLetter(c)} "${paths[c]}"` : `"${paths[c] || `field ${c + 1}`}"`;
  const headerList = () => {
    const named = paths.map((p, c) => ({ p, c })).filter(({ p }) => p !== "");
    return named.map(({ p, c }) => (grid.letters ? `${columnLetter(c)} "${p}"` : `"${p}"`)).join(", ");
  };
  const noColumn = (what: string, pattern: TemplateAt) => {
    const hint = formatDidYouMean(
      didYouMean(
        pattern.template.text,
        paths.filter((p) => p !== ""),
      ),
    );
    error(
      `No column of ${file} has the header "${pattern.template.text}" that the layout spec ${specAt(pattern.at)} gives for ${what}.${hint || ` Its columns are ${headerList()}.`}`,
      lastHeader,
    );
  };

  // Fields for the whole file, with where each came from.
  const fileFields = new Map<string, Given>();
  const capture = (
    captures: Captures,
    label: (field: string) => string,
    place: { line: number; column?: string; what: string },
  ) => {
    for (const [field, text] of captures) {
      const read = readFieldValue(spec.kind, field, text);
      if (read.ok) fileFields.set(field, { value: read.value, label: label(field) });
      else error(`Bad ${field} "${text}" in ${place.what}: ${read.reason}`, place.line, place.column, text);
    }
  };
  for (const s of spec.set)
    fileFields.set(s.field, { value: s.value, label: `${s.field} (set in ${specAt(s.at)})` });
  if (sheetCaptures !== null)
    capture(sheetCaptures.captures, (f) => `${f} (from the sheet name "${grid.sheet}")`, {
      line: 1,
      what: `the sheet name of ${file} (layout spec ${specAt(sheetCaptures.at)})`,
    });
  for (const pattern of spec.find) {
    const found = findCell(grid.prelude, lastHeader, pattern);
    if (found.length === 0) {
      error(
        `No cell above the data of ${file} (rows 1 to ${lastHeader}) reads "${pattern.template.text}", as the layout spec ${specAt(pattern.at)} expects: is this the file the spec is for?`,
      );
      continue;
    }
    const distinct = new Set(found.map((f) => JSON.stringify([...f.captures])));
    if (distinct.size > 1) {
      const [a, b] = found;
      error(
        `Two cells of ${file} match "${pattern.template.text}" (layout spec ${specAt(pattern.at)}) with different values: ${cellRef(a!.column, a!.line)} "${a!.text}" and ${cellRef(b!.column, b!.line)} "${b!.text}". Make the pattern match one of them.`,
        b!.line,
      );
      continue;
    }
    const first = found[0]!;
    const ref = cellRef(first.column, first.line);
    capture(first.captures, (f) => `${f} (from ${ref} "${first.text}")`, {
      line: first.line,
      what: `${file} ${ref} "${first.text}" (layout spec ${specAt(pattern.at)})`,
    });
  }

  // Fixed columns.
  const claimed = new Map<number, string>();
  const fixed = new Map<string, ReadColumn>();
  for (const rule of spec.columns) {
    const matches = paths.flatMap((p, c) => {
      const captures = p === "" ? null : matchTemplate(rule.header.template, p);
      return captures === null ? [] : [{ c, captures }];
    });
    if (matches.length === 0) {
      noColumn(rule.field, rule.header);
      continue;
    }
    if (matches.length > 1) {
      error(
        `Two columns of ${file} match the header "${rule.header.template.text}" that the layout spec ${specAt(rule.header.at)} gives for ${rule.field}: ${matches
          .slice(0, 2)
          .map((m) => columnLabel(m.c))
          .join(" and ")}. Write more of the header to pick one.`,
        lastHeader,
      );
      continue;
    }
    const { c, captures } = matches[0]!;
    claimed.set(c, rule.field);
    fixed.set(rule.field, {
      index: c,
      label: columnLabel(c),
      numberFormat: rule.numberFormat ?? spec.numberFormat,
    });
    capture(captures, (f) => `${f} (from the header of ${columnLabel(c)})`, {
      line: lastHeader,
      column: columnLabel(c),
      what: `the header of ${file} column ${columnLabel(c)} (layout spec ${specAt(rule.header.at)})`,
    });
  }

  // Value columns (wide → long).
  const valueColumns: ValueColumn[] = [];
  if (spec.values !== null) {
    for (const rule of spec.values.rules) {
      let matched = 0;
      for (let c = 0; c < width; c++) {
        const captures = paths[c] === "" ? null : matchTemplate(rule.header.template, paths[c]!);
        if (captures === null) continue;
        const owner = claimed.get(c);
        if (owner !== undefined) {
          error(
            `Column ${columnLabel(c)} of ${file} is both the column of ${owner} and a value column by the pattern "${rule.header.template.text}" (layout spec ${specAt(rule.header.at)}). Make the patterns tell them apart.`,
            lastHeader,
            columnLabel(c),
          );
          continue;
        }
        claimed.set(c, `a value column ("${rule.header.template.text}")`);
        matched += 1;
        const fields = new Map<string, Given>();
        for (const s of rule.set)
          fields.set(s.field, { value: s.value, label: `${s.field} (set in ${specAt(s.at)})` });
        for (const [field, text] of captures) {
          const read = readFieldValue(spec.kind, field, text);
          if (read.ok)
            fields.set(field, {
              value: read.value,
              label: `${field} (from the header of ${columnLabel(c)})`,
            });
          else
            error(
              `Bad ${field} "${text}" in the header of ${file} column ${columnLabel(c)} (layout spec ${specAt(rule.header.at)}): ${read.reason}`,
              lastHeader,
              columnLabel(c),
              text,
            );
        }
        valueColumns.push({
          index: c,
          label: columnLabel(c),
          numberFormat: rule.numberFormat ?? spec.numberFormat,
          fields,
        });
      }
      if (matched === 0) noColumn(`a value column of ${spec.values.field}`, rule.header);
    }
  }

  // Row rules: each condition's column.
  const conditionColumns = new Map<object, number>();
  for (const rule of spec.rows) {
    for (const condition of rule.match) {
      if (condition.field !== null) {
        const column = fixed.get(condition.field);
        if (column !== undefined) conditionColumns.set(condition, column.index);
        continue;
      }
      const header = condition.header!;
      const matches = paths.flatMap((p, c) => (p !== "" && matchTemplate(header.template, p) ? [c] : []));
      if (matches.length === 1) conditionColumns.set(condition, matches[0]!);
      else if (matches.length === 0) noColumn("a row rule", header);
      else
        error(
          `Two columns of ${file} match the header "${header.template.text}" of the row rule at ${specAt(header.at)}: ${matches
            .slice(0, 2)
            .map(columnLabel)
            .join(" and ")}. Write more of the header to pick one.`,
          lastHeader,
        );
    }
  }
  if (issues.length > 0) return { table: null, issues };

  // The output header: every field the spec can give, in the order of our own files.
  const present = new Set<string>([...fileFields.keys(), ...fixed.keys()]);
  if (spec.values !== null) present.add(spec.values.field);
  for (const v of valueColumns) for (const f of v.fields.keys()) present.add(f);
  for (const rule of spec.rows) {
    for (const s of rule.set) present.add(s.field);
    for (const c of rule.match) for (const p of c.patterns) for (const f of p.template.fields) present.add(f);
  }
  for (const pair of EITHER_FIELDS)
    if (pair.some((f) => present.has(f))) for (const f of pair) present.add(f);
  const header = layoutFields(spec.kind).filter((f) => present.has(f));
  const columns = columnIndex(header);
  const slot = (field: string) => columns.get(field)!;

  const reader = new RowMaker(spec, header, fileFields, fixed, valueColumns, conditionColumns, columnLabel);
  const table: InputTable = Object.freeze({
    file,
    kind: spec.kind,
    header: Object.freeze(header),
    headerLine: lastHeader,
    batches: async function* (): AsyncGenerator<ReadonlyArray<RawRow>> {
      const state = reader.start();
      for await (const batch of grid.rows()) {
        const rows: RawRow[] = [];
        for (const row of batch) reader.rows(row, state, rows, columns, slot);
        if (rows.length > 0) yield rows;
      }
    },
  });
  return { table, issues };
}

/** The cells above the data that a `find` pattern matches. */
function findCell(
  prelude: ReadonlyArray<GridRow>,
  lastHeader: number,
  pattern: TemplateAt,
): Array<{ line: number; column: number; text: string; captures: Captures }> {
  const found = [];
  for (const row of prelude) {
    if (row.line > lastHeader) break;
    for (let c = 0; c < row.cells.length; c++) {
      const text = row.cells[c] ?? "";
      if (text.trim() === "") continue;
      // A merged title repeats in every cell it spans: count it once.
      if (c > 0 && row.cells[c - 1] === text) continue;
      const captures = matchTemplate(pattern.template, text);
      if (captures !== null) found.push({ line: row.line, column: c, text: text.trim(), captures });
    }
  }
  return found;
}

/** Section values carried down from the last section row. */
interface RowState {
  carried: ReadonlyMap<string, Given>;
}

/** Makes the output rows of one grid row: applies the row rules, then one row per filled value column. */
class RowMaker {
  constructor(
    private readonly spec: LayoutSpec,
    private readonly header: ReadonlyArray<string>,
    private readonly fileFields: ReadonlyMap<string, Given>,
    private readonly fixed: ReadonlyMap<string, ReadColumn>,
    private readonly valueColumns: ReadonlyArray<ValueColumn>,
    private readonly conditionColumns: ReadonlyMap<object, number>,
    private readonly columnLabel: (c: number) => string,
  ) {}

  start(): RowState {
    return { carried: new Map() };
  }

  rows(
    row: GridRow,
    state: RowState,
    out: RawRow[],
    columns: ReadonlyMap<string, number>,
    slot: (field: string) => number,
  ): void {
    const matched = this.matchRule(row);
    const rule = matched?.rule ?? null;
    if (rule?.skip) return;
    const ruleFields = new Map<string, Given>();
    if (matched !== null) {
      for (const [field, { text, column }] of matched.captures) {
        const read = readFieldValue(this.spec.kind, field, text);
        // A value its field cannot take goes on as written: the transform reports it at this cell.
        ruleFields.set(field, { value: read.ok ? read.value : text, label: this.columnLabel(column) });
      }
      for (const s of matched.rule.set)
        ruleFields.set(s.field, {
          value: s.value,
          label: `${s.field} (set for this row in ${s.at.file} line ${s.at.line})`,
        });
    }
    if (rule?.section) {
      const carried = new Map<string, Given>();
      for (const [field, given] of ruleFields)
        carried.set(field, {
          value: given.value,
          label: `${field} (from the section row ${row.line}, ${given.label})`,
        });
      state.carried = carried;
      if (!rule.total) return;
    }

    const width = this.header.length;
    const cells = new Array<string>(width).fill("");
    const labels = new Array<string>(width);
    for (let i = 0; i < width; i++) labels[i] = this.header[i]!;
    // Cells that hold a plain decimal-point number: typed in the workbook, or read with the declared format.
    const numeric = new Set<number>();
    const put = (field: string, given: Given) => {
      const i = slot(field);
      cells[i] = given.value;
      labels[i] = given.label;
      numeric.delete(i);
    };
    for (const [field, given] of this.fileFields) put(field, given);
    for (const [field, column] of this.fixed) {
      const number = this.number(field, (row.cells[column.index] ?? "").trim(), row, column);
      put(field, { value: number.text, label: column.label });
      if (number.plain) numeric.add(slot(field));
    }
    for (const [field, given] of state.carried)
      if (!this.fixed.has(field) || cells[slot(field)] === "") put(field, given);
    for (const [field, given] of ruleFields) if (!rule?.section) put(field, given);
    if (rule?.total && columns.has("project")) {
      cells[slot("project")] = "";
      labels[slot("project")] = "project (none: a total row)";
    }

    if (this.spec.values === null) {
      out.push({ line: row.line, cells, columns, labels, numeric });
      return;
    }
    const valueField = this.spec.values.field;
    for (const column of this.valueColumns) {
      const text = (row.cells[column.index] ?? "").trim();
      // An empty cell in a wide table is a figure the file does not give.
      if (text === "") continue;
      const longCells = cells.slice();
      const longLabels = labels.slice();
      for (const [field, given] of column.fields) {
        if (ruleFields.has(field) || state.carried.has(field)) continue;
        longCells[slot(field)] = given.value;
        longLabels[slot(field)] = given.label;
      }
      const number = this.number(valueField, text, row, column);
      const longNumeric = new Set(numeric);
      if (number.plain) longNumeric.add(slot(valueField));
      longCells[slot(valueField)] = number.text;
      longLabels[slot(valueField)] = column.label;
      out.push({ line: row.line, cells: longCells, columns, labels: longLabels, numeric: longNumeric });
    }
  }

  /** The first rule whose every condition matches the row, with what its patterns captured. */
  private matchRule(
    row: GridRow,
  ): { rule: RowRule; captures: Map<string, { text: string; column: number }> } | null {
    for (const rule of this.spec.rows) {
      const captures = new Map<string, { text: string; column: number }>();
      const all = rule.match.every((condition) => {
        const column = this.conditionColumns.get(condition);
        if (column === undefined) return false;
        const text = row.cells[column] ?? "";
        for (const pattern of condition.patterns) {
          const found = matchTemplate(pattern.template, text);
          if (found === null) continue;
          for (const [field, value] of found) captures.set(field, { text: value, column });
          return true;
        }
        return false;
      });
      if (all) return { rule, captures };
    }
    return null;
  }

  /**
   * A number column's cell: `plain` when its text is a plain decimal-point number the transform must read as
   * such (`RawRow.numeric`): a number typed in the workbook, or text read with the declared format. Without a
   * declaration, or when the text does not read, the cell goes on as written and the transform decides or
   * reports it (an ambiguous `12.345` with nothing to decide it is an error there).
   */
  private number(
    field: string,
    text: string,
    row: GridRow,
    column: ReadColumn,
  ): { text: string; plain: boolean } {
    if (text === "" || !this.numberFields.includes(field)) return { text, plain: false };
    if (row.numeric?.[column.index] === true) return { text, plain: true };
    const format = column.numberFormat?.format ?? null;
    if (format === null) return { text, plain: false };
    const reading = readNumber(text, format);
    return reading.kind === "number" ? { text: reading.value, plain: true } : { text, plain: false };
  }

  private get numberFields(): ReadonlyArray<string> {
    return NUMBER_COLUMNS[this.spec.kind] ?? [];
  }
}
