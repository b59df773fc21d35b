import type { DimensionDef } from "./dimensions.js";
import type { AggregateRow } from "./fact-aggregate.query.js";
import { groupIdentity } from "./group-keys.js";

/** A source of facts: id, title and address (a web page or a file under the data folder). */
export interface SourceRef {
  readonly id: number;
  readonly title: string;
  readonly url: string;
}

/**
 * Indexes the rows of `factSourcesSql` by group (and year when `yearly`), sources ordered by id:
 * `sourcesByGroup(rows, dims, false).get(groupIdentity(row, dims))` → the sources of one aggregate row.
 */
export function sourcesByGroup(
  rows: ReadonlyArray<AggregateRow>,
  dimensions: ReadonlyArray<DimensionDef>,
  yearly: boolean,
): ReadonlyMap<string, ReadonlyArray<SourceRef>> {
  const byGroup = new Map<string, SourceRef[]>();
  for (const row of rows) {
    const key = yearly
      ? `${groupIdentity(row, dimensions)}#${String(row["year"])}`
      : groupIdentity(row, dimensions);
    const list = byGroup.get(key) ?? [];
    list.push({
      id: Number(row["source_id"]),
      title: String(row["source_title"]),
      url: String(row["source_url"]),
    });
    byGroup.set(key, list);
  }
  return byGroup;
}
