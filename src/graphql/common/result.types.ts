import { Field, Float, Int, ObjectType } from "type-graphql";
import { AreaLevel, BudgetLevel, Detail, FundingSource, Stage } from "../enums.js";
import { Dimension } from "./analytics-enums.js";

@ObjectType({ simpleResolvers: true, description: "One group key (khóa nhóm) of a result row." })
export class GroupKey {
  @Field(() => Dimension, { description: "dimension (chiều)" })
  dimension!: Dimension;

  @Field(() => String, {
    nullable: true,
    description: "value (giá trị): an id, a code, or a year (2024, 2021-2025)",
  })
  value!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "label (nhãn): the area's, activity's or source's name",
  })
  label!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "Published basis (cơ sở công bố) of a row: what all its facts share. Levels, stages, periods, funding sources and units are never summed across.",
})
export class FactBasis {
  // The GraphQL types are the model's enums (the warehouse's "plan" serializes as PLAN, and a value outside the
  // vocabulary is an error, never a silent string). The TypeScript types stay strings until src/analytics's
  // FactBasis (group-keys.ts) is typed with the model's unions; then these narrow to AreaLevel, Stage….
  @Field(() => AreaLevel, {
    nullable: true,
    description: "published level (cấp công bố): nation, region, province",
  })
  level!: string | null;

  @Field(() => Stage, {
    nullable: true,
    description: "stage (giai đoạn): plan, allocated, estimated, actual, target",
  })
  stage!: string | null;

  @Field(() => String, { nullable: true, description: "period (kỳ báo cáo): FY, H1, 9M, 5Y…" })
  period!: string | null;

  @Field(() => FundingSource, {
    nullable: true,
    description: "funding source (nguồn kinh phí): national, local, total",
  })
  fundingSource!: string | null;

  @Field(() => BudgetLevel, {
    nullable: true,
    description:
      "budget level (cấp ngân sách) of a local figure a source splits into province and district budgets; null for unsplit figures and outputs",
  })
  budgetLevel!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "output type (loại kết quả) of outputs: models and trainees, or two kinds of establishments, never add up; null for funding",
  })
  outputType!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "quantity unit (đơn vị tính) of outputs; null for funding",
  })
  unit!: string | null;

  @Field(() => Detail, {
    nullable: true,
    description:
      "level of detail (mức chi tiết) of funding: total (all activities), activity (một hoạt động) or project (đề án); null for outputs",
  })
  detail!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "A source (nguồn tài liệu) of the facts behind a value." })
export class SourceRef {
  @Field(() => Int, { description: "source id (mã nguồn)" })
  id!: number;

  @Field(() => String, { description: "title (tiêu đề)" })
  title!: string;

  @Field(() => String, { description: "address (địa chỉ): a web page, or a file under the data folder" })
  url!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: "A price factor (hệ số giá) applied to the amounts of one year.",
})
export class PriceFactor {
  @Field(() => Int, { description: "year of the amounts (năm)" })
  year!: number;

  @Field(() => Float, {
    description: "factor (hệ số) to base-year prices: Π (1 + CPI/100) over the years between (chuỗi CPI)",
  })
  factor!: number;
}
