export { AnalyticsInputError } from "./input-error.js";
export { AMOUNT_UNITS, inUnit } from "./units.js";
export type { AmountUnit, AmountUnitName } from "./units.js";
export { areaKeySql } from "./boundary.js";
export type { BoundaryName } from "./boundary.js";
export { FACT_TABLES } from "./fact-table.js";
export type { FactKind, FactTableDef } from "./fact-table.js";
export { ANY_FACT, factFilter, factFilterSql, filterNeedsArea, summedDetail } from "./fact-filter.js";
export type { FactFilter, YearRange } from "./fact-filter.js";
export { DIMENSIONS, basisDimensions, decodeYearKey, yearKeyText } from "./dimensions.js";
export type { DimensionDef, DimensionName, LabelSource } from "./dimensions.js";
export { cpiQuery, cpiFactors, missingCpiReason, areaPopulationSql } from "./value-basis.js";
export type { ValueBasis, ValueBasisName, CpiFactor, CpiFactors, CpiRow } from "./value-basis.js";
export {
  FULL_PROVENANCE,
  aggregateKeys,
  aggregateMeasureColumns,
  aggregateRollup,
  factAggregateSql,
  factScopeSql,
  versionsOf,
} from "./fact-aggregate.query.js";
export type {
  FactAggregateSpec,
  AggregateKeys,
  AggregateMeasures,
  AggregateRow,
  AlternativeRow,
  ProvenanceWanted,
} from "./fact-aggregate.query.js";
export { NO_PROVENANCE, mergeProvenance, readProvenance } from "./provenance.shape.js";
export type { AlternativeFigure, Provenance, SourceRef } from "./provenance.shape.js";
export { missingFigure, readSummedFigure } from "./summed-figure.js";
export type { SummedFigure } from "./summed-figure.js";
export { withLabelsSql, readGroupKeys, readBasis, groupIdentity, compareGroupKeys } from "./group-keys.js";
export type { GroupKey, FactBasis } from "./group-keys.js";
export { valueReason } from "./value-reason.js";
export { checkPage, sliceSql, sliceCountSql, DEFAULT_SLICE_LIMIT, MAX_SLICE_LIMIT } from "./slice.query.js";
export type { SliceSpec, SliceOrder, SliceOrderField, SortDirection } from "./slice.query.js";
export { shapeSlice } from "./slice.shape.js";
export type { SliceRow, SliceResult, PriceFactor } from "./slice.shape.js";
export { trendSql } from "./trend.query.js";
export type { TrendSpec } from "./trend.query.js";
export { orderTrendRows, shapeTrend } from "./trend.shape.js";
export type { TrendPoint, TrendSeries, TrendCoverage } from "./trend.shape.js";
export { filterCatalogQueries, toFilterCatalog } from "./filter-catalog.js";
export type { FilterCatalog, FilterCatalogRows, CatalogArea } from "./filter-catalog.js";
export { mayHaveVersions, regionAreas, simplifyFilter } from "./fact-domain.js";
export type { FactDomain, FactDomainRows, Membership, RegionAreas } from "./fact-domain.js";
export {
  normalizeFactFilter,
  resolveArea,
  areaUnder,
  checkYear,
  normalizePeriod,
  normalizeGroupBy,
} from "./normalize-fact-filter.js";
export type { FactFilterInput, NormalizeContext } from "./normalize-fact-filter.js";
export { factsSql, factsCountSql } from "./facts.query.js";
export { chooseRollup } from "./rollup-choice.js";
export type {
  FactsSpec,
  FactRow,
  FactRowOf,
  FundingFactRow,
  OutputFactRow,
  FactQualityFilter,
} from "./facts.query.js";
