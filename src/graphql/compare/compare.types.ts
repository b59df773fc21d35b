import { SummedValue } from "../common/summed-value.type.js";
import { ValueSettings } from "../common/value-settings.type.js";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { SourceRef } from "../common/result.types.js";
import { AlternativeFigure } from "../common/alternative-figure.type.js";
import { FigureQuality } from "../common/figure-quality.type.js";
import { AreaLevel, Detail, FundingSource, Stage } from "../enums.js";

@ObjectType({ simpleResolvers: true, description: "The total (tổng) of one selection." })
export class ComparedTotal extends SummedValue {
  @Field(() => Int, {
    description:
      "other sources (số nguồn khác) that give some of the figures differently; their versions are in alternatives",
  })
  alternativeSources!: number;

  @Field(() => Int, { nullable: true, description: "first year (năm đầu) of the facts" })
  yearFrom!: number | null;

  @Field(() => Int, { nullable: true, description: "last year (năm cuối) of the facts" })
  yearTo!: number | null;

  @Field(() => [ID], { description: "areas (địa bàn) of the facts, under the boundary" })
  areas!: string[];

  @Field(() => [AreaLevel], { description: "published levels (cấp công bố) of the facts" })
  levels!: string[];

  @Field(() => [Stage], { description: "stages (giai đoạn) of the facts" })
  stages!: string[];

  @Field(() => [String], { description: "periods (kỳ báo cáo) of the facts" })
  periods!: string[];

  @Field(() => [FundingSource], { description: "funding sources (nguồn kinh phí) of the facts" })
  fundingSources!: string[];

  @Field(() => [Detail], {
    description:
      "levels of detail (mức chi tiết) of the facts: the one the filter names in details, else TOTAL, or ACTIVITY when the filter names activities",
  })
  details!: Detail[];

  @Field(() => [String], { description: "quantity units (đơn vị tính) of output facts; empty for funding" })
  units!: string[];

  @Field(() => [SourceRef], { description: "sources (nguồn tài liệu) of the facts" })
  sources!: SourceRef[];
}

@ObjectType({ simpleResolvers: true, description: "A value set against another (so sánh)." })
export class Comparison {
  @Field(() => Float, {
    nullable: true,
    description: "difference (chênh lệch) = value − reference, in the unit",
  })
  difference!: number | null;

  @Field(() => Float, { nullable: true, description: "ratio (tỷ số) = value ÷ reference" })
  ratio!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "percent of the reference (tỷ lệ so với mốc, %) = value ÷ reference × 100",
  })
  percentOfReference!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "percent difference (tăng/giảm, %) = (value ÷ reference − 1) × 100",
  })
  percentDifference!: number | null;

  @Field(() => String, { nullable: true, description: "reason (lý do) a comparison is null" })
  reason!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "One selection (lựa chọn) of a comparison." })
export class ComparedSelection {
  @Field(() => Int, { description: "index (thứ tự) of the selection, from 0" })
  index!: number;

  @Field(() => String, { nullable: true, description: "label (nhãn) given in the selection" })
  label!: string | null;

  @Field(() => ComparedTotal, { description: "total (tổng) of the selection" })
  total!: ComparedTotal;

  @Field(() => Comparison, { description: "against the reference selection (so với mốc)" })
  vsReference!: Comparison;

  @Field(() => ComparedTotal, {
    nullable: true,
    description: "the same selection one year earlier (cùng kỳ năm trước), when asked",
  })
  lastYear!: ComparedTotal | null;

  @Field(() => Comparison, {
    nullable: true,
    description: "against the same period last year (so với cùng kỳ), when asked",
  })
  vsLastYear!: Comparison | null;
}

@ObjectType({ simpleResolvers: true, description: "A comparison (so sánh) of selections side by side." })
export class CompareResult extends ValueSettings {
  @Field(() => Int, { description: "reference (mốc so sánh): the index of the reference selection" })
  reference!: number;

  @Field(() => [ComparedSelection], { description: "the selections (các lựa chọn), in the order given" })
  selections!: ComparedSelection[];
}

@ObjectType({
  simpleResolvers: true,
  description:
    "An execution rate (tỷ lệ thực hiện): an executed figure over the year's plan of the same source.",
})
export class ExecutionRate {
  @Field(() => ID, { description: "area (địa bàn), under the boundary" })
  area!: string;

  @Field(() => String, { nullable: true, description: "area name (tên địa bàn)" })
  areaName!: string | null;

  @Field(() => Int, { description: "year (năm)" })
  year!: number;

  @Field(() => String, { description: "period (kỳ báo cáo) of the executed figure: H1, 9M, FY…" })
  period!: string;

  @Field(() => Stage, {
    description: "stage (giai đoạn): allocated (phân bổ), estimated (ước thực hiện) or actual (thực hiện)",
  })
  stage!: string;

  @Field(() => FundingSource, { description: "funding source (nguồn kinh phí): national, local, total" })
  fundingSource!: string;

  @Field(() => Float, { nullable: true, description: "executed (thực hiện) in the unit and value basis" })
  executed!: number | null;

  @Field(() => Float, { description: "executed at current prices (giá hiện hành), in the unit" })
  executedAmount!: number;

  @Field(() => String, {
    nullable: true,
    description: "reason (lý do) the executed value is null on the value basis (no population, no CPI)",
  })
  executedReason!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: "full-year plan (kế hoạch năm) of the same area, source and year",
  })
  plan!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "execution rate (tỷ lệ thực hiện, %) = executed ÷ plan × 100; null with a reason",
  })
  ratePercent!: number | null;

  @Field(() => String, { nullable: true, description: "reason (lý do) the rate is null" })
  reason!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: "same period last year (cùng kỳ năm trước): the same period and stage a year earlier",
  })
  lastYear!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "change against the same period last year (so với cùng kỳ, %) = (executed ÷ last year − 1) × 100",
  })
  changeVsLastYearPercent!: number | null;

  @Field(() => String, { nullable: true, description: "reason (lý do) the change is null" })
  lastYearReason!: string | null;

  @Field(() => [Int], { description: "source ids (mã nguồn) of the executed figure" })
  sourceIds!: number[];

  @Field(() => [Int], { description: "source ids (mã nguồn) of the plan" })
  planSourceIds!: number[];

  @Field(() => Float, {
    nullable: true,
    description: "population (dân số, nghìn người) the executed figure is divided by, per capita",
  })
  populationThousands!: number | null;

  @Field(() => FigureQuality, {
    description: "quality (chất lượng) of the rate: the executed figure's and the plan's combined",
  })
  quality!: FigureQuality;

  @Field(() => [AlternativeFigure], {
    description: "other sources' versions (số liệu nguồn khác) of the executed figure, where they differ",
  })
  alternatives!: AlternativeFigure[];

  @Field(() => [AlternativeFigure], {
    description: "other sources' versions (số liệu nguồn khác) of the plan, where they differ",
  })
  planAlternatives!: AlternativeFigure[];
}

@ObjectType({ simpleResolvers: true, description: "Execution rates (tỷ lệ thực hiện kế hoạch)." })
export class ExecutionRateResult extends ValueSettings {
  @Field(() => [ExecutionRate], {
    description: "rates (các tỷ lệ): one per executed figure (area, year, period, stage, source)",
  })
  rates!: ExecutionRate[];
}
