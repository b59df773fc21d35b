import type { Kysely } from "kysely";
import type { ClaimKind, ConsistencyFindingTable, WarehouseTables } from "../../src/warehouse/tables.js";

type Finding = Omit<ConsistencyFindingTable, "finding_id">;

/**
 * Recomputes each published claim from the base figures its own text states, and compares.
 *
 * - share: numerator ÷ denominator × 100; change: (numerator ÷ denominator − 1) × 100; ratio: numerator ÷ denominator.
 * - confirmed when the computed value rounds to the printed one: |computed − stated| ≤ half a unit of the last
 *   printed digit (41.9 allows ±0.05); otherwise a discrepancy with the gap (computed − stated).
 * - unverifiable when the text gives no numerator or denominator, or the denominator is zero.
 *
 * Example: "North plan change vs 2023 plan", stated −8.5, from 170.8 and 186.5:
 * (170.8 ÷ 186.5 − 1) × 100 = −8.418…, gap 0.082 > 0.05 → discrepancy.
 */
export async function checkClaims(db: Kysely<WarehouseTables>): Promise<Finding[]> {
  const claims = await db.selectFrom("claim").selectAll().orderBy("claim_id").execute();
  return claims.map((c) => {
    const subject = `${c.claim} (${c.year_from === c.year_to ? c.year_from : `${c.year_from}-${c.year_to}`} ${c.period})`;
    const base = { kind: "claim" as const, subject, stated: c.value_pct, origin: c.origin };
    if (c.numerator_bn === null || c.denominator_bn === null || c.denominator_bn === 0) {
      return {
        ...base,
        status: "unverifiable" as const,
        computed: null,
        gap: null,
        message: `${subject}: stated ${c.value_pct}, but the source does not give both base figures ("${c.numerator_desc}" / "${c.denominator_desc}").`,
      };
    }
    const computed = computeClaim(c.kind, c.numerator_bn, c.denominator_bn);
    const gap = computed - c.value_pct;
    const tolerance = 0.5 * 10 ** -c.decimals + 1e-9;
    const confirmed = Math.abs(gap) <= tolerance;
    const shown = computed.toFixed(Math.max(2, c.decimals + 1));
    return {
      ...base,
      status: confirmed ? ("confirmed" as const) : ("discrepancy" as const),
      computed,
      gap,
      message: confirmed
        ? `${subject}: stated ${c.value_pct}, computed ${shown} from ${c.numerator_bn} and ${c.denominator_bn}: confirmed within rounding.`
        : `${subject}: stated ${c.value_pct}, but ${c.numerator_bn} and ${c.denominator_bn} give ${shown} (gap ${gap.toFixed(3)}).`,
    };
  });
}

export function computeClaim(kind: ClaimKind, numerator: number, denominator: number): number {
  switch (kind) {
    case "share":
      return (numerator / denominator) * 100;
    case "change":
      return (numerator / denominator - 1) * 100;
    case "ratio":
      return numerator / denominator;
  }
}
