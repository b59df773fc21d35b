import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  claimReconciliationQuery,
  consistencyFindingsQuery,
} from "../../src/analytics/reconciliation/index.js";
import { withShareWarehouse } from "./share-warehouse.js";

const ALL = { years: null, sourceIds: null, statuses: null, kinds: null, search: null };

async function withClaims<T>(fn: Parameters<typeof withShareWarehouse<T>>[1]): Promise<T> {
  return withShareWarehouse([], async (warehouse) => {
    await sql`INSERT INTO claim VALUES
      (1, 2024, 2024, 'FY', 'North plan change vs 2023 plan', 'change', -8.5, 1, 'north 2024 plan 170.8 bn', 'north 2023 plan 186.5 bn', 170.8, 186.5, 1, 'published/claims.csv:93'),
      (2, 2024, 2024, 'FY', 'KCQG share of northern regional plan', 'share', 41.9, 1, 'north KCQG plan 71.5 bn', 'north total plan 170.8 bn', 71.5, 170.8, 1, 'published/claims.csv:94'),
      (3, 2024, 2024, 'H1', 'North H1 estimated execution vs same period previous year', 'change', 10.25, 2, 'H1 2024 estimate 34.7 bn', 'H1 2023 (not given)', 34.7, NULL, 1, 'published/claims.csv:99'),
      (4, 2021, 2025, '5Y', 'Counterpart per VND', 'ratio', 4, 0, 'x', 'y', 10500, 2500, 2, 'published/claims.csv:80')`.execute(
      warehouse.db,
    );
    await sql`INSERT INTO consistency_finding VALUES
      (1, 'parts-vs-total', 'within-rounding', 'north 2024 FY plan: national + local vs total', 'm', 170.8, 170.7, -0.1, 'published/funding.csv:118'),
      (2, 'source-disagreement', 'discrepancy', 'funding VN 2024-2024 FY local plan', 'm2', NULL, NULL, NULL, 'a b')`.execute(
      warehouse.db,
    );
    return fn(warehouse);
  });
}

describe("claimReconciliationQuery", () => {
  it("flags the XVIII report's 8.5% fall as a discrepancy of 0.0818 points", () =>
    withClaims(async ({ db }) => {
      const rows = await claimReconciliationQuery(db, { ...ALL, statuses: ["discrepancy"] }).execute();
      expect(rows.map((r) => r.claim_id)).toStrictEqual([1]);
      expect(rows[0].computed).toBeCloseTo(-8.4182, 4);
      expect(rows[0].gap).toBeCloseTo(0.0818, 4);
      expect(rows[0].tolerance).toBeCloseTo(0.05, 12);
    }));

  it("confirms a share within the rounding of its printed digits", () =>
    withClaims(async ({ db }) => {
      const [row] = await claimReconciliationQuery(db, { ...ALL, search: "kcqg share" }).execute();
      expect(row).toMatchObject({
        claim_id: 2,
        status: "confirmed",
        reason: null,
        source_title: "XVIII northern conference",
      });
      expect(row.computed).toBeCloseTo(41.8618, 4);
    }));

  it("marks a claim without a denominator unverifiable, with the reason", () =>
    withClaims(async ({ db }) => {
      const rows = await claimReconciliationQuery(db, { ...ALL, statuses: ["unverifiable"] }).execute();
      expect(rows.map((r) => [r.claim_id, r.computed, r.gap, r.reason])).toStrictEqual([
        [3, null, null, "missing-denominator"],
      ]);
    }));

  it("matches a year inside a claim's span and filters by source and kind", () =>
    withClaims(async ({ db }) => {
      const rows = await claimReconciliationQuery(db, {
        ...ALL,
        years: [2023],
        sourceIds: [2],
        kinds: ["ratio"],
      }).execute();
      expect(rows.map((r) => [r.claim_id, r.computed, r.status])).toStrictEqual([[4, 4.2, "confirmed"]]);
    }));
});

describe("consistencyFindingsQuery", () => {
  it("lists findings by kind with their gaps", () =>
    withClaims(async ({ db }) => {
      const rows = await consistencyFindingsQuery(db, {
        kinds: ["parts-vs-total"],
        statuses: null,
        search: null,
      }).execute();
      expect(rows.map((r) => [r.status, r.stated, r.computed, r.gap])).toStrictEqual([
        ["within-rounding", 170.8, 170.7, -0.1],
      ]);
    }));
});
