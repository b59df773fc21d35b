import { ArgsType, Field, Int } from "type-graphql";
import { AmountUnit } from "../common/analytics-enums.js";
import { FactFilterInput } from "../common/fact-filter.input.js";
import { Bound, Boundary, Certainty, Scope } from "../enums.js";

@ArgsType()
export class FactsArgs {
  @Field(() => FactFilterInput, {
    nullable: true,
    description: "filter (bộ lọc) over facts, as in the analyses",
  })
  filter?: FactFilterInput | null;

  @Field(() => AmountUnit, {
    defaultValue: AmountUnit.BILLION_VND,
    description: "unit (đơn vị) of amounts",
  })
  unit!: AmountUnit;

  @Field(() => Boundary, {
    defaultValue: Boundary.HISTORICAL,
    description: "boundary (địa giới) the filter's areas are on; facts keep the area they were published for",
  })
  boundary!: Boundary;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "only the preferred versions (chỉ phiên bản ưu tiên), the ones sums use; by default every source's version of each figure",
  })
  preferredOnly!: boolean;

  @Field(() => [Scope], {
    nullable: true,
    description: "scopes (phạm vi): facts with any of them, e.g. [PART, CUMULATIVE, INCL_NON_BUDGET]",
  })
  scopes?: Scope[] | null;

  @Field(() => [Bound], { nullable: true, description: "bounds (độ chính xác): facts with any of them" })
  bounds?: Bound[] | null;

  @Field(() => [Certainty], {
    nullable: true,
    description: "certainties (mức chắc chắn): facts with any of them",
  })
  certainties?: Certainty[] | null;

  @Field(() => Int, { defaultValue: 100, description: "page size (số dòng), at most 1000" })
  limit!: number;

  @Field(() => Int, { defaultValue: 0, description: "facts to skip (bỏ qua)" })
  offset!: number;
}
