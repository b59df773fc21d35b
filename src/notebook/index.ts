export { parseNotebook } from "./parse-notebook.js";
export { serializeNotebook } from "./serialize-notebook.js";
export {
  addCell,
  updateCell,
  moveCell,
  deleteCell,
  setParameterDefault,
  renameNotebook,
  type NewCell,
  type CellPatch,
} from "./edit-notebook.js";
export {
  addParameter,
  checkParameterInput,
  removeParameter,
  setDescription,
  updateParameter,
  ParameterSpecError,
  STARTING_DEFAULTS,
  type ParameterField,
  type ParameterInput,
} from "./edit-front-matter.js";
export { OPTION_ITEM_TYPE } from "./parameter-options.js";
export {
  constraintViolations,
  CONSTRAINT_OPERATORS,
  type ConstraintOperator,
  type ConstraintViolation,
  type ParameterConstraint,
} from "./parameter-constraint.js";
export { bindVariables } from "./bind-variables.js";
export { resolveParameters } from "./resolve-parameters.js";
export { cellsUsingParameter } from "./cells-using-parameter.js";
export { inferChart, type ChartHint } from "./infer-chart.js";
export { flattenResult, tablePath, type ResultTable } from "./flatten-result.js";
export { columnLabels, columnLabelText, type ColumnLabel, type ColumnLabels } from "./column-label.js";
export { NUMBER_FORMAT_KEY, parseViewHash, viewHash, type ViewRequest } from "./view-link.js";
export { renderMarkdown, type NarrativeValues } from "./render-markdown.js";
export {
  findNarrativeReferences,
  narrativeValueText,
  parseNarrativeReference,
  type NarrativeReference,
  type NarrativeSource,
} from "./narrative-value.js";
export { NotebookFormatError } from "./notebook-format-error.js";
export { NotebookEditError } from "./notebook-edit-error.js";
export { ParameterError } from "./parameter-error.js";
export { CHART_MARKS, type ChartMark, type ChartSpec } from "./chart-spec.js";
export { CHART_KEYS, checkChartColumns } from "./check-chart-spec.js";
export {
  PARAMETER_TYPES,
  FUNDING_SOURCES,
  STAGES,
  type Cell,
  type FundingSource,
  type MarkdownCell,
  type Notebook,
  type ParameterSpec,
  type ParameterOptionByType,
  type ParameterType,
  type ParameterValue,
  type ParameterValueByType,
  type ParameterValues,
  type QueryCell,
  type Stage,
  type YearRange,
} from "./notebook.js";
