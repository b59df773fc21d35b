import { Field, ID, Int, ObjectType } from "type-graphql";
import { FUNDING_SOURCE, STAGE } from "../../model/index.js";
import { FundingSource, Stage } from "../enums.js";

const abbreviations = (terms: ReadonlyArray<{ readonly abbreviation: string | null }>): string =>
  terms.flatMap((term) => term.abbreviation ?? []).join(", ");

@ObjectType({ description: "A year with data (năm có số liệu): its periods and fact counts." })
export class YearCoverage {
  @Field(() => Int, { description: "year (năm)" })
  year!: number;

  @Field(() => [String], { description: "period codes published for the year (kỳ báo cáo): FY, H1, 9M…" })
  periods!: ReadonlyArray<string>;

  @Field(() => Int, { description: "funding facts (số liệu kinh phí) for the year" })
  fundingFacts!: number;

  @Field(() => Int, { description: "output facts (số liệu kết quả) for the year" })
  outputFacts!: number;
}

@ObjectType({
  description: "A reporting period (kỳ báo cáo): full year, first six months, a multi-year phase…",
})
export class PeriodKind {
  @Field(() => ID, {
    description: "period code (mã kỳ): FY, H1, 8M, 9M, 11M, 18M, 2Y, 3Y, 5Y, 7Y, 10Y, CUMULATIVE, PROGRAMME",
  })
  code!: string;

  @Field(() => Int, {
    nullable: true,
    description: "months covered (số tháng) from the start of the first year; null for open spans",
  })
  months!: number | null;

  @Field(() => String, { description: "English label (nhãn tiếng Anh)" })
  label!: string;

  @Field(() => String, { description: "Vietnamese label (nhãn tiếng Việt)" })
  labelVi!: string;

  @Field(() => Int, { description: "funding facts (số liệu kinh phí) published for this period" })
  fundingFacts!: number;

  @Field(() => Int, { description: "output facts (số liệu kết quả) published for this period" })
  outputFacts!: number;
}

@ObjectType({ description: "A funding source (nguồn kinh phí) and what it means." })
export class FundingSourceInfo {
  @Field(() => FundingSource, { description: "the enum value (giá trị) to pass as an argument" })
  value!: FundingSource;

  @Field(() => String, { description: "English name (tên tiếng Anh)" })
  name!: string;

  @Field(() => String, { description: "Vietnamese name (tên tiếng Việt)" })
  nameVi!: string;

  @Field(() => String, {
    nullable: true,
    description: `abbreviation (viết tắt) used in reports: ${abbreviations(FUNDING_SOURCE.terms)}`,
  })
  abbreviation!: string | null;
}

@ObjectType({ description: "A stage in the life of a figure (giai đoạn) and what it means." })
export class StageInfo {
  @Field(() => Stage, { description: "the enum value (giá trị) to pass as an argument" })
  value!: Stage;

  @Field(() => String, { description: "English name (tên tiếng Anh)" })
  name!: string;

  @Field(() => String, { description: "Vietnamese name (tên tiếng Việt)" })
  nameVi!: string;

  @Field(() => String, {
    nullable: true,
    description: `abbreviation (viết tắt) used in reports: ${abbreviations(STAGE.terms)}`,
  })
  abbreviation!: string | null;

  @Field(() => Boolean, { description: "applies to funding amounts (áp dụng cho kinh phí)" })
  funding!: boolean;

  @Field(() => Boolean, { description: "applies to output quantities (áp dụng cho kết quả)" })
  outputs!: boolean;
}

@ObjectType({ description: "A khuyến công activity category (nội dung hoạt động khuyến công)." })
export class Activity {
  @Field(() => ID, { description: "activity code (mã nội dung): Q1881-1…" })
  code!: string;

  @Field(() => String, { description: "Vietnamese name (tên tiếng Việt)" })
  name!: string;

  @Field(() => String, { description: "English name (tên tiếng Anh)" })
  nameEn!: string;

  @Field(() => String, {
    description: "legal basis (căn cứ pháp lý): the decision or decree that defines it",
  })
  legalBasis!: string;
}

@ObjectType({
  description: "A type of physical output (loại kết quả): models, trainees, establishments supported…",
})
export class OutputType {
  @Field(() => ID, { description: "output type code (mã loại kết quả): technical_demonstration_models…" })
  code!: string;

  @Field(() => String, { description: "usual unit (đơn vị tính): models, persons, billion VND…" })
  unit!: string;

  @Field(() => Int, { description: "output facts (số liệu kết quả) of this type" })
  facts!: number;
}

@ObjectType({ description: "A source (nguồn tài liệu) that figures were read from." })
export class Source {
  @Field(() => Int, { description: "source id (mã nguồn)" })
  id!: number;

  @Field(() => String, { description: "web address or path in the data folder (địa chỉ)" })
  url!: string;

  @Field(() => String, { description: "title (tiêu đề)" })
  title!: string;

  @Field(() => String, {
    description: "publication date as the source gives it (ngày đăng): 2024-05-16, 2016 (n.d.)",
  })
  published!: string;

  @Field(() => Boolean, { description: "kept as a local file (lưu tại chỗ) in the data folder" })
  isLocal!: boolean;

  @Field(() => Boolean, {
    description: "synthetic (dữ liệu tổng hợp), generated for benchmarks, not published",
  })
  isSynthetic!: boolean;
}
