import { allAreasQuery } from "../../analytics/catalog/index.js";
import type { Warehouse } from "../../warehouse/index.js";
import { unknownValue, type Choice } from "../errors.js";
import { toArea, type Area } from "./area.type.js";

/** Every area of one snapshot, indexed for the lookups the catalog's fields make. */
export interface AreaDirectory {
  readonly all: ReadonlyArray<Area>;
  byId(id: string): Area | undefined;
  /** The pre-2025 units that merged into `id`, by id. */
  predecessorsOf(id: string): ReadonlyArray<Area>;
  /** The area `id`, or a BAD_USER_INPUT error naming `argumentName` with the closest areas suggested. */
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
  const byId = new Map(all.map((a) => [a.id, a]));
  const predecessors = new Map<string, Area[]>();
  for (const area of all) {
    if (area.successorId === null) continue;
    const list = predecessors.get(area.successorId) ?? [];
    list.push(area);
    predecessors.set(area.successorId, list);
  }
  const choices: ReadonlyArray<Choice> = all.map((a) => ({
    value: a.id,
    label: a.name,
    matches: [a.nameAscii, a.nameEn, ...a.aliases],
  }));
  return Object.freeze({
    all,
    byId: (id: string) => byId.get(id),
    predecessorsOf: (id: string) => predecessors.get(id) ?? [],
    require(id: string, argumentName: string): Area {
      const area = byId.get(id);
      if (area === undefined) throw unknownValue("area", id, argumentName, choices);
      return area;
    },
  });
}
