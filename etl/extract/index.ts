export { listInputs } from "./list-inputs.js";
export type { ListedInputs } from "./list-inputs.js";
export { INPUT_KINDS, inputKindOf } from "./input-kind.js";
export type { InputKind } from "./input-kind.js";
export { InputError, columnIndex, rawRow, readRowBatches, readRows, rowValues } from "./raw-table.js";
export type { ColumnIndex, DeclaredNumberFormats, InputFile, InputTable, RawRow } from "./raw-table.js";
export { INPUT_COLUMNS, checkHeader } from "./input-columns.js";
export type { InputColumnSpec } from "./input-columns.js";
export { cellText } from "./xlsx-table.js";
