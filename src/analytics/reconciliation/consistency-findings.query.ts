import { sql, type Kysely } from "kysely";
import type { ConsistencyFindingTable, FindingStatus, WarehouseTables } from "../../warehouse/tables.js";

export type FindingKind = ConsistencyFindingTable["kind"];

/** Which findings to list. Every list is "any of"; null means no restriction. */
export interface ConsistencyFindingFilter {
  readonly kinds: ReadonlyArray<FindingKind> | null;
  readonly statuses: ReadonlyArray<FindingStatus> | null;
  /** Findings whose subject or message contains this, ignoring case. */
  readonly search: string | null;
}

/**
 * The consistency findings the ETL recorded when it built the snapshot, in the order it found them:
 * `claim` (a printed percentage against its base figures), `parts-vs-total` (national + local against the
 * published total of the same source; province + district budgets against local) and `source-disagreement`
 * (two sources giving different values for the same figure, both kept). The values are the ETL's: `stated`
 * (the published total or printed claim), `computed` (the sum of the parts, or the recomputed claim) and
 * `gap` = computed − stated, in billion VND for parts-vs-total and in percent points for claims; all three
 * are null for source disagreements and for unverifiable claims. Nothing is recomputed here, so no
 * denominator can be zero; a snapshot without findings yields no rows.
 *
 * Example: the XVIII report's north 2024 plan, 71.5 + 99.2 against 170.8, gives
 * `{ kind: "parts-vs-total", status: "within-rounding", stated: 170.8, computed: 170.7, gap: -0.1 }`.
 */
export function consistencyFindingsQuery(db: Kysely<WarehouseTables>, filter: ConsistencyFindingFilter) {
  return db
    .selectFrom("consistency_finding as f")
    .select([
      "f.finding_id",
      "f.kind",
      "f.status",
      "f.subject",
      "f.message",
      sql<number | null>`f.stated::DOUBLE`.as("stated"),
      sql<number | null>`f.computed::DOUBLE`.as("computed"),
      sql<number | null>`f.gap::DOUBLE`.as("gap"),
      "f.origin",
    ])
    .$if(filter.kinds !== null, (q) => q.where(sql<boolean>`list_contains(${filter.kinds}, f.kind)`))
    .$if(filter.statuses !== null, (q) => q.where(sql<boolean>`list_contains(${filter.statuses}, f.status)`))
    .$if(filter.search !== null, (q) =>
      q.where(
        sql<boolean>`(contains(lower(f.subject), lower(${filter.search})) OR contains(lower(f.message), lower(${filter.search})))`,
      ),
    )
    .orderBy("f.finding_id");
}

/** One finding as consistencyFindingsQuery returns it. */
export interface ConsistencyFindingRow {
  readonly finding_id: number;
  readonly kind: FindingKind;
  readonly status: FindingStatus;
  readonly subject: string;
  readonly message: string;
  readonly stated: number | null;
  readonly computed: number | null;
  readonly gap: number | null;
  readonly origin: string;
}
