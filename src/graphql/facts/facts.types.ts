import { Field, Float, Int, ObjectType } from "type-graphql";
import { SourceRef } from "../common/result.types.js";
import { AreaLevel, Bound, BudgetLevel, Certainty, FundingSource, Scope, Stage } from "../enums.js";

/**
 * The fields every fact has, funding or output: where, when, what, from which source, which version, and how far
 * it can be taken at face value.
 */
// Decorated so that subclasses inherit its fields; as no field returns it, it never appears in the schema itself.
@ObjectType({ simpleResolvers: true, description: "One published figure (một số liệu công bố)." })
export abstract class FactFields {
  @Field(() => Int, { description: "fact id (mã số liệu)" })
  id!: number;

  @Field(() => String, { description: "area id (mã địa bàn) the figure was published for" })
  area!: string;

  @Field(() => String, { description: "area name (tên địa bàn)" })
  areaName!: string;

  @Field(() => AreaLevel, { description: "published level (cấp công bố)" })
  level!: AreaLevel;

  @Field(() => String, { description: "year (năm): 2024, or 2021-2025 for a span" })
  year!: string;

  @Field(() => Int, { description: "first year (từ năm)" })
  yearFrom!: number;

  @Field(() => Int, { description: "last year (đến năm)" })
  yearTo!: number;

  @Field(() => String, { description: "period (kỳ báo cáo): FY, H1, 9M, 5Y…" })
  period!: string;

  @Field(() => FundingSource, { description: "funding source (nguồn kinh phí)" })
  fundingSource!: FundingSource;

  @Field(() => Stage, { description: "stage (giai đoạn)" })
  stage!: Stage;

  @Field(() => Float, {
    nullable: true,
    description: "amount (kinh phí) in the unit, unrounded; null for outputs published without one",
  })
  amount!: number | null;

  @Field(() => SourceRef, { description: "source (nguồn tài liệu)" })
  source!: SourceRef;

  @Field(() => Boolean, {
    description: "preferred (ưu tiên): the version of the figure that sums use",
  })
  preferred!: boolean;

  @Field(() => Int, {
    description:
      "rank (thứ hạng) among the versions of the same figure from different sources; 1 = preferred",
  })
  preference!: number;

  @Field(() => String, { nullable: true, description: "note (ghi chú), as the input gives it" })
  note!: string | null;

  @Field(() => Scope, { description: "scope (phạm vi): what part of the figure it covers" })
  scope!: Scope;

  @Field(() => Bound, { description: "bound (độ chính xác): exact, at least or about" })
  bound!: Bound;

  @Field(() => Certainty, { description: "certainty (mức chắc chắn): stated or inferred" })
  certainty!: Certainty;

  @Field(() => String, {
    nullable: true,
    description: "caveat (lưu ý) in a sentence; null for whole, exact, stated figures",
  })
  caveat!: string | null;

  @Field(() => String, {
    description: "origin (vị trí trong tệp đầu vào): input file and line, published/funding.csv:22",
  })
  origin!: string;
}

@ObjectType({ simpleResolvers: true, description: "One funding figure (một số liệu kinh phí) as published." })
export class FundingFact extends FactFields {
  @Field(() => BudgetLevel, {
    nullable: true,
    description: "budget level (cấp ngân sách) where the source splits a local figure; null otherwise",
  })
  budgetLevel!: BudgetLevel | null;

  @Field(() => String, {
    nullable: true,
    description: "activity code (mã hoạt động); null for figures of all activities",
  })
  activity!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "project (đề án) as published; null for figures not about one project",
  })
  project!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "One output figure (một số liệu kết quả) as published." })
export class OutputFact extends FactFields {
  @Field(() => String, { description: "output type (loại kết quả)" })
  outputType!: string;

  @Field(() => Float, { description: "quantity (số lượng)" })
  quantity!: number;

  @Field(() => String, { description: "quantity unit (đơn vị tính)" })
  quantityUnit!: string;
}

/** A page of facts: how many pass the filters, and which page this is. */
@ObjectType({ simpleResolvers: true, description: "A page of facts (trang số liệu)." })
export abstract class FactPage {
  @Field(() => Int, { description: "facts before paging (tổng số số liệu)" })
  totalCount!: number;

  @Field(() => Int, { description: "page size (số dòng mỗi trang)" })
  limit!: number;

  @Field(() => Int, { description: "facts skipped (bỏ qua)" })
  offset!: number;
}

@ObjectType({
  simpleResolvers: true,
  description: "A page of funding figures (trang số liệu kinh phí), every version by default.",
})
export class FundingFactPage extends FactPage {
  @Field(() => [FundingFact], { description: "facts (các số liệu)" })
  facts!: FundingFact[];
}

@ObjectType({
  simpleResolvers: true,
  description: "A page of output figures (trang số liệu kết quả), every version by default.",
})
export class OutputFactPage extends FactPage {
  @Field(() => [OutputFact], { description: "facts (các số liệu)" })
  facts!: OutputFact[];
}
