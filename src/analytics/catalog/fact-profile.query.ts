import { sql, type RawBuilder } from "kysely";
import {
  DIMENSION_NAMES,
  GROUP_DIMENSIONS,
  basisDimensionNames,
  type DimensionName,
} from "../../model/index.js";
import { DIMENSIONS } from "../dimensions.js";
import type { FactTableDef } from "../fact-table.js";

/**
 * How large a fact table is along each of its dimensions: its facts, and per dimension the distinct keys (a
 * missing value counted as one more key, as a GROUP BY counts it). What the cost estimate of an analysis
 * multiplies (src/graphql/analysis-cost.ts); read once per snapshot.
 */
export interface FactProfile {
  readonly facts: number;
  readonly distinct: Readonly<Partial<Record<DimensionName, number>>>;
  /**
   * Distinct combinations of the basis dimensions (src/model: `basis`) present in the facts: far fewer than the
   * product of their counts, as a budget level goes only with local funding, a level of detail with funding.
   */
  readonly basisCombinations: number;
}

/**
 * One row: `facts`, then `d_<dimension>` for every dimension of the table a query may group by, counted on the dimension's own key
 * (`DIMENSIONS[name].key`, under the historical boundary, which has the most areas). One scan of the table.
 * Then `basis_combinations`, the distinct combinations of the basis dimensions' keys.
 * Example (the published funding facts): `{ facts: 168, d_area: 42, d_stage: 4, d_fundingSource: 3, … }`.
 */
export function factProfileSql(table: FactTableDef): RawBuilder<Record<string, unknown>> {
  // Only what a query can group by: counting a million distinct projects would cost most of the scan.
  const counts = GROUP_DIMENSIONS.filter((name) => DIMENSIONS[name].appliesTo(table)).map((name) => {
    const key = DIMENSIONS[name].key("HISTORICAL");
    return sql`count(DISTINCT ${key}) + max(CASE WHEN ${key} IS NULL THEN 1 ELSE 0 END) AS ${sql.id(`d_${name}`)}`;
  });
  const basis = basisDimensionNames(table.kind).map((name) => DIMENSIONS[name].key("HISTORICAL"));
  return sql<Record<string, unknown>>`SELECT count(*) AS facts, ${sql.join(counts)},
    count(DISTINCT (${sql.join(basis)})) AS basis_combinations
    FROM ${sql.table(table.table)} AS f LEFT JOIN area a ON a.area_id = f.area_id`;
}

/** The profile from the row of `factProfileSql` (BIGINT counts arrive as numbers or bigints). */
export function toFactProfile(row: Readonly<Record<string, unknown>> | undefined): FactProfile {
  const distinct: Partial<Record<DimensionName, number>> = {};
  for (const name of DIMENSION_NAMES) {
    const value = row?.[`d_${name}`];
    if (value !== undefined && value !== null) distinct[name] = Number(value);
  }
  return Object.freeze({
    facts: Number(row?.facts ?? 0),
    distinct: Object.freeze(distinct),
    basisCombinations: Number(row?.basis_combinations ?? 0),
  });
}
