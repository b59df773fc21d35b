import { sql, type RawBuilder } from "kysely";
import type { DimensionName } from "./dimensions.js";
import {
  aggregateKeys,
  factAggregateSql,
  type AggregateRow,
  type FactAggregateSpec,
} from "./fact-aggregate.query.js";
import { withLabelsSql } from "./group-keys.js";
import { AnalyticsInputError } from "./input-error.js";

export type SortDirection = "ASC" | "DESC";
export type SliceOrderField = "value" | "amount" | "quantity" | "factCount" | DimensionName;

export interface SliceOrder {
  readonly by: SliceOrderField;
  readonly direction: SortDirection;
}

/** A slice: an aggregate (not yearly) with its order and page. */
export interface SliceSpec extends FactAggregateSpec {
  readonly yearly: null;
  readonly order: ReadonlyArray<SliceOrder>;
  readonly limit: number;
  readonly offset: number;
}

export const DEFAULT_SLICE_LIMIT = 100;
export const MAX_SLICE_LIMIT = 1000;

/** Refuses a page size outside 1–MAX_SLICE_LIMIT or a negative offset (AnalyticsInputError naming the argument). */
export function checkPage(limit: number, offset: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SLICE_LIMIT) {
    throw new AnalyticsInputError(
      `The limit ${limit} is outside 1–${MAX_SLICE_LIMIT}. Ask for at most ${MAX_SLICE_LIMIT} rows and page with "offset".`,
      "limit",
    );
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new AnalyticsInputError(`The offset ${offset} is negative. Start at 0.`, "offset");
  }
}

const MEASURE_COLUMNS: Readonly<Record<string, string>> = Object.freeze({
  value: "value_vnd",
  amount: "amount_vnd",
  quantity: "quantity",
  factCount: "fact_count",
});
const DIRECTIONS = Object.freeze({ ASC: sql`ASC NULLS LAST`, DESC: sql`DESC NULLS LAST` });

/**
 * Slice and dice: the aggregate of `spec` with labels, `total_count` (rows before paging), ordered by
 * `spec.order` then by every key ascending (so pages are stable), and paged by `limit`/`offset` (bound).
 * Values are as in `factAggregateSql` (VND; the shaper applies the unit). Ordering by a dimension that is not
 * a key of the rows is refused (AnalyticsInputError on `orderBy`).
 * Example: funding, groupBy [year], filter areas [north] stages [plan] fundingSources [total] periods [FY],
 * order value DESC, limit 2 → rows 2023 (186.5 bn, total_count 6), 2022 (174.3 bn).
 */
export function sliceSql(spec: SliceSpec): RawBuilder<AggregateRow> {
  const keys = aggregateKeys(spec);
  const orderBy: RawBuilder<unknown>[] = spec.order.map((o) => {
    const measure = MEASURE_COLUMNS[o.by];
    if (measure !== undefined) return sql`${sql.id(measure)} ${DIRECTIONS[o.direction]}`;
    const d = keys.dimensions.find((k) => k.name === o.by);
    if (d === undefined) {
      throw new AnalyticsInputError(
        `Cannot order by "${o.by}": it is not a key of the rows. Add it to groupBy, or order by value.`,
        "orderBy",
      );
    }
    return sql`${sql.id(d.column)} ${DIRECTIONS[o.direction]}`;
  });
  for (const d of keys.dimensions) orderBy.push(sql`${sql.id(d.column)} ASC NULLS LAST`);
  const labelled = withLabelsSql(factAggregateSql(spec), keys);
  const order = orderBy.length === 0 ? sql`` : sql` ORDER BY ${sql.join(orderBy)}`;
  return sql<AggregateRow>`SELECT l.*, count(*) OVER () AS total_count FROM (${labelled}) AS l${order}
    LIMIT ${spec.limit} OFFSET ${spec.offset}`;
}

/**
 * The number of rows of the slice before paging: `sliceSql` reads it from its first row, so a page past the end
 * (no rows) needs this query to still say how many rows there are.
 */
export function sliceCountSql(spec: SliceSpec): RawBuilder<{ readonly total_count: number | bigint }> {
  return sql<{
    readonly total_count: number | bigint;
  }>`SELECT count(*) AS total_count FROM (${factAggregateSql({ ...spec, provenance: null })}) AS g`;
}
