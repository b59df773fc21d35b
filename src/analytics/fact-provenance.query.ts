import { sql, type RawBuilder } from "kysely";
import { figureIdentityColumns } from "../model/index.js";
import { aggregateKeys, factScopeSql, versionsOf, type FactAggregateSpec } from "./fact-aggregate.query.js";

/** A source of facts: id (stable: derived from its address), title and address. */
export interface SourceRefRow {
  readonly id: number;
  readonly title: string;
  readonly url: string;
}

/**
 * Another source's version of figures summed into a row, where it differs: that source's total for those
 * figures (`value`) beside the total of the versions the row used (`chosen`); amounts in VND for funding,
 * quantities for outputs.
 */
export interface AlternativeRow extends SourceRefRow {
  readonly value: number;
  readonly chosen: number;
  readonly figures: number | bigint;
}

/** Where the figures of one aggregate row come from: key columns (and `year` when yearly), then these. */
export interface ProvenanceMeasures {
  readonly sources: ReadonlyArray<SourceRefRow>;
  readonly notes: ReadonlyArray<string> | null;
  readonly alternatives: ReadonlyArray<AlternativeRow> | null;
}
export type ProvenanceRow = ProvenanceMeasures & Readonly<Record<string, unknown>>;

/** What a caller asked for besides the sources (each costs work: notes a list, alternatives a join). */
export interface ProvenanceWanted {
  readonly notes: boolean;
  readonly alternatives: boolean;
}

export const FULL_PROVENANCE: ProvenanceWanted = Object.freeze({ notes: true, alternatives: true });

/**
 * The provenance of each row of `factAggregateSql(spec)` (yearly: of each point, single-year facts of the period
 * only): its distinct sources, the distinct notes of its facts, and the alternatives — for every other source
 * that states some of the row's figures (same identity columns, `figureIdentityColumns`) with a different value,
 * its total for those figures and the total the row used for them. A separate query so the main aggregate stays
 * one hash aggregation; run it only when sources, notes or alternatives are asked for.
 * Example: funding of Đắk Lắk 2021–2025 5Y plan, local: sources [the ministry portal], alternatives
 * [{Lao Động, value 104e9, chosen 48e9, figures 1}].
 */
export function factProvenanceSql(
  spec: FactAggregateSpec,
  want: ProvenanceWanted = FULL_PROVENANCE,
): RawBuilder<ProvenanceRow> {
  const { table, yearly } = spec;
  const { dimensions } = aggregateKeys(spec);
  const { from, where: scoped } = factScopeSql(spec);
  let where = scoped;
  if (yearly !== null) {
    where = sql<boolean>`${where} AND f.year_from = f.year_to AND f.year_from BETWEEN ${yearly.span.from} AND ${yearly.span.to} AND f.period = ${yearly.period}`;
  }
  const measure = table.hasOutputType ? "quantity" : "amount_vnd";
  const identity = figureIdentityColumns(table.kind);
  const keyNames = [...dimensions.map((d) => d.column), ...(yearly !== null ? ["year"] : [])];
  const keySelects = dimensions.map((d) => sql`${d.key(spec.boundary)} AS ${sql.id(d.column)}`);
  if (yearly !== null) keySelects.push(sql`f.year_from AS year`);
  const keysOf = (alias: string) => keyNames.map((k) => sql.ref(`${alias}.${k}`));
  const sameKeys = (a: string, b: string) =>
    keyNames.length === 0
      ? sql`TRUE`
      : sql.join(
          keyNames.map((k) => sql`${sql.ref(`${a}.${k}`)} IS NOT DISTINCT FROM ${sql.ref(`${b}.${k}`)}`),
          sql` AND `,
        );
  const grouped = (refs: ReadonlyArray<RawBuilder<unknown>>) =>
    refs.length === 0 ? sql`` : sql` GROUP BY ${sql.join(refs)}`;
  const sameFigure = sql.join(
    identity.map((c) => sql`${sql.ref(`x.${c}`)} IS NOT DISTINCT FROM ${sql.ref(`c.${c}`)}`),
    sql` AND `,
  );
  // With preferred versions, every other version of a figure is a fact not preferred: a small set.
  const otherVersions =
    versionsOf(spec) === "preferred" && spec.filter.sourceIds === null ? sql`NOT x.preferred` : sql`TRUE`;
  const srcKeys = keyNames.length === 0 ? sql`` : sql`${sql.join(keysOf("c"))}, `;
  const notes = want.notes
    ? sql`list(DISTINCT c.note ORDER BY c.note) FILTER (WHERE c.note IS NOT NULL) AS notes`
    : sql`CAST(NULL AS VARCHAR[]) AS notes`;
  const chosenColumns = [
    ...keySelects,
    sql`f.source_id`,
    ...(want.notes ? [sql`f.note`] : []),
    ...(want.alternatives
      ? [
          sql`f.fact_id`,
          sql`CAST(${sql.ref(`f.${measure}`)} AS DOUBLE) AS measure`,
          ...identity.map((c) => sql.ref(`f.${c}`)),
        ]
      : []),
  ];
  const provenance = sql`SELECT ${srcKeys}list_sort(list(DISTINCT {'id': s.source_id, 'title': s.title, 'url': s.url})) AS sources,
      ${notes}
    FROM chosen c JOIN source s ON s.source_id = c.source_id${grouped(keysOf("c"))}`;
  if (!want.alternatives) {
    return sql<ProvenanceRow>`WITH chosen AS (SELECT ${sql.join(chosenColumns)} FROM ${from} WHERE ${where})
    SELECT p.*, CAST(NULL AS VARCHAR[]) AS alternatives FROM (${provenance}) AS p`;
  }
  return sql<ProvenanceRow>`WITH chosen AS (SELECT ${sql.join(chosenColumns)} FROM ${from} WHERE ${where}),
  provenance AS (${provenance}),
  differing AS (
    SELECT ${srcKeys}x.source_id, sum(CAST(${sql.ref(`x.${measure}`)} AS DOUBLE)) AS value, sum(c.measure) AS chosen,
      count(*) AS figures
    FROM chosen c JOIN ${sql.table(table.table)} x ON ${sameFigure} AND x.source_id <> c.source_id
    WHERE ${otherVersions} AND CAST(${sql.ref(`x.${measure}`)} AS DOUBLE) IS DISTINCT FROM c.measure
    GROUP BY ${srcKeys}x.source_id
  ),
  alternatives AS (
    SELECT ${keyNames.length === 0 ? sql`` : sql`${sql.join(keysOf("d"))}, `}list({'id': d.source_id, 'title': s.title, 'url': s.url,
      'value': d.value, 'chosen': d.chosen, 'figures': d.figures} ORDER BY d.source_id) AS alternatives
    FROM differing d JOIN source s ON s.source_id = d.source_id${grouped(keysOf("d"))}
  )
  SELECT p.*, a.alternatives FROM provenance p LEFT JOIN alternatives a ON ${sameKeys("p", "a")}`;
}
