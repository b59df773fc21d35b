import { allAreasQuery, suggestAreas, type AreaNames } from "../../analytics/catalog/index.js";
import { formatDidYouMean } from "../../shared/did-you-mean.js";
import type { Warehouse } from "../../warehouse/index.js";
import { badUserInput, quote } from "../errors.js";
import { toArea, type Area } from "./area.type.js";

/** Every area of one snapshot, indexed for the lookups the catalog's fields make. */
export interface AreaDirectory {
  readonly all: ReadonlyArray<Area>;
  /** The area with this id, in any case: "north", "North" and "NORTH" are the same. */
  byId(id: string): Area | undefined;
  /** The pre-2025 units that merged into `id`, by id. */
  predecessorsOf(id: string): ReadonlyArray<Area>;
  /**
   * The area `id` (in any case), or a BAD_USER_INPUT error naming `argumentName` with the closest areas
   * suggested (`suggestAreas`): `Unknown area "Tây Nguyên" in argument "id". Did you mean "central-highlands"
   * (Khu vực miền Trung - Tây Nguyên)?`
   */
  require(id: string, argumentName: string): Area;
}

// A snapshot never changes once opened, so its directory is built once and dropped with the warehouse.
const directories = new WeakMap<Warehouse, Promise<AreaDirectory>>();

/** The area directory of `warehouse`, read on first use (about a hundred rows). */
export function areaDirectory(warehouse: Warehouse): Promise<AreaDirectory> {
  let directory = directories.get(warehouse);
  if (directory === undefined) {
    directory = allAreasQuery(warehouse.db)
      .execute()
      .then((rows) => buildDirectory(rows.map(toArea)));
    directories.set(warehouse, directory);
    // A failed read is not cached: the next request tries again.
    directory.catch(() => directories.delete(warehouse));
  }
  return directory;
}

function buildDirectory(all: ReadonlyArray<Area>): AreaDirectory {
  const byId = new Map(all.map((a) => [a.id.toLowerCase(), a]));
  const predecessors = new Map<string, Area[]>();
  for (const area of all) {
    if (area.successorId === null) continue;
    const list = predecessors.get(area.successorId) ?? [];
    list.push(area);
    predecessors.set(area.successorId, list);
  }
  const named: ReadonlyArray<AreaNames & { readonly area: Area }> = all.map((area) => ({
    id: area.id,
    level: area.level,
    names: [area.name, area.nameAscii, area.nameEn, ...area.aliases],
    area,
  }));
  return Object.freeze({
    all,
    byId: (id: string) => byId.get(id.trim().toLowerCase()),
    predecessorsOf: (id: string) => predecessors.get(id) ?? [],
    require(id: string, argumentName: string): Area {
      const area = byId.get(id.trim().toLowerCase());
      if (area !== undefined) return area;
      const hint = formatDidYouMean(
        suggestAreas(id, named).map((s) => `${quote(s.id)} (${s.area.name})`),
        (s) => s,
      );
      throw badUserInput(
        `Unknown area ${quote(id)} in argument "${argumentName}".${hint || " List the areas with the areas query."}`,
        argumentName,
      );
    },
  });
}
