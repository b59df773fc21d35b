export { AreaRegistry } from "./area-registry.js";
export { SourceRegistry } from "./source-registry.js";
export type { SourceInput, SourceCitation } from "./source-registry.js";
export { createTransformContext } from "./transform-context.js";
export type { TransformContext } from "./transform-context.js";
export { KC_REGIONS } from "./province-record.js";
export type { ProvinceRecord, KcRegionId } from "./province-record.js";
export { transformProvincesRow } from "./provinces.transform.js";
export { transformActivitiesRow } from "./activities.transform.js";
export { transformFundingRow } from "./funding.transform.js";
export type { FundingFactInput } from "./funding.transform.js";
export { transformOutputsRow } from "./outputs.transform.js";
export type { OutputFactInput } from "./outputs.transform.js";
export { transformClaimsRow, claimKind, billionsIn } from "./claims.transform.js";
export type { ClaimInput } from "./claims.transform.js";
export { transformPopulationRow } from "./population.transform.js";
export { transformCpiRow } from "./cpi.transform.js";
export { periodKindRows, outputTypeRows } from "./reference-rows.js";
export {
  NUMBER_COLUMNS,
  HOLD_LIMIT,
  NumberColumns,
  numberColumnsOf,
  settledBatches,
} from "./number-columns.js";
export {
  FACT_TRANSFORMS,
  countedBatches,
  countedRows,
  prepareTransform,
  transformInputs,
} from "./transform-inputs.js";
export type { PreparedTransform, TransformedInputs } from "./transform-inputs.js";
