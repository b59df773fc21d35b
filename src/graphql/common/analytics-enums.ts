import { registerEnumType } from "type-graphql";

/* Enums of the analytics arguments. Internal values are the analytics' own names, passed through unchanged. */

export const Dimension = Object.freeze({
  AREA: "area",
  LEVEL: "level",
  REGION: "region",
  YEAR: "year",
  PERIOD: "period",
  FUNDING_SOURCE: "fundingSource",
  BUDGET_LEVEL: "budgetLevel",
  STAGE: "stage",
  ACTIVITY: "activity",
  DETAIL: "detail",
  OUTPUT_TYPE: "outputType",
  SOURCE: "source",
  UNIT: "unit",
} as const);
export type Dimension = (typeof Dimension)[keyof typeof Dimension];
registerEnumType(Dimension, {
  name: "Dimension",
  description: "A dimension (chiều phân tích) facts can be grouped by.",
  valuesConfig: {
    AREA: { description: "area (địa bàn): nation, region or province, under the chosen boundary" },
    LEVEL: { description: "published level (cấp công bố): nation, region, province" },
    REGION: { description: "khuyến công region (khu vực): a region's own figure or a province's region" },
    YEAR: { description: "year (năm), or a multi-year span such as 2021-2025 (giai đoạn)" },
    PERIOD: { description: "reporting period (kỳ báo cáo): FY, H1, 9M, 5Y…" },
    FUNDING_SOURCE: { description: "funding source (nguồn kinh phí): national, local, total" },
    BUDGET_LEVEL: { description: "budget level (cấp ngân sách) of a local amount: province or district" },
    STAGE: { description: "stage (giai đoạn): plan, allocated, estimated, actual, target" },
    ACTIVITY: { description: "khuyến công activity (hoạt động khuyến công)" },
    DETAIL: {
      description: "level of detail (mức chi tiết) of funding: total, activity or project (đề án)",
    },
    OUTPUT_TYPE: { description: "output type (loại kết quả): models, establishments, trainees…" },
    SOURCE: { description: "source (nguồn tài liệu) the figure was read from" },
    UNIT: { description: "unit of an output quantity (đơn vị tính)" },
  },
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

export const SliceOrderField = Object.freeze({
  VALUE: "value",
  AMOUNT: "amount",
  QUANTITY: "quantity",
  FACT_COUNT: "factCount",
  AREA: "area",
  LEVEL: "level",
  REGION: "region",
  YEAR: "year",
  PERIOD: "period",
  FUNDING_SOURCE: "fundingSource",
  BUDGET_LEVEL: "budgetLevel",
  STAGE: "stage",
  ACTIVITY: "activity",
  OUTPUT_TYPE: "outputType",
  SOURCE: "source",
  UNIT: "unit",
} as const);
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
    AREA: { description: "area id (mã địa bàn)" },
    LEVEL: { description: "level (cấp)" },
    REGION: { description: "region (khu vực)" },
    YEAR: { description: "year (năm)" },
    PERIOD: { description: "period (kỳ)" },
    FUNDING_SOURCE: { description: "funding source (nguồn kinh phí)" },
    BUDGET_LEVEL: { description: "budget level (cấp ngân sách)" },
    STAGE: { description: "stage (giai đoạn)" },
    ACTIVITY: { description: "activity (hoạt động)" },
    OUTPUT_TYPE: { description: "output type (loại kết quả)" },
    SOURCE: { description: "source (nguồn tài liệu)" },
    UNIT: { description: "quantity unit (đơn vị tính)" },
  },
});
