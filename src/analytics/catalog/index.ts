export { areasQuery, allAreasQuery, searchAreas } from "./areas.query.js";
export { areasNamed, levelNamedBy, matchArea, suggestAreas } from "./area-match.js";
export type { AreaMatch, AreaNames } from "./area-match.js";
export type { AreaFilter, AreaRow } from "./areas.query.js";
export {
  yearCoverageQuery,
  periodCoverageQuery,
  outputTypesQuery,
  activitiesQuery,
  sourcesQuery,
} from "./coverage.query.js";
export type { YearCoverageRow, PeriodCoverageRow, OutputTypeRow } from "./coverage.query.js";
export { etlRunsQuery, toEtlRunRecord, parseRowsPerTable, parseIssues } from "./etl-runs.query.js";
export type { EtlRunRecord, EtlRunIssue, EtlInputFile } from "./etl-runs.query.js";
export { toSnapshotInfo, latestSucceededRunQuery } from "./snapshot.query.js";
export type { SnapshotInfo } from "./snapshot.query.js";
export { factProfileSql, toFactProfile } from "./fact-profile.query.js";
export type { FactProfile } from "./fact-profile.query.js";
