export { compareQuery } from "./compare.query.js";
export type { CompareRow, CompareSelection, CompareSourceRow, CompareSpec } from "./compare.query.js";
export { compareValues, shapeComparison } from "./compare.shape.js";
export type { ComparedItem, ComparedValue, CompareShapeOptions, Comparison } from "./compare.shape.js";
export { executionRateQuery } from "./execution-rate.query.js";
export type { ExecutionRateRow, ExecutionRateSpec } from "./execution-rate.query.js";
export { shapeExecutionRates } from "./execution-rate.shape.js";
export type { ExecutionRate } from "./execution-rate.shape.js";
