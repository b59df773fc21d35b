import { SummedValuePerCapita } from "../common/summed-value.type.js";
import { ValueSettings } from "../common/value-settings.type.js";
import { Field, Float, Int, ObjectType } from "type-graphql";
import { FactBasis, GroupKey, PriceFactor, SourceRef } from "../common/result.types.js";

@ObjectType({ simpleResolvers: true, description: "One group of funding facts (nhóm số liệu kinh phí)." })
export class FundingSliceRow extends SummedValuePerCapita {
  @Field(() => [GroupKey], {
    description: "group keys (khóa nhóm), in groupBy order, then the implicit basis keys",
  })
  keys!: GroupKey[];

  @Field(() => FactBasis, { description: "published basis (cơ sở công bố) the facts share" })
  basis!: FactBasis;

  @Field(() => [PriceFactor], { description: "price factors (hệ số giá) applied, constant prices" })
  priceFactors!: PriceFactor[];

  @Field(() => [SourceRef], { description: "sources (nguồn tài liệu) of the facts" })
  sources!: SourceRef[];
}

@ObjectType({ simpleResolvers: true, description: "One group of output facts (nhóm số liệu kết quả)." })
export class OutputSliceRow {
  @Field(() => [GroupKey], {
    description: "group keys (khóa nhóm), in groupBy order, then the implicit basis keys",
  })
  keys!: GroupKey[];

  @Field(() => FactBasis, {
    description: "published basis (cơ sở công bố) the facts share, with the quantity unit",
  })
  basis!: FactBasis;

  @Field(() => Float, { nullable: true, description: "quantity (số lượng), summed" })
  quantity!: number | null;

  @Field(() => String, { nullable: true, description: "quantity unit (đơn vị tính)" })
  quantityUnit!: string | null;

  @Field(() => Float, { nullable: true, description: "amount (kinh phí) on the value basis, in the unit" })
  amount!: number | null;

  @Field(() => String, { nullable: true, description: "reason (lý do) the amount is null" })
  amountReason!: string | null;

  @Field(() => Int, { description: "facts summed (số bản ghi)" })
  factCount!: number;

  @Field(() => Int, { description: "facts with an amount (số bản ghi có kinh phí)" })
  amountFactCount!: number;

  @Field(() => [PriceFactor], { description: "price factors (hệ số giá) applied, constant prices" })
  priceFactors!: PriceFactor[];

  @Field(() => [SourceRef], { description: "sources (nguồn tài liệu) of the facts" })
  sources!: SourceRef[];
}

@ObjectType({
  simpleResolvers: true,
  description: "A page of a slice (lát cắt) and how its values are expressed.",
})
export class SliceMeta extends ValueSettings {
  @Field(() => Int, { description: "rows before paging (tổng số dòng)" })
  totalCount!: number;

  @Field(() => Int, { description: "page size (số dòng mỗi trang)" })
  limit!: number;

  @Field(() => Int, { description: "rows skipped (bỏ qua)" })
  offset!: number;
}

@ObjectType({ simpleResolvers: true, description: "Funding slice and dice (lát cắt kinh phí)." })
export class FundingSlice extends SliceMeta {
  @Field(() => [FundingSliceRow], { description: "rows (các dòng)" })
  rows!: FundingSliceRow[];
}

@ObjectType({ simpleResolvers: true, description: "Output slice and dice (lát cắt kết quả)." })
export class OutputSlice extends SliceMeta {
  @Field(() => [OutputSliceRow], { description: "rows (các dòng)" })
  rows!: OutputSliceRow[];
}
