export { COMPARE_BASIS, compareQuery, compareSelectionSpec } from "./compare.query.js";
export type { CompareRow, CompareSelection, CompareSpec } from "./compare.query.js";
export { compareValues, shapeComparison } from "./compare.shape.js";
export type { ComparedItem, ComparedValue, CompareShapeOptions, Comparison } from "./compare.shape.js";
export { EXECUTION_KEYS, executionRateQuery, executionRateSpecs } from "./execution-rate.query.js";
export type { ExecutionRateRow, ExecutionRateSpec, ExecutionRole } from "./execution-rate.query.js";
export { shapeExecutionRates } from "./execution-rate.shape.js";
export type { ExecutionRate } from "./execution-rate.shape.js";
