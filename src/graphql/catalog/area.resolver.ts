import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { areasQuery, searchAreas, type AreaFilter } from "../../analytics/catalog/index.js";
import type { GraphQLContext } from "../context.js";
import { AreaLevel, Boundary } from "../enums.js";
import { badUserInput, unknownValue } from "../errors.js";
import { areaDirectory } from "./area-directory.js";
import { Area, toArea } from "./area.type.js";

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

@Resolver(() => Area)
export class AreaResolver {
  @Query(() => [Area], {
    description:
      "Areas (địa bàn) matching every filter given: nation first, then regions, then provinces. Search ignores diacritics, case and spaces, and knows initials: 'hanoi' finds Hà Nội, 'tphcm' Hồ Chí Minh.",
  })
  async areas(
    @Ctx() ctx: GraphQLContext,
    @Arg("level", () => AreaLevel, { nullable: true, description: "level (cấp): only areas of this level" })
    level: AreaLevel | null | undefined,
    @Arg("regionId", () => ID, {
      nullable: true,
      description:
        "khuyến công region (khu vực khuyến công), by id in any case: only the provinces it holds (in `year` when given)",
    })
    regionId: string | null | undefined,
    @Arg("year", () => Int, { nullable: true, description: "year (năm): only units that exist in this year" })
    year: number | null | undefined,
    @Arg("boundary", () => Boundary, {
      nullable: true,
      description: "boundary set (địa giới): historical or 2025",
    })
    boundary: Boundary | null | undefined,
    @Arg("search", () => String, {
      nullable: true,
      description:
        "search (tìm kiếm) in names, ids and initials, with or without diacritics or spaces: 'ha giang' finds Hà Giang, 'daklak' Đắk Lắk, 'hcm' Hồ Chí Minh",
    })
    search: string | null | undefined,
  ): Promise<Area[]> {
    const filter: AreaFilter = {
      level: level ?? null,
      regionId: regionId == null ? null : await requireRegion(ctx, regionId),
      year: year == null ? null : checkYear(year, "year"),
      boundary: boundary ?? null,
      search: search ?? null,
    };
    const rows = await areasQuery(ctx.warehouse.db, filter).execute();
    return searchAreas(rows, filter.search).map(toArea);
  }

  @Query(() => Area, {
    description: "One area (địa bàn) by id; an unknown id is an error that suggests the closest.",
  })
  async area(
    @Ctx() ctx: GraphQLContext,
    @Arg("id", () => ID, { description: "area id (mã địa bàn) in any case: VN, north, 02, 2025-08…" })
    id: string,
  ): Promise<Area> {
    return (await areaDirectory(ctx.warehouse)).require(id, "id");
  }

  @FieldResolver(() => Area, {
    nullable: true,
    description: "parent khuyến công region (khu vực khuyến công) of a pre-2025 province",
  })
  async region(@Root() area: Area, @Ctx() ctx: GraphQLContext): Promise<Area | null> {
    if (area.regionId === null) return null;
    return (await areaDirectory(ctx.warehouse)).byId(area.regionId) ?? null;
  }

  @FieldResolver(() => Area, {
    nullable: true,
    description: "successor (tỉnh kế thừa): the province this one merged into on 1 July 2025",
  })
  async successor(@Root() area: Area, @Ctx() ctx: GraphQLContext): Promise<Area | null> {
    if (area.successorId === null) return null;
    return (await areaDirectory(ctx.warehouse)).byId(area.successorId) ?? null;
  }

  @FieldResolver(() => [Area], {
    description: "predecessors (tỉnh trước sáp nhập): the pre-2025 provinces that merged into this one",
  })
  async predecessors(@Root() area: Area, @Ctx() ctx: GraphQLContext): Promise<ReadonlyArray<Area>> {
    return (await areaDirectory(ctx.warehouse)).predecessorsOf(area.id);
  }
}

async function requireRegion(ctx: GraphQLContext, regionId: string): Promise<string> {
  const directory = await areaDirectory(ctx.warehouse);
  const area = directory.byId(regionId);
  if (area?.level === "region") return area.id;
  const regions = directory.all
    .filter((a) => a.level === "region")
    .map((a) => ({ value: a.id, label: a.name, matches: [a.nameAscii, a.nameEn, ...a.aliases] }));
  throw unknownValue("region", regionId, "regionId", regions);
}

function checkYear(year: number, argumentName: string): number {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw badUserInput(
      `Year ${year} in argument "${argumentName}" is out of range. Give a year from ${MIN_YEAR} to ${MAX_YEAR}.`,
      argumentName,
    );
  }
  return year;
}
