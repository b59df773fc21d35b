import { ArgsType, Field, Int } from "type-graphql";
import { Boundary } from "../enums.js";
import { AmountUnit, ValueBasis } from "./analytics-enums.js";

/**
 * How every analysis expresses its values (unit, value basis, price base year) and which boundaries its
 * areas are on. The analyses' args extend it, so the four arguments read the same everywhere.
 */
@ArgsType()
export class ValueSettingsArgs {
  @Field(() => AmountUnit, {
    defaultValue: AmountUnit.BILLION_VND,
    description: "unit (đơn vị) of money values",
  })
  unit!: AmountUnit;

  @Field(() => ValueBasis, { defaultValue: ValueBasis.CURRENT, description: "value basis (cơ sở giá trị)" })
  valueBasis!: ValueBasis;

  @Field(() => Int, {
    nullable: true,
    description: "base year of constant prices (năm gốc giá so sánh); required for CONSTANT",
  })
  priceBaseYear?: number | null;

  @Field(() => Boundary, { defaultValue: Boundary.HISTORICAL, description: "boundary (địa giới) of areas" })
  boundary!: Boundary;
}
