import { ValueSettings } from "../common/value-settings.type.js";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { SourceRef } from "../common/result.types.js";
import { AlternativeFigure } from "../common/alternative-figure.type.js";
import { FigureQuality } from "../common/figure-quality.type.js";
import { AreaLevel, FundingSource, Stage } from "../enums.js";
import { ShareBasis, SharePartsBy } from "./share.args.js";

@ObjectType({
  simpleResolvers: true,
  description: "One part (thành phần) of a whole, with its share (tỷ trọng).",
})
export class SharePart {
  @Field(() => String, {
    description: "part key (khóa): an area id, or national / local, or province / district",
  })
  key!: string;

  @Field(() => String, { nullable: true, description: "label (nhãn): the area's or funding source's name" })
  label!: string | null;

  @Field(() => AreaLevel, {
    nullable: true,
    description: "published level (cấp công bố) of the part's figures",
  })
  level!: string | null;

  @Field(() => Float, { nullable: true, description: "value (giá trị) in the unit and value basis" })
  value!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "amount at current prices (số tiền, giá hiện hành), in the unit",
  })
  amount!: number | null;

  @Field(() => String, { nullable: true, description: "reason (lý do) the value is null" })
  valueReason!: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "price factor (hệ số giá) or population in thousands (dân số, nghìn người) applied to the value",
  })
  factor!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "share (tỷ trọng, %) = part ÷ whole × 100, on current amounts; null with a reason",
  })
  sharePercent!: number | null;

  @Field(() => String, { nullable: true, description: "reason (lý do) the share is null" })
  reason!: string | null;

  @Field(() => Int, { description: "rank (thứ hạng): 1 for the largest part; ties share a rank" })
  rank!: number;

  @Field(() => [SourceRef], { description: "sources (nguồn tài liệu) of the part's figures" })
  sources!: SourceRef[];

  @Field(() => Int, {
    description: "other sources (số nguồn khác) that give some of the part's figures differently",
  })
  alternativeSources!: number;

  @Field(() => FigureQuality, {
    description: "quality (chất lượng) of the figures: scope, bound, certainty, caveat and notes",
  })
  quality!: FigureQuality;

  @Field(() => [AlternativeFigure], {
    description: "other sources' versions (số liệu nguồn khác) of the figures, where they differ",
  })
  alternatives!: AlternativeFigure[];
}

@ObjectType({ simpleResolvers: true, description: "The whole (tổng) the parts are shares of." })
export class ShareWhole {
  @Field(() => ID, { nullable: true, description: "area (địa bàn) of the whole" })
  area!: string | null;

  @Field(() => String, { nullable: true, description: "area name (tên địa bàn)" })
  areaName!: string | null;

  @Field(() => ShareBasis, {
    nullable: true,
    description: "basis used (cơ sở đã dùng); null when neither basis gives a usable whole",
  })
  basis!: ShareBasis | null;

  @Field(() => Float, {
    nullable: true,
    description: "the whole used (tổng dùng để chia), in the unit and value basis",
  })
  value!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "the whole used at current prices (giá hiện hành), in the unit",
  })
  amount!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "reason (lý do) the whole, and so every share, is null",
  })
  reason!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: "published total (tổng công bố), in the unit and value basis",
  })
  publishedTotal!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "sum of the parts present (tổng các phần hiện có), in the unit and value basis",
  })
  sumOfParts!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "gap (chênh lệch) = sum of parts − published total, current prices, in the unit; null unless both exist",
  })
  gap!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "gap as a percent of the published total (chênh lệch, %)",
  })
  gapPercent!: number | null;

  @Field(() => Int, { description: "parts present (số phần hiện có)" })
  partCount!: number;

  @Field(() => Boolean, {
    description: "mixed levels (lẫn cấp): the parts are published at different levels, so their sum overlaps",
  })
  mixedLevels!: boolean;

  @Field(() => [SourceRef], { description: "sources (nguồn tài liệu) of the published total" })
  sources!: SourceRef[];

  @Field(() => Int, {
    description: "alternative figures (số liệu thay thế) for the total from other sources, set aside",
  })
  alternativeSources!: number;

  @Field(() => FigureQuality, {
    description: "quality (chất lượng) of the whole's figures: scope, bound, certainty, caveat and notes",
  })
  quality!: FigureQuality;

  @Field(() => [AlternativeFigure], {
    description: "other sources' versions (số liệu nguồn khác) of the whole's figures, where they differ",
  })
  alternatives!: AlternativeFigure[];
}

@ObjectType({
  simpleResolvers: true,
  description: "One period (kỳ) of a share: a year span, period and stage, with its whole and parts.",
})
export class ShareSlice {
  @Field(() => String, { description: "year (năm): 2024, or a span such as 2021-2025" })
  year!: string;

  @Field(() => Int, { description: "first year (năm đầu)" })
  yearFrom!: number;

  @Field(() => Int, { description: "last year (năm cuối)" })
  yearTo!: number;

  @Field(() => String, { description: "period (kỳ báo cáo): FY, H1, 9M…" })
  period!: string;

  @Field(() => Stage, { description: "stage (giai đoạn): plan, allocated, estimated, actual" })
  stage!: string;

  @Field(() => ID, { nullable: true, description: "area (địa bàn) when parts are not areas" })
  area!: string | null;

  @Field(() => FundingSource, {
    nullable: true,
    description: "funding source (nguồn kinh phí) when parts are not funding sources",
  })
  fundingSource!: string | null;

  @Field(() => ShareWhole, { description: "the whole (tổng)" })
  whole!: ShareWhole;

  @Field(() => [SharePart], { description: "the parts present (các phần), largest first" })
  parts!: SharePart[];
}

@ObjectType({ simpleResolvers: true, description: "Shares (tỷ trọng) of parts within a whole, per period." })
export class ShareResult extends ValueSettings {
  @Field(() => SharePartsBy, { description: "parts by (chia phần theo)" })
  partsBy!: SharePartsBy;

  @Field(() => ShareBasis, {
    nullable: true,
    description: "basis asked for (cơ sở yêu cầu); null: automatic",
  })
  basis!: ShareBasis | null;

  @Field(() => [ShareSlice], { description: "one entry per period (kỳ); a period without data is absent" })
  slices!: ShareSlice[];
}
