import { Field, Float, Int, ObjectType } from "type-graphql";
import { AlternativeFigure } from "./alternative-figure.type.js";
import { FigureQuality } from "./figure-quality.type.js";

/**
 * A value summed from facts, as slices, trend points and compared totals give it: on the value basis with its
 * reason when null, the current-price amount it came from, and how many facts.
 */
// Decorated so that subclasses inherit its fields; as no field returns it, it never appears in the schema itself.
@ObjectType({ description: "A value summed from facts (giá trị tổng hợp)." })
export abstract class SummedValue {
  @Field(() => Float, {
    nullable: true,
    description:
      "value (giá trị) on the value basis, in the unit, unrounded; null with a reason, never a zero for missing data",
  })
  value!: number | null;

  @Field(() => String, { nullable: true, description: "reason (lý do) the value is null" })
  reason!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: "amount at current prices (số tiền, giá hiện hành), in the unit",
  })
  amount!: number | null;

  @Field(() => Int, { description: "facts summed (số bản ghi)" })
  factCount!: number;

  @Field(() => FigureQuality, {
    description: "quality (chất lượng) of the figures summed: scope, bound, certainty, caveat and notes",
  })
  quality!: FigureQuality;

  @Field(() => [AlternativeFigure], {
    description:
      "other sources' versions (số liệu nguồn khác) of the figures summed, where they differ; empty when every source agrees or only one states them",
  })
  alternatives!: AlternativeFigure[];
}

/** A summed value with the population it was divided by, per capita (slices and trend points). */
@ObjectType({ description: "A value summed from facts, with its population (giá trị tổng hợp và dân số)." })
export abstract class SummedValuePerCapita extends SummedValue {
  @Field(() => Float, {
    nullable: true,
    description: "population (dân số, nghìn người) divided by, per capita",
  })
  populationThousands!: number | null;
}
