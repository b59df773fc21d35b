import { sql, type Kysely, type RawBuilder } from "kysely";
import { figureIdentityColumns } from "../../src/model/index.js";
import type { ConsistencyFindingTable, WarehouseTables } from "../../src/warehouse/tables.js";

type Finding = Omit<ConsistencyFindingTable, "finding_id">;

const BILLION = 1e9;

/**
 * Compares published parts with the total the same source publishes for the same figure otherwise (area, years,
 * period, stage and activity: the identity columns but funding source, budget level and project): national + local
 * against total, and province-level + district-level budgets against local.
 * Only rows without a project take part: a project's (đề án's) figures are not the parts of a published total.
 *
 * Rounding: a figure printed as 71.5 is exact to ±0.05 billion, so the allowed gap is the sum of half a unit of
 * the last printed digit of every figure involved (digits read back from the stored VND amount).
 * Equal → confirmed; within that allowance → within-rounding; beyond → discrepancy. All are reported, none rejected.
 *
 * Example: the XVIII report's north 2024 plan, 71.5 national + 99.2 local = 170.7 against 170.8 stated:
 * gap −0.1, allowance 0.15 → within-rounding.
 */
export async function checkPartsVsTotal(db: Kysely<WarehouseTables>): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const { rows } = await sql<PartsRow>`
      SELECT t.area_id, t.year_from, t.year_to, t.period, t.stage, t.origin,
             t.amount_vnd AS total_vnd, a.amount_vnd AS first_vnd, b.amount_vnd AS second_vnd,
             s.title AS source_title
      FROM funding_fact t
      JOIN funding_fact a ON ${sameFigureBut("a", "t")}
        AND a.project IS NULL AND a.funding_source = ${rule.first.source} AND a.budget_level IS NOT DISTINCT FROM ${rule.first.level}
      JOIN funding_fact b ON ${sameFigureBut("b", "t")}
        AND b.project IS NULL AND b.funding_source = ${rule.second.source} AND b.budget_level IS NOT DISTINCT FROM ${rule.second.level}
      JOIN source s ON s.source_id = t.source_id
      WHERE t.funding_source = ${rule.total.source} AND t.budget_level IS NULL AND t.project IS NULL
      ORDER BY t.area_id, t.year_from, t.year_to, t.period, t.stage, t.fact_id`.execute(db);
    for (const r of rows) {
      const [total, first, second] = [r.total_vnd, r.first_vnd, r.second_vnd].map(Number) as [
        number,
        number,
        number,
      ];
      const gap = (first + second - total) / BILLION;
      const allowance = [total, first, second].reduce((sum, v) => sum + halfLastDigit(v), 0);
      const status =
        gap === 0 ? "confirmed" : Math.abs(gap) <= allowance + 1e-9 ? "within-rounding" : "discrepancy";
      const years = r.year_from === r.year_to ? `${r.year_from}` : `${r.year_from}-${r.year_to}`;
      const subject = `${r.area_id} ${years} ${r.period} ${r.stage}: ${rule.name}`;
      const fmt = (v: number) => String(v / BILLION);
      findings.push({
        kind: "parts-vs-total",
        status,
        subject,
        stated: total / BILLION,
        computed: (first + second) / BILLION,
        gap,
        origin: r.origin,
        message:
          `${subject} in "${r.source_title}": ${fmt(first)} + ${fmt(second)} = ${fmt(first + second)} ` +
          `against ${fmt(total)} published` +
          (status === "confirmed"
            ? "."
            : ` (gap ${gap.toFixed(3)} billion VND, ${status === "within-rounding" ? "within" : "beyond"} the rounding of the printed figures, ±${allowance.toFixed(2)}).`),
      });
    }
  }
  return findings;
}

/**
 * The columns a part shares with its total: the figure's identity (src/model's `figureIdentityColumns`) and its
 * source, but for the funding source and budget level the rules split on, and the project (parts have none).
 */
const SHARED_WITH_TOTAL: ReadonlyArray<string> = [
  ...figureIdentityColumns("funding").filter(
    (c) => !["funding_source", "budget_level", "project"].includes(c),
  ),
  "source_id",
];

/** `a.area_id IS NOT DISTINCT FROM t.area_id AND …` over SHARED_WITH_TOTAL. */
function sameFigureBut(part: string, total: string): RawBuilder<unknown> {
  return sql.join(
    SHARED_WITH_TOTAL.map(
      (c) => sql`${sql.ref(`${part}.${c}`)} IS NOT DISTINCT FROM ${sql.ref(`${total}.${c}`)}`,
    ),
    sql` AND `,
  );
}

interface PartsRow {
  readonly area_id: string;
  readonly year_from: number;
  readonly year_to: number;
  readonly period: string;
  readonly stage: string;
  readonly origin: string;
  readonly total_vnd: number | bigint;
  readonly first_vnd: number | bigint;
  readonly second_vnd: number | bigint;
  readonly source_title: string;
}

interface Part {
  readonly source: string;
  readonly level: string | null;
}

const RULES: ReadonlyArray<{ name: string; total: Part; first: Part; second: Part }> = [
  {
    name: "national + local vs total",
    total: { source: "total", level: null },
    first: { source: "national", level: null },
    second: { source: "local", level: null },
  },
  {
    name: "province + district budgets vs local",
    total: { source: "local", level: null },
    first: { source: "local", level: "province" },
    second: { source: "local", level: "district" },
  },
];

/** Half a unit of the last non-zero digit a billion-VND figure was printed with: 170.8 → 0.05, 48 → 0.5. */
function halfLastDigit(vnd: number): number {
  let unit = BILLION;
  while (unit > 1 && vnd % unit !== 0) unit /= 10;
  return unit / BILLION / 2;
}
