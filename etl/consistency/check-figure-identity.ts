import { sql, type Kysely } from "kysely";
import type { ConsistencyFindingTable, WarehouseTables } from "../../src/warehouse/tables.js";
import { etlError, etlWarning, type EtlIssue } from "../etl-issue.js";

type Finding = Omit<ConsistencyFindingTable, "finding_id">;

/**
 * A figure is identified by what it measures (area, years, period, funding source, budget level, stage,
 * activity; for outputs the output type and unit instead of budget level and activity) and by its source.
 *
 * - Within one source, the same figure twice with different values is an error: the load is rejected, naming
 *   both lines. Twice with the same value is a warning, and the later row is dropped so sums count it once.
 * - Across sources, different values for the same figure are kept and reported as a source disagreement.
 */
export async function checkFigureIdentity(
  db: Kysely<WarehouseTables>,
): Promise<{
  issues: EtlIssue[];
  findings: Finding[];
  droppedFacts: { funding: number[]; output: number[] };
}> {
  const issues: EtlIssue[] = [];
  const findings: Finding[] = [];
  const droppedFacts = { funding: [] as number[], output: [] as number[] };
  for (const spec of SPECS) {
    const { rows } = await sql<GroupRow>`
      SELECT ${sql.ref(`${spec.table}.source_id`)} AS source_id,
             list(fact_id ORDER BY fact_id) AS fact_ids,
             list(origin ORDER BY fact_id) AS origins,
             list(${sql.ref(spec.value)}::VARCHAR ORDER BY fact_id) AS amounts,
             min(${sql.ref(`${spec.table}.area_id`)} || ' ' || year_from || '-' || year_to || ' ' || period) AS label
      FROM ${sql.table(spec.table)}
      WHERE ${sharedKey(spec)}
      GROUP BY ${sql.join(spec.key.map((k) => sql.ref(k)))}, source_id
      HAVING count(*) > 1
      ORDER BY min(fact_id)`.execute(db);
    for (const g of rows) {
      const distinct = new Set(g.amounts);
      const [file, line] = splitOrigin(g.origins[1] ?? "");
      if (distinct.size > 1) {
        issues.push(
          etlError({
            file,
            line,
            column: spec.valueColumn,
            value: g.amounts[1],
            message:
              `The same figure (${g.label}) appears twice in one source with different values: ` +
              `${g.amounts.map((a, i) => `${spec.show(a)} at ${g.origins[i]}`).join(" and ")}. ` +
              `Keep one row, or give the rows different sources, periods or stages.`,
          }),
        );
      } else {
        issues.push(
          etlWarning({
            file,
            line,
            message: `Duplicate row: ${g.origins.join(" and ")} give the same figure (${g.label}) from the same source; the later row is ignored.`,
          }),
        );
        droppedFacts[spec.kind].push(...g.fact_ids.slice(1));
      }
    }

    const { rows: disagreements } = await sql<DisagreementRow>`
      SELECT min(${sql.ref(`${spec.table}.area_id`)} || ' ' || year_from || '-' || year_to || ' ' || period || ' ' ||
                 funding_source || ' ' || stage) AS label,
             list(${sql.ref(spec.value)}::VARCHAR ORDER BY fact_id) AS amounts,
             list(origin ORDER BY fact_id) AS origins,
             list(s.title ORDER BY fact_id) AS titles
      FROM ${sql.table(spec.table)} JOIN source s USING (source_id)
      WHERE ${sharedKey(spec)}
      GROUP BY ${sql.join(spec.key.map((k) => sql.ref(k)))}
      HAVING count(DISTINCT ${sql.ref(spec.value)}) > 1
      ORDER BY min(fact_id)`.execute(db);
    for (const d of disagreements) {
      findings.push({
        kind: "source-disagreement",
        status: "discrepancy",
        subject: `${spec.kind} ${d.label}`,
        message: `Sources disagree on ${spec.kind} ${d.label}: ${d.origins
          .map((o, i) => `${spec.show(d.amounts[i] ?? "")} at ${o} ("${d.titles[i]}")`)
          .join(" vs ")}. All are kept.`,
        stated: null,
        computed: null,
        gap: null,
        origin: d.origins.join(" "),
      });
    }
  }
  return { issues, findings, droppedFacts };
}

/**
 * Marks one fact per figure as `preferred`, so that sums never count a figure twice when sources disagree:
 * the value printed with the most significant digits (202.3 over 202), then a local primary document over a
 * web article, then the first source in input order. Run after duplicates within a source are dropped.
 * Returns how many facts were set aside.
 */
export async function markPreferredFacts(db: Kysely<WarehouseTables>): Promise<number> {
  let setAside = 0;
  for (const spec of SPECS) {
    const { rows } = await sql<{ n: number }>`
      WITH ranked AS (
        SELECT fact_id, row_number() OVER (
          PARTITION BY ${sql.join(spec.key.map((k) => sql.ref(k)))}
          ORDER BY length(rtrim(${sql.ref(spec.value)}::VARCHAR, '0')) DESC, s.is_local DESC, ${sql.ref(`${spec.table}.source_id`)}
        ) AS rank
        FROM ${sql.table(spec.table)} JOIN source s ON s.source_id = ${sql.ref(`${spec.table}.source_id`)}
        WHERE ${sharedKey(spec)}
      )
      UPDATE ${sql.table(spec.table)} SET preferred = FALSE
      WHERE fact_id IN (SELECT fact_id FROM ranked WHERE rank > 1)
      RETURNING 1 AS n`.execute(db);
    setAside += rows.length;
  }
  return setAside;
}

/**
 * Only facts whose figure key occurs more than once can be duplicates or disagree: a cheap hash GROUP BY finds
 * those keys first, so the list-building queries touch a handful of rows even in a 10-million-row load. (A hash
 * collision only lets an extra row through; the grouping that follows compares the real columns.)
 */
function sharedKey(spec: (typeof SPECS)[number]) {
  const key = sql.join(spec.key.map((k) => sql.ref(k.replace(/^\w+\./, ""))));
  return sql<boolean>`hash(${key}) IN (
    SELECT hash(${key}) FROM ${sql.table(spec.table)} GROUP BY ALL HAVING count(*) > 1)`;
}

function splitOrigin(origin: string): [string, number | undefined] {
  const at = origin.lastIndexOf(":");
  return at < 0 ? [origin, undefined] : [origin.slice(0, at), Number(origin.slice(at + 1))];
}

interface GroupRow {
  readonly source_id: number;
  readonly fact_ids: number[];
  readonly origins: string[];
  readonly amounts: string[];
  readonly label: string;
}

interface DisagreementRow {
  readonly label: string;
  readonly amounts: string[];
  readonly origins: string[];
  readonly titles: string[];
}

const SPECS = [
  {
    kind: "funding" as const,
    table: "funding_fact",
    value: "amount_vnd",
    valueColumn: "amount_billion_vnd",
    show: (vnd: string) => `${Number(vnd) / 1e9} billion VND`,
    key: [
      "funding_fact.area_id",
      "year_from",
      "year_to",
      "period",
      "funding_source",
      "budget_level",
      "stage",
      "activity_code",
    ],
  },
  {
    kind: "output" as const,
    table: "output_fact",
    value: "quantity",
    valueColumn: "quantity",
    show: (quantity: string) => quantity,
    key: [
      "output_fact.area_id",
      "year_from",
      "year_to",
      "period",
      "output_type",
      "stage",
      "funding_source",
      "unit",
    ],
  },
];
