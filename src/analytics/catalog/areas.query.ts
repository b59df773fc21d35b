import { sql, type Kysely } from "kysely";
import { normalizeName } from "../../shared/vietnamese-text.js";
import type { AreaLevel, Boundary, WarehouseTables } from "../../warehouse/tables.js";
import { foldedSql } from "./fold-sql.js";

/** A strict area filter: every field is either a value to match or null for "any". */
export interface AreaFilter {
  readonly level: AreaLevel | null;
  /** A region's `area_id`: its member provinces (by `area_membership`, in `year` when given) or its own provinces. */
  readonly regionId: string | null;
  /** Units that exist in this year (`valid_from`/`valid_to`, null meaning open). */
  readonly year: number | null;
  readonly boundary: Boundary | null;
  /** Typed with or without diacritics; matched as a substring of the name, English name, aliases or code. */
  readonly search: string | null;
}

/** The area row as the catalog reads it. */
export type AreaRow = WarehouseTables["area"];

const LEVEL_ORDER = sql<number>`case level when 'nation' then 0 when 'region' then 1 else 2 end`;

/**
 * Areas matching every set field of `filter`, nation first, then regions, then provinces, each by `area_id`.
 * Search folds both sides (`normalizeName`, `foldedSql`), so "ha giang", "Hà Giang" and "HA-GIANG" all find
 * Hà Giang (`02`), and "tinh ha giang" too; an empty search after folding matches everything.
 *
 * Example: `{ level: "province", regionId: "north", year: 2024, boundary: null, search: "giang" }` →
 * rows `02` Hà Giang and `24` Bắc Giang.
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
  const search = filter.search === null ? "" : normalizeName(filter.search);
  if (search !== "") {
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`contains(${foldedSql(eb.ref("name_vi"))}, ${search})`,
        sql<boolean>`contains(${foldedSql(eb.ref("name_en"))}, ${search})`,
        sql<boolean>`contains(${foldedSql(sql<string>`array_to_string(aliases, ' | ')`)}, ${search})`,
        eb(sql<string>`lower(area_id)`, "=", search),
        eb("gso_code", "=", search),
      ]),
    );
  }
  return query.orderBy(LEVEL_ORDER).orderBy("area_id");
}

/** Every area of the snapshot, by `area_id`: the catalog's directory for lookups and suggestions. */
export function allAreasQuery(db: Kysely<WarehouseTables>) {
  return db.selectFrom("area").selectAll().orderBy("area_id");
}
