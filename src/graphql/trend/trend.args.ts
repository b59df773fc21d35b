import { ValueSettingsArgs } from "../common/value-settings.args.js";
import { ArgsType, Field, Int } from "type-graphql";
import { Dimension } from "../common/analytics-enums.js";
import { Boundary } from "../enums.js";
import { FactFilterInput } from "../common/fact-filter.input.js";

@ArgsType()
export class TrendArgs extends ValueSettingsArgs {
  @Field(() => FactFilterInput, {
    nullable: true,
    description: "filter (bộ lọc) over funding facts; its years are ignored",
  })
  filter?: FactFilterInput | null;

  @Field(() => [Dimension], {
    defaultValue: [],
    description: "one series per group (nhóm theo): area, fundingSource, stage…",
  })
  groupBy!: Dimension[];

  @Field(() => Int, { description: "first year (từ năm)" })
  from!: number;

  @Field(() => Int, { description: "last year (đến năm)" })
  to!: number;

  @Field(() => String, {
    defaultValue: "FY",
    description: "period compared (kỳ so sánh): FY, H1, 9M… (cả năm, 6 tháng)",
  })
  period!: string;

  @Field(() => Int, {
    nullable: true,
    description: "index base year (năm gốc chỉ số) = 100; the first year by default",
  })
  baseYear?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "base year of constant prices (năm gốc giá so sánh); the index base year by default",
  })
  override priceBaseYear: number | null | undefined = undefined;
}

@ArgsType()
export class OutputTrendArgs {
  @Field(() => FactFilterInput, {
    nullable: true,
    description: "filter (bộ lọc) over output facts; its years are ignored",
  })
  filter?: FactFilterInput | null;

  @Field(() => [Dimension], {
    defaultValue: [],
    description:
      "one series per group (nhóm theo): area, stage…; output types are always kept apart (a series per output type unless the filter names one)",
  })
  groupBy!: Dimension[];

  @Field(() => Int, { description: "first year (từ năm)" })
  from!: number;

  @Field(() => Int, { description: "last year (đến năm)" })
  to!: number;

  @Field(() => String, {
    defaultValue: "FY",
    description: "period compared (kỳ so sánh): FY, H1, 9M… (cả năm, 6 tháng)",
  })
  period!: string;

  @Field(() => Int, {
    nullable: true,
    description: "index base year (năm gốc chỉ số) = 100; the first year by default",
  })
  baseYear?: number | null;

  @Field(() => Boundary, { defaultValue: Boundary.HISTORICAL, description: "boundary (địa giới) of areas" })
  boundary!: Boundary;
}
