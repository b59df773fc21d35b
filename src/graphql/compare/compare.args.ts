import { ValueSettingsArgs } from "../common/value-settings.args.js";
import { ArgsType, Field, InputType, Int, registerEnumType } from "type-graphql";
import { FactFilterInput } from "../common/fact-filter.input.js";

export const CompareMeasure = Object.freeze({ FUNDING: "funding", OUTPUT_AMOUNT: "outputs" } as const);
export type CompareMeasure = (typeof CompareMeasure)[keyof typeof CompareMeasure];
registerEnumType(CompareMeasure, {
  name: "CompareMeasure",
  description: "What a selection sums (đại lượng so sánh).",
  valuesConfig: {
    FUNDING: { description: "funding amounts (kinh phí khuyến công)" },
    OUTPUT_AMOUNT: {
      description:
        "the money amounts of output rows (kinh phí của kết quả), such as the support for demonstration models and machinery",
    },
  },
});

@InputType({ description: "One selection (lựa chọn) to compare: a filter whose facts are summed." })
export class CompareSelectionInput {
  @Field(() => String, { nullable: true, description: "label (nhãn) shown in the result" })
  label?: string | null;

  @Field(() => CompareMeasure, {
    defaultValue: CompareMeasure.FUNDING,
    description: "what to sum (đại lượng)",
  })
  measure!: CompareMeasure;

  @Field(() => FactFilterInput, {
    description: "filter (bộ lọc): areas, years, periods, stages, funding sources, sources…",
  })
  filter!: FactFilterInput;
}

@ArgsType()
export class CompareArgs extends ValueSettingsArgs {
  @Field(() => [CompareSelectionInput], { description: "two or more selections (các lựa chọn) side by side" })
  selections!: CompareSelectionInput[];

  @Field(() => Int, {
    defaultValue: 0,
    description:
      "reference (mốc so sánh): the index of the selection the others are compared with, 0 = the first",
  })
  reference!: number;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "same period last year (cùng kỳ năm trước): also compare each selection with itself one year earlier",
  })
  samePeriodLastYear!: boolean;
}

@ArgsType()
export class ExecutionRateArgs extends ValueSettingsArgs {
  @Field(() => FactFilterInput, {
    nullable: true,
    description:
      "filter (bộ lọc) of the executed figures: areas, years, periods, funding sources; stages ALLOCATED, ESTIMATED or ACTUAL (all three by default)",
  })
  filter?: FactFilterInput | null;
}
