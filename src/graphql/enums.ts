import { registerEnumType } from "type-graphql";

/*
 * The dimensions every feature shares. Each enum's internal values are the warehouse's own strings
 * (`"national"`, `"plan"`…), so resolvers pass them to queries unchanged and the TypeScript types equal the
 * unions of src/warehouse/tables.ts.
 */

export const AreaLevel = Object.freeze({ NATION: "nation", REGION: "region", PROVINCE: "province" } as const);
export type AreaLevel = (typeof AreaLevel)[keyof typeof AreaLevel];
registerEnumType(AreaLevel, {
  name: "AreaLevel",
  description: "Administrative level (cấp) a figure is published at. Levels do not add up to each other.",
  valuesConfig: {
    NATION: { description: "nation (cả nước): Vietnam as a whole, including central units' projects" },
    REGION: { description: "khuyến công region (khu vực): north, central & Central Highlands, south" },
    PROVINCE: { description: "province or centrally-run city (tỉnh, thành phố trực thuộc trung ương)" },
  },
});

export const Boundary = Object.freeze({ HISTORICAL: "historical", MERGED_2025: "2025" } as const);
export type Boundary = (typeof Boundary)[keyof typeof Boundary];
registerEnumType(Boundary, {
  name: "Boundary",
  description: "Set of administrative boundaries (địa giới hành chính) an area belongs to.",
  valuesConfig: {
    HISTORICAL: {
      description: "historical units (đơn vị cũ): the 63 provinces before 1 July 2025, regions, nation",
    },
    MERGED_2025: { description: "the 34 provinces after the 1 July 2025 merger (sáp nhập tỉnh 2025)" },
  },
});

export const FundingSource = Object.freeze({ NATIONAL: "national", LOCAL: "local", TOTAL: "total" } as const);
export type FundingSource = (typeof FundingSource)[keyof typeof FundingSource];
registerEnumType(FundingSource, {
  name: "FundingSource",
  description: "Funding source (nguồn kinh phí) of a khuyến công amount.",
  valuesConfig: {
    NATIONAL: {
      description:
        "national funding (khuyến công quốc gia, KCQG): the Ministry of Industry and Trade's budget",
    },
    LOCAL: { description: "local funding (khuyến công địa phương, KCĐP): the province's own budget" },
    TOTAL: { description: "total (tổng): national and local together, as published" },
  },
});

export const Stage = Object.freeze({
  PLAN: "plan",
  ALLOCATED: "allocated",
  ESTIMATED: "estimated",
  ACTUAL: "actual",
  TARGET: "target",
} as const);
export type Stage = (typeof Stage)[keyof typeof Stage];
registerEnumType(Stage, {
  name: "Stage",
  description: "Stage in the life of a figure (giai đoạn): plan → allocated → estimated → actual.",
  valuesConfig: {
    PLAN: { description: "plan (kế hoạch): the approved budget or planned output" },
    ALLOCATED: { description: "allocated (phân bổ, giao): assigned or contracted, possibly in rounds" },
    ESTIMATED: { description: "estimated execution (ước thực hiện): reported before the period ends" },
    ACTUAL: { description: "actual (thực hiện, giải ngân): executed or disbursed" },
    TARGET: { description: "programme target (mục tiêu): outputs only, never an achievement" },
  },
});

export const BudgetLevel = Object.freeze({ PROVINCE: "province", DISTRICT: "district" } as const);
export type BudgetLevel = (typeof BudgetLevel)[keyof typeof BudgetLevel];
registerEnumType(BudgetLevel, {
  name: "BudgetLevel",
  description: "Budget level (cấp ngân sách) of a local amount, where a source splits it.",
  valuesConfig: {
    PROVINCE: { description: "province budget (ngân sách tỉnh)" },
    DISTRICT: { description: "district budget (ngân sách huyện)" },
  },
});

export const EtlRunStatus = Object.freeze({ SUCCEEDED: "succeeded", FAILED: "failed" } as const);
export type EtlRunStatus = (typeof EtlRunStatus)[keyof typeof EtlRunStatus];
registerEnumType(EtlRunStatus, {
  name: "EtlRunStatus",
  description: "Outcome of an ETL run (lần nạp dữ liệu).",
  valuesConfig: {
    SUCCEEDED: { description: "succeeded (thành công): the snapshot was written" },
    FAILED: { description: "failed (thất bại): errors rejected the load; the previous snapshot stays" },
  },
});

export const IssueSeverity = Object.freeze({ ERROR: "error", WARNING: "warning" } as const);
export type IssueSeverity = (typeof IssueSeverity)[keyof typeof IssueSeverity];
registerEnumType(IssueSeverity, {
  name: "IssueSeverity",
  description: "Severity (mức độ) of a problem the ETL found in its inputs.",
  valuesConfig: {
    ERROR: { description: "error (lỗi): rejects the whole load" },
    WARNING: { description: "warning (cảnh báo): reported and recorded, the load goes on" },
  },
});
