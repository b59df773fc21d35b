import { sql, type Kysely } from "kysely";
import { figureIdentityColumns } from "../../src/model/index.js";
import type { ConsistencyFindingTable, WarehouseTables } from "../../src/warehouse/tables.js";
import { etlError, etlWarning, type EtlIssue } from "../etl-issue.js";

type Finding = Omit<ConsistencyFindingTable, "finding_id">;

/**
 * A figure is identified by what it measures (`figureIdentityColumns` of src/model: area, years, period, funding
 * source, budget level, stage, activity and project; for outputs the output type and unit instead of budget
 * level, activity and project) and by its source.
 *
 * - Within one source, the same figure twice with different values is an error: the load is rejected, naming
 *   both lines. Twice with the same value is a warning, and the later row is dropped so sums count it once.
 * - Across sources, different values for the same figure are kept and reported as a source disagreement.
 *
 * Cost: each step first finds the offending keys with plain aggregates over key hashes (no lists), then builds
 * the lists of lines and values for those keys only, so a 10-million-row load whose figures are all distinct
 * stays one hash aggregate per table.
 */
export async function checkFigureIdentity(db: Kysely<WarehouseTables>): Promise<{
  issues: EtlIssue[];
  findings: Finding[];
  droppedFacts: { funding: number[]; output: number[] };
}> {
  const issues: EtlIssue[] = [];
  const findings: Finding[] = [];
  const droppedFacts = { funding: [] as number[], output: [] as number[] };
  for (const spec of SPECS) {
    await withSharedKeys(db, spec, async (conn) => {
      const { rows } = await sql<GroupRow>`
        WITH candidate AS (${candidates(spec)}),
        offending AS (
          SELECT hash(${keyColumns(spec)}, source_id) AS h FROM candidate GROUP BY ALL HAVING count(*) > 1)
        SELECT source_id,
               list(fact_id ORDER BY fact_id) AS fact_ids,
               list(origin ORDER BY fact_id) AS origins,
               list(${sql.ref(spec.value)}::VARCHAR ORDER BY fact_id) AS amounts,
               min(${label(spec, false)}) AS label
        FROM candidate
        WHERE hash(${keyColumns(spec)}, source_id) IN (SELECT h FROM offending)
        GROUP BY ${keyColumns(spec)}, source_id
        HAVING count(*) > 1
        ORDER BY min(fact_id)`.execute(conn);
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
        WITH candidate AS (${candidates(spec)}),
        offending AS (
          SELECT hash(${keyColumns(spec)}) AS h FROM candidate
          GROUP BY ALL HAVING min(${sql.ref(spec.value)}) <> max(${sql.ref(spec.value)}))
        SELECT min(${label(spec, true)}) AS label,
               list(${sql.ref(spec.value)}::VARCHAR ORDER BY fact_id) AS amounts,
               list(origin ORDER BY fact_id) AS origins,
               list(s.title ORDER BY fact_id) AS titles
        FROM candidate JOIN source s USING (source_id)
        WHERE hash(${keyColumns(spec)}) IN (SELECT h FROM offending)
        GROUP BY ${keyColumns(spec)}
        HAVING count(DISTINCT ${sql.ref(spec.value)}) > 1
        ORDER BY min(fact_id)`.execute(conn);
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
    });
  }
  return { issues, findings, droppedFacts };
}

/**
 * Marks one fact per figure as `preferred`, so that sums never count a figure twice when sources disagree:
 * the value printed with the most significant digits (202.3 over 202), then a local primary document
 * (`source.is_local`) over a web article, then the row read first (the lowest `fact_id`: facts are numbered in
 * input order, so the choice never depends on source ids). Every version also gets its rank in `preference`
 * (1 = preferred; a figure stated once keeps 1), so that among sources a caller picks the best-ranked counts.
 * Run after duplicates within a source are dropped. Only figures stated more than once are ranked, and nothing
 * is read back: returns how many facts were set aside (DuckDB's count of changed rows).
 */
export async function markPreferredFacts(db: Kysely<WarehouseTables>): Promise<number> {
  let setAside = 0;
  for (const spec of SPECS) {
    await withSharedKeys(db, spec, async (conn) => {
      const result = await sql`
        UPDATE ${sql.table(spec.table)} AS t SET preferred = FALSE, preference = r.rank
        FROM (
          SELECT c.fact_id, row_number() OVER (
            PARTITION BY ${keyColumns(spec, "c")}
            ORDER BY length(rtrim(${sql.ref(`c.${spec.value}`)}::VARCHAR, '0')) DESC, s.is_local DESC, c.fact_id
          ) AS rank
          FROM (${candidates(spec)}) AS c JOIN source s ON s.source_id = c.source_id) AS r
        WHERE t.fact_id = r.fact_id AND r.rank > 1`.execute(conn);
      setAside += Number(result.numAffectedRows ?? 0n);
      await linkVersions(conn, spec);
    });
  }
  return setAside;
}

/**
 * Gives the versions of every figure stated more than once the same `figure_id` (the
 * smallest fact_id among them), leaving the rankings as they are; `markPreferredFacts` does this as part of its
 * pass. For warehouses whose preferences were written directly (test fixtures).
 */
export async function linkFigureVersions(db: Kysely<WarehouseTables>): Promise<void> {
  for (const spec of SPECS) await withSharedKeys(db, spec, (conn) => linkVersions(conn, spec));
}

/** Sets `figure_id` on the candidates (`withSharedKeys`) whose figure has more than one version. */
async function linkVersions(conn: Kysely<WarehouseTables>, spec: Spec): Promise<void> {
  await sql`
    UPDATE ${sql.table(spec.table)} AS t SET figure_id = r.first
    FROM (
      SELECT c.fact_id, min(c.fact_id) OVER w AS first, count(*) OVER w AS versions
      FROM (${candidates(spec)}) AS c
      WINDOW w AS (PARTITION BY ${keyColumns(spec, "c")})) AS r
    WHERE t.fact_id = r.fact_id AND r.versions > 1`.execute(conn);
}

type Spec = (typeof SPECS)[number];
const SHARED_KEYS = "figure_key_shared";

/**
 * Only facts whose figure key occurs more than once can be duplicates, disagree or need a preference. One plain
 * hash aggregate finds those keys into a temporary table (on one pinned connection, since temporary tables are
 * per connection); `fn` runs only when there is any, and reads the facts through `candidates`. A hash
 * collision only lets an extra key through: the queries that follow group by the real columns.
 */
async function withSharedKeys(
  db: Kysely<WarehouseTables>,
  spec: Spec,
  fn: (conn: Kysely<WarehouseTables>) => Promise<void>,
): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`CREATE OR REPLACE TEMP TABLE ${sql.table(SHARED_KEYS)} AS
      SELECT hash(${keyColumns(spec)}) AS h FROM ${sql.table(spec.table)} GROUP BY ALL HAVING count(*) > 1`.execute(
      conn,
    );
    try {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(SHARED_KEYS)}`.execute(
        conn,
      );
      if (Number(rows[0]?.n ?? 0) > 0) await fn(conn);
    } finally {
      await sql`DROP TABLE IF EXISTS ${sql.table(SHARED_KEYS)}`.execute(conn);
    }
  });
}

/** The facts of `spec`'s table whose key is in the shared-key table. */
function candidates(spec: Spec) {
  return sql`SELECT * FROM ${sql.table(spec.table)}
    WHERE hash(${keyColumns(spec)}) IN (SELECT h FROM ${sql.table(SHARED_KEYS)})`;
}

function keyColumns(spec: Spec, alias?: string) {
  return sql.join(
    figureIdentityColumns(spec.model).map((k) => sql.ref(alias === undefined ? k : `${alias}.${k}`)),
  );
}

/** `02 2024-2024 FY` (+ ` national plan` across sources), then ` project P-17` when the figure names one. */
function label(spec: Spec, withSourceAndStage: boolean) {
  const project = spec.kind === "funding" ? sql`|| coalesce(' project ' || project, '')` : sql``;
  const sourceAndStage = withSourceAndStage ? sql`|| ' ' || funding_source || ' ' || stage` : sql``;
  return sql`area_id || ' ' || year_from || '-' || year_to || ' ' || period ${sourceAndStage} ${project}`;
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
    model: "funding" as const,
    table: "funding_fact",
    value: "amount_vnd",
    valueColumn: "amount_billion_vnd",
    show: (vnd: string) => `${Number(vnd) / 1e9} billion VND`,
  },
  {
    kind: "output" as const,
    model: "outputs" as const,
    table: "output_fact",
    value: "quantity",
    valueColumn: "quantity",
    show: (quantity: string) => quantity,
  },
];
