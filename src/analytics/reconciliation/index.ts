export { claimReconciliationQuery } from "./claim-reconciliation.query.js";
export type {
  ClaimReconciliationFilter,
  ClaimReconciliationRow,
  ClaimStatus,
  UnverifiableReason,
} from "./claim-reconciliation.query.js";
export { consistencyFindingsQuery } from "./consistency-findings.query.js";
export type {
  ConsistencyFindingFilter,
  ConsistencyFindingRow,
  FindingKind,
} from "./consistency-findings.query.js";
