import { Field, ID, Int, ObjectType } from "type-graphql";
import type { AreaRow } from "../../analytics/catalog/index.js";
import { AreaLevel, Boundary } from "../enums.js";

@ObjectType({
  description:
    "An area (địa bàn): the nation (cả nước), a khuyến công region (khu vực) or a province (tỉnh), under one set of boundaries.",
})
export class Area {
  @Field(() => ID, {
    description:
      "Area id (mã địa bàn): VN, a region code (north), a pre-2025 province's GSO code (02), or 2025- and the code of a post-merger province (2025-08).",
  })
  id!: string;

  @Field(() => AreaLevel, { description: "level (cấp): nation, region or province" })
  level!: AreaLevel;

  @Field(() => Boundary, {
    description: "boundary set (địa giới): historical units or the 34 provinces of 2025",
  })
  boundary!: Boundary;

  @Field(() => String, {
    nullable: true,
    description: "GSO code (mã tỉnh của Tổng cục Thống kê); VN for the nation",
  })
  gsoCode!: string | null;

  @Field(() => String, { description: "Vietnamese name (tên tiếng Việt), with diacritics: Hà Giang" })
  name!: string;

  @Field(() => String, { description: "name without diacritics (tên không dấu): Ha Giang" })
  nameAscii!: string;

  @Field(() => String, { description: "English name (tên tiếng Anh)" })
  nameEn!: string;

  @Field(() => [String], { description: "other spellings (tên gọi khác) seen in sources: BR-VT, TP HCM" })
  aliases!: ReadonlyArray<string>;

  @Field(() => String, {
    nullable: true,
    description: "khuyến công region id (mã khu vực khuyến công) of a pre-2025 province",
  })
  regionId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "socio-economic sub-region (vùng kinh tế - xã hội) of the statistics office: Red River Delta…",
  })
  subregion!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "id of the successor (tỉnh sau sáp nhập) after 1 July 2025",
  })
  successorId!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "first year the unit exists (năm bắt đầu); null: before our data",
  })
  validFrom!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "last year the unit exists (năm kết thúc); null: still exists",
  })
  validTo!: number | null;
}

/** The GraphQL view of an area row. */
export function toArea(row: AreaRow): Area {
  return {
    id: row.area_id,
    level: row.level,
    boundary: row.boundary,
    gsoCode: row.gso_code,
    name: row.name_vi,
    nameAscii: row.name_ascii,
    nameEn: row.name_en,
    aliases: row.aliases,
    regionId: row.region_id,
    subregion: row.subregion,
    successorId: row.successor_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}
