export { defineVocabulary } from "./vocabulary.js";
export type { FactKind, Term, TermSpec, Values, Vocabulary } from "./vocabulary.js";
export {
  AREA_LEVEL,
  BOUND,
  BUDGET_LEVEL,
  CERTAINTY,
  DETAIL,
  FUNDING_SOURCE,
  SCOPE,
  STAGE,
  detailOf,
} from "./vocabularies.js";
export type {
  AreaLevel,
  Bound,
  BudgetLevel,
  Certainty,
  Detail,
  FundingSource,
  FundingStage,
  Scope,
  Stage,
} from "./vocabularies.js";
export {
  DIMENSION_MODEL,
  DIMENSION_NAMES,
  GROUP_DIMENSIONS,
  ORDER_DIMENSIONS,
  VOCABULARY_FILTERS,
  basisDimensionNames,
  dimensionApplies,
  dimensionSpec,
  figureIdentityColumns,
} from "./dimensions.js";
export type { DimensionName, DimensionSpec, LabelSource } from "./dimensions.js";
export {
  PLAIN_QUALITY,
  QUALITY_BITS,
  combineQuality,
  decodeQuality,
  isPlain,
  likeForLike,
  notLikeForLikeReason,
  qualityBitsOf,
  qualityCaveat,
} from "./fact-quality.js";
export type { FactQuality } from "./fact-quality.js";
