import { registerEnumType } from "type-graphql";
import {
  DIMENSION_MODEL,
  GROUP_DIMENSIONS,
  ORDER_DIMENSIONS,
  type DimensionName,
} from "../../model/index.js";

/*
 * Enums of the analytics arguments. Internal values are the analytics' own names, passed through unchanged. The
 * dimensions of `Dimension` and `SliceOrderField` come from src/model's DIMENSION_MODEL.
 */

type Model = typeof DIMENSION_MODEL;
type GroupDimension = { [N in DimensionName]: Model[N]["groups"] extends true ? N : never }[DimensionName];
type OrderDimension = { [N in DimensionName]: Model[N]["orders"] extends true ? N : never }[DimensionName];

/** `{ AREA: "area", FUNDING_SOURCE: "fundingSource", … }` for the given dimensions, keyed by their GraphQL names. */
type DimensionEnum<N extends DimensionName> = { readonly [K in N as Model[K]["graphql"]]: K };

function dimensionEnum<N extends DimensionName>(names: ReadonlyArray<N>): DimensionEnum<N> {
  return Object.freeze(
    Object.fromEntries(names.map((name) => [DIMENSION_MODEL[name].graphql, name])),
  ) as DimensionEnum<N>;
}

function dimensionValuesConfig(
  names: ReadonlyArray<DimensionName>,
): Readonly<Record<string, { readonly description: string }>> {
  return Object.fromEntries(
    names.map((name) => [DIMENSION_MODEL[name].graphql, { description: DIMENSION_MODEL[name].description }]),
  );
}

export const Dimension = dimensionEnum(GROUP_DIMENSIONS as ReadonlyArray<GroupDimension>);
export type Dimension = (typeof Dimension)[keyof typeof Dimension];
registerEnumType(Dimension, {
  name: "Dimension",
  description: "A dimension (chiều phân tích) facts can be grouped by.",
  valuesConfig: dimensionValuesConfig(GROUP_DIMENSIONS),
});

export const AmountUnit = Object.freeze({
  VND: "VND",
  MILLION_VND: "MILLION_VND",
  BILLION_VND: "BILLION_VND",
} as const);
export type AmountUnit = (typeof AmountUnit)[keyof typeof AmountUnit];
registerEnumType(AmountUnit, {
  name: "AmountUnit",
  description: "Unit of money (đơn vị tiền) values are returned in, unrounded.",
  valuesConfig: {
    VND: { description: "VND (đồng)" },
    MILLION_VND: { description: "million VND (triệu đồng)" },
    BILLION_VND: { description: "billion VND (tỷ đồng)" },
  },
});

export const ValueBasis = Object.freeze({
  CURRENT: "CURRENT",
  CONSTANT: "CONSTANT",
  PER_CAPITA: "PER_CAPITA",
} as const);
export type ValueBasis = (typeof ValueBasis)[keyof typeof ValueBasis];
registerEnumType(ValueBasis, {
  name: "ValueBasis",
  description: "Value basis (cơ sở giá trị) of amounts.",
  valuesConfig: {
    CURRENT: { description: "current prices (giá hiện hành): as published" },
    CONSTANT: {
      description:
        "constant prices (giá so sánh) of a base year, deflated by the yearly average CPI (chỉ số giá tiêu dùng)",
    },
    PER_CAPITA: {
      description: "per capita (bình quân đầu người): Σ amounts / Σ population of the same areas and years",
    },
  },
});

export const SortDirection = Object.freeze({ ASC: "ASC", DESC: "DESC" } as const);
export type SortDirection = (typeof SortDirection)[keyof typeof SortDirection];
registerEnumType(SortDirection, {
  name: "SortDirection",
  description: "Sort direction (chiều sắp xếp); nulls always last.",
  valuesConfig: {
    ASC: { description: "ascending (tăng dần)" },
    DESC: { description: "descending (giảm dần)" },
  },
});

/** The measures rows may be ordered by, besides the dimensions of ORDER_DIMENSIONS. */
const SliceOrderMeasure = Object.freeze({
  VALUE: "value",
  AMOUNT: "amount",
  QUANTITY: "quantity",
  FACT_COUNT: "factCount",
} as const);

export const SliceOrderField = Object.freeze({
  ...SliceOrderMeasure,
  ...dimensionEnum(ORDER_DIMENSIONS as ReadonlyArray<OrderDimension>),
});
export type SliceOrderField = (typeof SliceOrderField)[keyof typeof SliceOrderField];
registerEnumType(SliceOrderField, {
  name: "SliceOrderField",
  description:
    "What slice rows are ordered by (sắp xếp theo): a measure, or a dimension that is a key of the rows.",
  valuesConfig: {
    VALUE: { description: "value (giá trị) on the value basis" },
    AMOUNT: { description: "amount at current prices (số tiền, giá hiện hành)" },
    QUANTITY: { description: "output quantity (số lượng), outputs only" },
    FACT_COUNT: { description: "number of facts (số bản ghi)" },
    ...dimensionValuesConfig(ORDER_DIMENSIONS),
  },
});
