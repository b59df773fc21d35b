import type { NumberFormat } from "../../src/shared/vietnamese-number.js";
import type { InputKind } from "../extract/input-kind.js";
import type { HeaderTemplate } from "./header-template.js";

/**
 * A layout spec, read and checked (`readLayoutSpec`): how to read a workbook or CSV of another layout as a table
 * of ours. docs/layout-specs.md describes the YAML; every part keeps where it was written, so that a problem
 * found when the spec meets its file (a header no column has) still names the spec's line.
 */
export interface LayoutSpec {
  /** The spec file as messages name it (relative to the data folder when inside it). */
  readonly file: string;
  /** The table kind the rows become. */
  readonly kind: InputKind;
  /** For a spec named on the command line: the data files it applies to (paths relative to the data folder). */
  readonly files: ReadonlyArray<TemplateAt>;
  /** Workbook sheets to read; null: every sheet. */
  readonly sheets: ReadonlyArray<TemplateAt> | null;
  /** The header rows, 1-based, ascending; data starts on the row after the last. */
  readonly header: ReadonlyArray<number>;
  readonly headerAt: SpecLocation;
  /** Cells above the data that must be there, their placeholders setting fields (`Đơn vị tính: {unit}`). */
  readonly find: ReadonlyArray<TemplateAt>;
  /** Constants for every row of the file. */
  readonly set: ReadonlyArray<FieldSetting>;
  /** Fixed columns: one column each, by its header. */
  readonly columns: ReadonlyArray<ColumnRule>;
  /** Wide → long: every column whose header a rule matches gives one row per data row. */
  readonly values: ValueColumns | null;
  /** Rules for data rows, the first that matches a row applies. */
  readonly rows: ReadonlyArray<RowRule>;
  /** The number convention the spec declares for the file (see `numberFormat` in docs/layout-specs.md). */
  readonly numberFormat: NumberFormatAt | null;
}

/** Where in a spec file something was written: 1-based line and column. */
export interface SpecLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface TemplateAt {
  readonly template: HeaderTemplate;
  readonly at: SpecLocation;
}

/** A field and its value, already read by the field's vocabulary (`KCQG` → `national`). */
export interface FieldSetting {
  readonly field: string;
  readonly value: string;
  readonly at: SpecLocation;
}

export interface ColumnRule {
  readonly field: string;
  readonly header: TemplateAt;
  readonly numberFormat: NumberFormatAt | null;
}

export interface ValueColumns {
  /** The field each value cell fills (`amount`, `quantity`…). */
  readonly field: string;
  readonly at: SpecLocation;
  readonly rules: ReadonlyArray<ValueRule>;
}

export interface ValueRule {
  readonly header: TemplateAt;
  readonly set: ReadonlyArray<FieldSetting>;
  readonly numberFormat: NumberFormatAt | null;
}

/** One condition of a row rule: the cell of a column (a mapped field, or a header) matches one of the patterns. */
export interface RowCondition {
  /** A field mapped under `columns`, or a header template. */
  readonly field: string | null;
  readonly header: TemplateAt | null;
  readonly patterns: ReadonlyArray<TemplateAt>;
  readonly at: SpecLocation;
}

export interface RowRule {
  readonly at: SpecLocation;
  readonly match: ReadonlyArray<RowCondition>;
  /** Drop the row (a subtotal the file adds itself, a note, a heading). */
  readonly skip: boolean;
  /** Keep the row as a published total: its figures without a project (đề án). */
  readonly total: boolean;
  /** The row starts a section: its captures and `set` apply to the rows below it, until the next section. */
  readonly section: boolean;
  readonly set: ReadonlyArray<FieldSetting>;
}

/**
 * A declared number convention (src/shared/vietnamese-number.ts: `decimal-comma` reads `12.345` as twelve
 * thousand three hundred forty-five, `decimal-point` as twelve point three four five) and where it was written.
 * It applies to cells written as text; a workbook's number cells need none.
 */
export interface NumberFormatAt {
  readonly format: NumberFormat;
  readonly at: SpecLocation;
}
