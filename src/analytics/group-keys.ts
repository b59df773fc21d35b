import { sql, type RawBuilder } from "kysely";
import { decodeYearKey, yearKeyText, type DimensionDef, type DimensionName } from "./dimensions.js";
import type { AggregateKeys, AggregateRow } from "./fact-aggregate.query.js";

/** One group key of a result row: the dimension, its value as text, and a human label when there is one. */
export interface GroupKey {
  readonly dimension: DimensionName;
  readonly value: string | null;
  readonly label: string | null;
}

/** The published basis of a row: what its facts have in common (null: not applicable, e.g. unit of funding). */
export interface FactBasis {
  readonly level: string | null;
  readonly stage: string | null;
  readonly period: string | null;
  readonly fundingSource: string | null;
  /** Funding: the budget level of a local figure a source splits (province, district); null when not split. */
  readonly budgetLevel: string | null;
  readonly unit: string | null;
  /** Funding's level of detail: total (all activities), activity or project; null for outputs. */
  readonly detail: string | null;
}

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
  return sql<AggregateRow>`SELECT ${sql.join(selects)} FROM (${aggregate}) AS g ${sql.join(joins, sql` `)}`;
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

/** The basis of a row: its own key when the level, stage, period, funding source or unit is a key, else pinned. */
export function readBasis(row: AggregateRow, keys: AggregateKeys): FactBasis {
  const read = (name: DimensionName): string | null => {
    const d = keys.dimensions.find((k) => k.name === name);
    if (d !== undefined) {
      const raw = row[d.column];
      return raw === null || raw === undefined ? null : String(raw);
    }
    return keys.pinned[name] ?? null;
  };
  return {
    level: read("level"),
    stage: read("stage"),
    period: read("period"),
    fundingSource: read("fundingSource"),
    budgetLevel: read("budgetLevel"),
    unit: read("unit"),
    detail: read("detail"),
  };
}

/** The year span of a `year` key value. */
export const yearOfKey = decodeYearKey;
