import { ValueSettingsArgs } from "../common/value-settings.args.js";
import { ArgsType, Field, InputType, Int } from "type-graphql";
import { Dimension, SliceOrderField, SortDirection } from "../common/analytics-enums.js";
import { FactFilterInput } from "../common/fact-filter.input.js";

@InputType({ description: "One ordering (sắp xếp) of slice rows." })
export class SliceOrderInput {
  @Field(() => SliceOrderField, { description: "order by (sắp xếp theo)" })
  by!: SliceOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: "direction (chiều)" })
  direction!: SortDirection;
}

@ArgsType()
export class SliceArgs extends ValueSettingsArgs {
  @Field(() => FactFilterInput, { nullable: true, description: "filter (bộ lọc) over facts" })
  filter?: FactFilterInput | null;

  @Field(() => [Dimension], { defaultValue: [], description: "group by (nhóm theo) these dimensions" })
  groupBy!: Dimension[];

  @Field(() => [SliceOrderInput], {
    defaultValue: [],
    description: "order (sắp xếp); then every key ascending",
  })
  orderBy!: SliceOrderInput[];

  @Field(() => Int, { defaultValue: 100, description: "page size (số dòng), at most 1000" })
  limit!: number;

  @Field(() => Int, { defaultValue: 0, description: "rows to skip (bỏ qua)" })
  offset!: number;
}
