import { SummedValuePerCapita } from "../common/summed-value.type.js";
import { ValueSettings } from "../common/value-settings.type.js";
import { Field, Float, Int, ObjectType } from "type-graphql";
import { FactBasis, GroupKey, SourceRef } from "../common/result.types.js";

@ObjectType({ simpleResolvers: true, description: "One year of a trend (điểm của chuỗi xu hướng)." })
export class TrendPoint extends SummedValuePerCapita {
  @Field(() => Int, { description: "year (năm)" })
  year!: number;

  @Field(() => Int, {
    nullable: true,
    description: "previous year present (năm trước có số liệu) the change compares with",
  })
  previousYear!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "absolute change (mức thay đổi) against the previous year present",
  })
  change!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "percent change (tỷ lệ thay đổi, %) against the previous year present",
  })
  changePercent!: number | null;

  @Field(() => String, { nullable: true, description: "reason (lý do) the change is null" })
  changeReason!: string | null;

  @Field(() => Float, { nullable: true, description: "index (chỉ số), base year = 100" })
  index!: number | null;

  @Field(() => String, { nullable: true, description: "reason (lý do) the index is null" })
  indexReason!: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "like for like (cùng phạm vi): whether the change compares figures of the same scope; false when one year is, say, one component of the plan and the other the whole plan (the change is then null)",
  })
  likeForLike!: boolean | null;

  @Field(() => Float, {
    nullable: true,
    description: "quantity (số lượng) of an output trend, the value it follows; null for funding",
  })
  quantity!: number | null;

  @Field(() => Float, { nullable: true, description: "price factor (hệ số giá) applied, constant prices" })
  priceFactor!: number | null;

  @Field(() => [SourceRef], { description: "sources (nguồn tài liệu) of the year's facts" })
  sources!: SourceRef[];
}

@ObjectType({ simpleResolvers: true, description: "Coverage (độ phủ) of a series over the span." })
export class TrendCoverage {
  @Field(() => Int, { description: "years in the span (số năm của khoảng)" })
  yearsInSpan!: number;

  @Field(() => Int, { description: "years with data (số năm có số liệu)" })
  yearsPresent!: number;

  @Field(() => Float, { description: "years present / years in span (tỷ lệ phủ)" })
  ratio!: number;

  @Field(() => [Int], { description: "missing years (năm thiếu số liệu)" })
  missingYears!: number[];
}

@ObjectType({ simpleResolvers: true, description: "One series (chuỗi) of a trend: a group over the years." })
export class TrendSeries {
  @Field(() => [GroupKey], { description: "group keys (khóa nhóm)" })
  keys!: GroupKey[];

  @Field(() => FactBasis, { description: "published basis (cơ sở công bố) the facts share" })
  basis!: FactBasis;

  @Field(() => [TrendPoint], { description: "one point per year of the span (các điểm)" })
  points!: TrendPoint[];

  @Field(() => Float, {
    nullable: true,
    description:
      "CAGR (tốc độ tăng trưởng bình quân năm) as a fraction: (last/first)^(1/(years between)) − 1",
  })
  cagr!: number | null;

  @Field(() => Float, { nullable: true, description: "CAGR in percent (tốc độ tăng bình quân, %)" })
  cagrPercent!: number | null;

  @Field(() => Int, { nullable: true, description: "first year with a value (năm đầu) the CAGR starts from" })
  cagrFromYear!: number | null;

  @Field(() => Int, { nullable: true, description: "last year with a value (năm cuối) the CAGR ends at" })
  cagrToYear!: number | null;

  @Field(() => String, { nullable: true, description: "reason (lý do) the CAGR is null" })
  cagrReason!: string | null;

  @Field(() => TrendCoverage, { description: "coverage (độ phủ)" })
  coverage!: TrendCoverage;

  @Field(() => Int, {
    description: "multi-year facts (số liệu nhiều năm) that matched but are not yearly points, left out",
  })
  excludedSpanFacts!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: "A trend (xu hướng): series over years, like periods with like.",
})
export class Trend extends ValueSettings {
  @Field(() => Int, { description: "first year (từ năm)" })
  from!: number;

  @Field(() => Int, { description: "last year (đến năm)" })
  to!: number;

  @Field(() => String, { description: "period compared (kỳ so sánh): FY with FY, H1 with H1" })
  period!: string;

  @Field(() => Int, { description: "index base year (năm gốc của chỉ số) = 100" })
  baseYear!: number;

  @Field(() => [TrendSeries], { description: "series (các chuỗi), one per group" })
  series!: TrendSeries[];
}
