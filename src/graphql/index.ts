export { buildAppSchema, RESOLVERS } from "./build-schema.js";
export { DEFAULT_ANALYSIS_LIMITS } from "./context.js";
export { AnalysisExplain, type ExplainedAnalysis } from "./common/analysis-explain.js";
export type {
  AnalysisLimits,
  GraphQLContext,
  ReloadService,
  ReloadRun,
  ReloadState,
  ResultCache,
  SnapshotInfo,
} from "./context.js";
export { badUserInput, forbidden, unknownValue, suggestChoices, quote, ErrorCode } from "./errors.js";
export type { Choice } from "./errors.js";
export {
  AreaLevel,
  Boundary,
  FundingSource,
  Stage,
  BudgetLevel,
  EtlRunStatus,
  IssueSeverity,
} from "./enums.js";
export { DateTimeScalar } from "./scalars.js";
export { guardRootFields } from "./request-guard.js";
export { analysisLimitRule, ANALYSIS_FIELDS, DEFAULT_MAX_ANALYSES } from "./analysis-limit.rule.js";
export { areaDirectory } from "./catalog/area-directory.js";
export type { AreaDirectory } from "./catalog/area-directory.js";
export { Area } from "./catalog/area.type.js";
