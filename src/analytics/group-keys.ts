import { sql, type RawBuilder } from "kysely";
import { DIMENSION_MODEL, DIMENSION_NAMES, dimensionSpec } from "../model/index.js";
import { compareCodePoints } from "../shared/code-point-order.js";
import { decodeYearKey, yearKeyText, type DimensionDef, type DimensionName } from "./dimensions.js";
import type { AggregateKeys, AggregateRow } from "./fact-aggregate.query.js";

/** One group key of a result row: the dimension, its value as text, and a human label when there is one. */
export interface GroupKey {
  readonly dimension: DimensionName;
  readonly value: string | null;
  readonly label: string | null;
}

/** The basis dimensions of the model (level, stage, period, funding source, budget level, detail, unit). */
export type BasisDimension = {
  [D in DimensionName]: (typeof DIMENSION_MODEL)[D]["basis"] extends false ? never : D;
}[DimensionName];

const BASIS_DIMENSIONS = DIMENSION_NAMES.filter((n): n is BasisDimension => dimensionSpec(n).basis !== false);

/**
 * The published basis of a row: what its facts have in common, one entry per basis dimension of the model (null:
 * not applicable, e.g. the unit of funding, the level of detail of outputs, the budget level of unsplit figures).
 */
export type FactBasis = { readonly [D in BasisDimension]: string | null };

/**
 * Wraps an aggregate so each labelled key gets its label (`label_k_area` = area.name_vi, activity.name_vi,
 * source.title), joined on the few aggregated rows rather than on the facts.
 */
export function withLabelsSql(
  aggregate: RawBuilder<AggregateRow>,
  keys: AggregateKeys,
): RawBuilder<AggregateRow> {
  const selects: RawBuilder<unknown>[] = [sql`g.*`];
  const joins: RawBuilder<unknown>[] = [];
  for (const d of keys.dimensions) {
    if (d.label === null) continue;
    const alias = sql.id(`l_${d.column}`);
    const label = sql.id(`label_${d.column}`);
    const key = sql.ref(`g.${d.column}`);
    if (d.label === "area") {
      selects.push(sql`${alias}.name_vi AS ${label}`);
      joins.push(sql`LEFT JOIN area AS ${alias} ON ${alias}.area_id = ${key}`);
    } else if (d.label === "activity") {
      selects.push(sql`${alias}.name_vi AS ${label}`);
      joins.push(sql`LEFT JOIN activity AS ${alias} ON ${alias}.activity_code = ${key}`);
    } else {
      selects.push(sql`${alias}.title AS ${label}`);
      joins.push(sql`LEFT JOIN source AS ${alias} ON ${alias}.source_id = ${key}`);
    }
  }
  if (joins.length === 0) return aggregate;
  return sql<AggregateRow>`SELECT ${sql.join(selects)} FROM (${aggregate}) AS g ${sql.join(joins, sql` `)}`;
}

/**
 * Two rows in the order of their key columns (`dimensions`), each ascending with nulls last, as DuckDB's
 * `ORDER BY k_… ASC NULLS LAST` puts them: numbers by value, text by code point (`compareCodePoints`).
 * For the few rows of an analysis this is cheaper in JavaScript than a sort in every statement.
 */
export function compareGroupKeys(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
  dimensions: ReadonlyArray<DimensionDef>,
): number {
  for (const d of dimensions) {
    const x = a[d.column] ?? null;
    const y = b[d.column] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const order =
      typeof x === "string" && typeof y === "string"
        ? compareCodePoints(x, y)
        : (x as number | bigint) < (y as number | bigint)
          ? -1
          : (x as number | bigint) > (y as number | bigint)
            ? 1
            : 0;
    if (order !== 0) return order;
  }
  return 0;
}

/** The group keys of a row, in the aggregate's key order; `year` keys read as "2024" or "2021-2025". */
export function readGroupKeys(
  row: AggregateRow,
  dimensions: ReadonlyArray<DimensionDef>,
): ReadonlyArray<GroupKey> {
  return dimensions.map((d) => {
    const raw = row[d.column];
    if (raw === null || raw === undefined) return { dimension: d.name, value: null, label: null };
    if (d.name === "year") {
      const text = yearKeyText(Number(raw));
      return { dimension: d.name, value: text, label: text };
    }
    const label = row[`label_${d.column}`];
    return { dimension: d.name, value: String(raw), label: typeof label === "string" ? label : null };
  });
}

/** A string identifying a row's group among the rows of one query (for matching sources and series). */
export function groupIdentity(
  row: Readonly<Record<string, unknown>>,
  dimensions: ReadonlyArray<DimensionDef>,
): string {
  return JSON.stringify(dimensions.map((d) => row[d.column] ?? null));
}

/** The basis of a row: for each basis dimension, its own key when it is one, else the value the filter pins. */
export function readBasis(row: AggregateRow, keys: AggregateKeys): FactBasis {
  const read = (name: DimensionName): string | null => {
    const d = keys.dimensions.find((k) => k.name === name);
    if (d !== undefined) {
      const raw = row[d.column];
      return raw === null || raw === undefined ? null : String(raw);
    }
    return keys.pinned[name] ?? null;
  };
  return Object.fromEntries(BASIS_DIMENSIONS.map((name) => [name, read(name)])) as FactBasis;
}

/** The year span of a `year` key value. */
export const yearOfKey = decodeYearKey;
