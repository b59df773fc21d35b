import { Field, InputType, Int } from "type-graphql";
import { VOCABULARY_FILTERS, dimensionSpec, type FactKind } from "../../model/index.js";
import * as enums from "../enums.js";
import type { AreaLevel, FundingSource, Stage } from "../enums.js";

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

const FACTS: Readonly<Record<FactKind, string>> = { funding: "funding facts", outputs: "output facts" };

/** The vocabulary filters declared in the class body, where they keep their historical position. */
const declared = new Set<string>();

/**
 * Declares a vocabulary filter of the model (`VOCABULARY_FILTERS`, src/model/dimensions.ts) as a list field:
 * its type is the enum src/graphql/enums.ts exports under the vocabulary's name (`AreaLevel`), its description
 * the dimension's, with the fact tables that lack the dimension named (a filter on them matches nothing).
 */
function VocabularyFilter(): (prototype: object, field: string) => void {
  return (prototype, field) => {
    const filter = VOCABULARY_FILTERS.find((f) => f.field === field);
    if (filter === undefined) {
      throw new Error(
        `FactFilterInput.${field} is not a vocabulary filter of src/model (VOCABULARY_FILTERS).`,
      );
    }
    const enumObject = (enums as Readonly<Record<string, unknown>>)[filter.vocabulary.name];
    if (typeof enumObject !== "object" || enumObject === null) {
      throw new Error(
        `The filter ${field} needs the GraphQL enum ${filter.vocabulary.name}: register it in src/graphql/enums.ts.`,
      );
    }
    const spec = dimensionSpec(filter.dimension);
    const lacking = (["funding", "outputs"] as const).filter((kind) => spec.columns[kind] === undefined);
    const description = [
      spec.description,
      "facts with any of the values given",
      ...lacking.map((kind) => `${FACTS[kind]} have none and never match`),
    ].join("; ");
    declared.add(field);
    Field(() => [enumObject], { nullable: true, description })(prototype, field);
  };
}

@InputType({
  description:
    "Filter (bộ lọc) over facts: every field is optional; lists accept any of their values. Areas and regions are ids or names, with or without diacritics.",
})
export class FactFilterInput {
  @Field(() => [String], {
    nullable: true,
    description:
      "areas (địa bàn) by id in any case (VN, north, 02, 2025-37) or name, with or without diacritics and spaces (Hà Giang, Ha Giang, hanoi, TP.HCM)",
  })
  areas?: string[] | null;

  @VocabularyFilter()
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

  @VocabularyFilter()
  fundingSources?: FundingSource[] | null;

  @VocabularyFilter()
  stages?: Stage[] | null;

  @Field(() => [String], { nullable: true, description: "activity codes (mã hoạt động khuyến công)" })
  activities?: string[] | null;

  @Field(() => [String], { nullable: true, description: "output types (loại kết quả), outputs only" })
  outputTypes?: string[] | null;

  @Field(() => [Int], {
    nullable: true,
    description: "source ids (mã nguồn tài liệu); with sourceUrls, facts of either",
  })
  sources?: number[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "source addresses (địa chỉ nguồn): web pages, or files such as sources/2024-05-north-conference-xviii.txt",
  })
  sourceUrls?: string[] | null;
}

// The model's other vocabulary filters (budgetLevels…) follow the fields above, in model order: a dimension that
// gains a filter in src/model gains its field here without an edit.
for (const { field } of VOCABULARY_FILTERS) {
  if (!declared.has(field)) VocabularyFilter()(FactFilterInput.prototype, field);
}
