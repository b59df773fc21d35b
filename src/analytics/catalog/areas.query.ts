import { sql, type Kysely } from "kysely";
import { normalizeName } from "../../shared/vietnamese-text.js";
import type { AreaLevel, Boundary, WarehouseTables } from "../../warehouse/tables.js";
import { matchArea } from "./area-match.js";

/** A strict area filter: every field is either a value to match or null for "any". */
export interface AreaFilter {
  readonly level: AreaLevel | null;
  /** A region's `area_id`: its member provinces (by `area_membership`, in `year` when given) or its own provinces. */
  readonly regionId: string | null;
  /** Units that exist in this year (`valid_from`/`valid_to`, null meaning open). */
  readonly year: number | null;
  readonly boundary: Boundary | null;
  /**
   * Typed with or without diacritics or spaces; matched by `matchArea` (any part of a name, the initials, the id
   * in any case) or equal to the GSO code. Applied to the rows by `searchAreas`, not in SQL.
   */
  readonly search: string | null;
}

/** The area row as the catalog reads it. */
export type AreaRow = WarehouseTables["area"];

const LEVEL_ORDER = sql<number>`case level when 'nation' then 0 when 'region' then 1 else 2 end`;

/**
 * Areas matching every set field of `filter` but `search` (see `searchAreas`), nation first, then regions, then
 * provinces, each by `area_id`.
 *
 * Example: `{ level: "province", regionId: "north", year: 2024, boundary: null, search: null }` → the 28
 * northern provinces of 2024, `01` Hà Nội first.
 */
export function areasQuery(db: Kysely<WarehouseTables>, filter: AreaFilter) {
  let query = db.selectFrom("area").selectAll();
  if (filter.level !== null) query = query.where("level", "=", filter.level);
  if (filter.boundary !== null) query = query.where("boundary", "=", filter.boundary);
  const year = filter.year;
  if (year !== null) {
    query = query.where((eb) =>
      eb.and([
        eb.or([eb("valid_from", "is", null), eb("valid_from", "<=", year)]),
        eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", year)]),
      ]),
    );
  }
  const regionId = filter.regionId;
  if (regionId !== null) {
    query = query.where((eb) => {
      let members = eb
        .selectFrom("area_membership")
        .select("area_membership.area_id")
        .where("region_id", "=", regionId);
      if (year !== null) members = members.where("from_year", "<=", year).where("to_year", ">=", year);
      return eb.or([eb("area.region_id", "=", regionId), eb("area.area_id", "in", members)]);
    });
  }
  return query.orderBy(LEVEL_ORDER).orderBy("area_id");
}

/**
 * The rows of `areasQuery` that match `search` by the rule the filters use (`matchArea`, from
 * src/shared/vietnamese-text.ts's `matchName`): diacritics, case, punctuation and spaces ignored, any part of a
 * name, English name or alias, a name's initials, the id in any case, or the GSO code. A search that folds to
 * nothing keeps every row.
 * Example, on the published areas: "ha giang", "HA-GIANG" and "tỉnh hà giang" → `02`; "hanoi" → `01`, `2025-01`;
 * "tphcm", "hcm" and "TP.HCM" → `2025-79`, `79`; "daklak" and "dak lak" → `2025-66`, `66`; "NORTH" → `north`.
 */
export function searchAreas(rows: ReadonlyArray<AreaRow>, search: string | null): AreaRow[] {
  if (search === null || normalizeName(search) === "") return [...rows];
  const typed = search.trim();
  return rows.filter(
    (row) =>
      row.gso_code === typed ||
      matchArea(typed, {
        id: row.area_id,
        level: row.level,
        names: [row.name_vi, row.name_ascii, row.name_en, ...(row.aliases ?? [])],
      }) !== null,
  );
}

/** Every area of the snapshot, by `area_id`: the catalog's directory for lookups and suggestions. */
export function allAreasQuery(db: Kysely<WarehouseTables>) {
  return db.selectFrom("area").selectAll().orderBy("area_id");
}
