import { sql, type RawBuilder } from "kysely";

/** Which boundaries areas are reported in: as published, or re-aggregated onto the 34 provinces of 2025. */
export type BoundaryName = "HISTORICAL" | "MERGED_2025";

/**
 * The area a fact counts under. HISTORICAL: the area it was published for (`f.area_id`). MERGED_2025: a
 * pre-2025 province counts under the province it merged into on 1 July 2025 (`a.successor_id`, e.g. 35 Hà Nam,
 * 36 Nam Định and 37 Ninh Bình all under 2025-37 Ninh Bình); facts already on 2025 provinces, regions and the
 * nation stay where they are. Needs the fact's area joined as `a`.
 */
export function areaKeySql(boundary: BoundaryName): RawBuilder<string> {
  return boundary === "HISTORICAL"
    ? sql<string>`f.area_id`
    : sql<string>`(CASE WHEN a.level = 'province' AND a.successor_id IS NOT NULL THEN a.successor_id ELSE f.area_id END)`;
}
