import { Field, Int, ObjectType } from "type-graphql";
import { Boundary } from "../enums.js";
import { AmountUnit, ValueBasis } from "./analytics-enums.js";

/** The value settings an analysis answered with (see ValueSettingsArgs); its result types extend this. */
// Decorated so that subclasses inherit its fields; as no field returns it, it never appears in the schema itself.
@ObjectType({ description: "Value settings (thiết lập giá trị) an analysis answered with." })
export abstract class ValueSettings {
  @Field(() => AmountUnit, { description: "unit (đơn vị) of money values" })
  unit!: AmountUnit;

  @Field(() => ValueBasis, { description: "value basis (cơ sở giá trị) used" })
  valueBasis!: ValueBasis;

  @Field(() => Int, { nullable: true, description: "base year of constant prices (năm gốc giá so sánh)" })
  priceBaseYear!: number | null;

  @Field(() => Boundary, { description: "boundary (địa giới) areas are reported in" })
  boundary!: Boundary;
}
