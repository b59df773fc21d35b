import { Field, InputType, Int } from "type-graphql";
import { AreaLevel, FundingSource, Stage } from "../enums.js";

@InputType({ description: "An inclusive span of years (khoảng năm)." })
export class YearRangeInput {
  @Field(() => Int, {
    nullable: true,
    description: "first year (từ năm); the data's first year when omitted",
  })
  from?: number | null;

  @Field(() => Int, { nullable: true, description: "last year (đến năm); the data's last year when omitted" })
  to?: number | null;
}

@InputType({
  description:
    "Filter (bộ lọc) over facts: every field is optional; lists accept any of their values. Areas and regions are ids or names, with or without diacritics.",
})
export class FactFilterInput {
  @Field(() => [String], {
    nullable: true,
    description: "areas (địa bàn) by id (VN, north, 02, 2025-37) or name (Hà Giang, Ha Giang, TP HCM)",
  })
  areas?: string[] | null;

  @Field(() => [AreaLevel], { nullable: true, description: "published levels (cấp công bố)" })
  levels?: AreaLevel[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "regions (khu vực): the regions' own figures and their member provinces' in each year",
  })
  regions?: string[] | null;

  @Field(() => YearRangeInput, {
    nullable: true,
    description: "years (năm): facts whose whole span lies inside",
  })
  years?: YearRangeInput | null;

  @Field(() => [String], {
    nullable: true,
    description: "periods (kỳ báo cáo): FY, H1, 9M, 5Y… or 6 tháng, cả năm",
  })
  periods?: string[] | null;

  @Field(() => [FundingSource], { nullable: true, description: "funding sources (nguồn kinh phí)" })
  fundingSources?: FundingSource[] | null;

  @Field(() => [Stage], {
    nullable: true,
    description: "stages (giai đoạn): plan (kế hoạch), actual (thực hiện)…",
  })
  stages?: Stage[] | null;

  @Field(() => [String], { nullable: true, description: "activity codes (mã hoạt động khuyến công)" })
  activities?: string[] | null;

  @Field(() => [String], { nullable: true, description: "output types (loại kết quả), outputs only" })
  outputTypes?: string[] | null;

  @Field(() => [Int], { nullable: true, description: "source ids (mã nguồn tài liệu)" })
  sources?: number[] | null;
}
