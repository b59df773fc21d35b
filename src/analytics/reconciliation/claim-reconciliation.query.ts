import { sql, type Kysely, type RawBuilder } from "kysely";
import type { ClaimKind, WarehouseTables } from "../../warehouse/tables.js";

/** How a published claim stands against its own base figures. */
export type ClaimStatus = "confirmed" | "discrepancy" | "unverifiable";

/** Why a claim could not be recomputed; null when it could. */
export type UnverifiableReason =
  "missing-numerator" | "missing-denominator" | "missing-both" | "zero-denominator";

/** Which claims to reconcile. Every list is "any of"; null means no restriction. */
export interface ClaimReconciliationFilter {
  /** Claims whose year span contains one of these years (2024 matches a 2021-2025 claim). */
  readonly years: ReadonlyArray<number> | null;
  readonly sourceIds: ReadonlyArray<number> | null;
  readonly statuses: ReadonlyArray<ClaimStatus> | null;
  readonly kinds: ReadonlyArray<ClaimKind> | null;
  /** Claims whose text contains this, ignoring case. */
  readonly search: string | null;
}

/** A claim beside the value its own base figures give. Percent points for shares and changes; a plain ratio for ratios. */
export interface ClaimReconciliationRow {
  readonly claim_id: number;
  readonly year_from: number;
  readonly year_to: number;
  readonly period: string;
  readonly claim: string;
  readonly kind: ClaimKind;
  readonly stated: number;
  readonly decimals: number;
  readonly numerator_desc: string;
  readonly denominator_desc: string;
  readonly numerator_bn: number | null;
  readonly denominator_bn: number | null;
  readonly computed: number | null;
  readonly gap: number | null;
  readonly tolerance: number;
  readonly status: ClaimStatus;
  readonly reason: UnverifiableReason | null;
  readonly source_id: number;
  readonly source_url: string;
  readonly source_title: string;
  readonly origin: string;
}

/**
 * Every published claim (a percentage or ratio as printed) beside the value recomputed from the base figures its
 * own text states, computed in DuckDB:
 *
 * - share: numerator ÷ denominator × 100; change: (numerator ÷ denominator − 1) × 100; ratio: numerator ÷ denominator.
 * - gap = computed − stated; tolerance = half a unit of the last printed digit (41.9 → 0.05; 49 → 0.5).
 * - status: `confirmed` when |gap| ≤ tolerance (the claim is its base figures rounded as printed), otherwise
 *   `discrepancy` with the gap; `unverifiable` (computed and gap null, with a reason) when the text gives no
 *   numerator or no denominator, or the denominator is zero.
 * - Years: a claim matches a year when its span contains it. A year without claims simply yields no rows.
 * Ordered by claim id (the order of claims.csv).
 *
 * Example: the XVIII report's "North plan change vs 2023 plan", stated −8.5 with bases 170.8 and 186.5, gives
 * `{ kind: "change", stated: -8.5, computed: -8.4182…, gap: 0.0818…, tolerance: 0.05, status: "discrepancy" }`;
 * "KCQG share of northern regional plan", stated 41.9 from 71.5 and 170.8, gives
 * `{ kind: "share", computed: 41.8618…, gap: -0.0382…, status: "confirmed" }`.
 */
export function claimReconciliationQuery(db: Kysely<WarehouseTables>, filter: ClaimReconciliationFilter) {
  const computed = db
    .selectFrom("claim as c")
    .innerJoin("source as s", "s.source_id", "c.source_id")
    .select([
      "c.claim_id",
      "c.year_from",
      "c.year_to",
      "c.period",
      "c.claim",
      "c.kind",
      sql<number>`c.value_pct::DOUBLE`.as("stated"),
      "c.decimals",
      "c.numerator_desc",
      "c.denominator_desc",
      sql<number | null>`c.numerator_bn::DOUBLE`.as("numerator_bn"),
      sql<number | null>`c.denominator_bn::DOUBLE`.as("denominator_bn"),
      computedSql().as("computed"),
      sql<number>`0.5 * pow(10, -c.decimals)`.as("tolerance"),
      reasonSql().as("reason"),
      "c.source_id",
      "s.url as source_url",
      "s.title as source_title",
      "c.origin",
    ])
    .$if(filter.years !== null, (q) =>
      q.where((eb) =>
        eb.or(
          (filter.years ?? []).map((y) => eb.and([eb("c.year_from", "<=", y), eb("c.year_to", ">=", y)])),
        ),
      ),
    )
    .$if(filter.sourceIds !== null, (q) =>
      q.where(sql<boolean>`list_contains(${filter.sourceIds}, c.source_id)`),
    )
    .$if(filter.kinds !== null, (q) => q.where(sql<boolean>`list_contains(${filter.kinds}, c.kind)`))
    .$if(filter.search !== null, (q) =>
      q.where(sql<boolean>`contains(lower(c.claim), lower(${filter.search}))`),
    );

  const withStatus = db
    .selectFrom(computed.as("r"))
    .selectAll("r")
    .select([
      sql<number | null>`r.computed - r.stated`.as("gap"),
      // A tiny epsilon keeps exact halves (41.85 printed as 41.9) on the confirmed side despite binary doubles.
      sql<ClaimStatus>`CASE WHEN r.computed IS NULL THEN 'unverifiable'
        WHEN abs(r.computed - r.stated) <= r.tolerance + 1e-9 THEN 'confirmed'
        ELSE 'discrepancy' END`.as("status"),
    ]);

  return db
    .selectFrom(withStatus.as("x"))
    .selectAll("x")
    .$if(filter.statuses !== null, (q) => q.where(sql<boolean>`list_contains(${filter.statuses}, x.status)`))
    .orderBy("x.claim_id")
    .$castTo<ClaimReconciliationRow>();
}

function computedSql(): RawBuilder<number | null> {
  return sql<number | null>`CASE
    WHEN c.numerator_bn IS NULL OR c.denominator_bn IS NULL OR c.denominator_bn = 0 THEN NULL
    WHEN c.kind = 'share' THEN c.numerator_bn::DOUBLE / c.denominator_bn::DOUBLE * 100
    WHEN c.kind = 'change' THEN (c.numerator_bn::DOUBLE / c.denominator_bn::DOUBLE - 1) * 100
    ELSE c.numerator_bn::DOUBLE / c.denominator_bn::DOUBLE END`;
}

function reasonSql(): RawBuilder<UnverifiableReason | null> {
  return sql<UnverifiableReason | null>`CASE
    WHEN c.numerator_bn IS NULL AND c.denominator_bn IS NULL THEN 'missing-both'
    WHEN c.numerator_bn IS NULL THEN 'missing-numerator'
    WHEN c.denominator_bn IS NULL THEN 'missing-denominator'
    WHEN c.denominator_bn = 0 THEN 'zero-denominator'
    ELSE NULL END`;
}
