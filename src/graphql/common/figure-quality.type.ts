import { Field, ObjectType } from "type-graphql";
import { Bound, Certainty, Scope } from "../enums.js";

@ObjectType({
  simpleResolvers: true,
  description:
    "How far a value can be taken at face value (chất lượng số liệu): what its figures cover, how exact they are, whether their meaning is stated, and their notes. A value built from several figures carries all of them: a sum of at-least figures is at least.",
})
export class FigureQuality {
  @Field(() => [Scope], {
    description: "scopes (phạm vi) of the figures: WHOLE, or PART, CUMULATIVE, INCL_NON_BUDGET",
  })
  scopes!: Scope[];

  @Field(() => Bound, {
    description: "bound (độ chính xác): the loosest of the figures: EXACT < AT_LEAST < ABOUT",
  })
  bound!: Bound;

  @Field(() => Certainty, { description: "certainty (mức chắc chắn): INFERRED when any figure is inferred" })
  certainty!: Certainty;

  @Field(() => String, {
    nullable: true,
    description: "caveat (lưu ý) in a sentence; null for whole, exact, stated figures",
  })
  caveat!: string | null;

  @Field(() => [String], { description: "notes (ghi chú) of the figures, as the input gives them" })
  notes!: string[];
}
