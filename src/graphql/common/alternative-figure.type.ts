import { Field, Float, Int, ObjectType } from "type-graphql";
import { SourceRef } from "./result.types.js";

@ObjectType({
  simpleResolvers: true,
  description:
    "Another source's version (số liệu nguồn khác) of figures behind a value, where it differs from the version used (see docs/analytics.md, which source counts).",
})
export class AlternativeFigure {
  @Field(() => SourceRef, { description: "the other source (nguồn khác)" })
  source!: SourceRef;

  @Field(() => Float, {
    description:
      "that source's total for those figures (giá trị theo nguồn khác): an amount in the unit, at current prices, or a quantity",
  })
  value!: number;

  @Field(() => Float, {
    description: "the total of the versions used for the same figures (giá trị đang dùng)",
  })
  chosenValue!: number;

  @Field(() => Float, { description: "difference (chênh lệch) = value − chosenValue" })
  difference!: number;

  @Field(() => Int, { description: "figures (số liệu) the other source gives differently" })
  figureCount!: number;
}
