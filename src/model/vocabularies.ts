import { defineVocabulary, type Values } from "./vocabulary.js";

/*
 * Every closed vocabulary of the warehouse, each written once. The DDL's CHECK constraints, the Kysely types, the
 * ETL's synonyms, the GraphQL enums, the catalog's labels, the notebook's parameter kinds and the web's pickers
 * are derived from these objects (see docs/architecture.md, "One model").
 */

export const AREA_LEVEL = defineVocabulary({
  name: "AreaLevel",
  description: "Administrative level (cấp) a figure is published at. Levels do not add up to each other.",
  terms: [
    {
      value: "nation",
      graphql: "NATION",
      en: "nation",
      vi: "cả nước",
      synonyms: ["national level", "country", "toàn quốc"],
      description: "nation (cả nước): Vietnam as a whole, including central units' projects",
    },
    {
      value: "region",
      graphql: "REGION",
      en: "region",
      vi: "khu vực",
      synonyms: ["vùng"],
      description: "khuyến công region (khu vực): north, central & Central Highlands, south",
    },
    {
      value: "province",
      graphql: "PROVINCE",
      en: "province",
      vi: "tỉnh",
      synonyms: ["tỉnh, thành phố", "city"],
      description: "province or centrally-run city (tỉnh, thành phố trực thuộc trung ương)",
    },
  ],
});
export type AreaLevel = Values<typeof AREA_LEVEL>;

export const FUNDING_SOURCE = defineVocabulary({
  name: "FundingSource",
  description: "Funding source (nguồn kinh phí) of a khuyến công amount.",
  terms: [
    {
      value: "national",
      graphql: "NATIONAL",
      en: "national funding",
      vi: "khuyến công quốc gia",
      abbreviation: "KCQG",
      synonyms: ["national", "quốc gia"],
      description:
        "national funding (khuyến công quốc gia, KCQG): the Ministry of Industry and Trade's budget",
    },
    {
      value: "local",
      graphql: "LOCAL",
      en: "local funding",
      vi: "khuyến công địa phương",
      abbreviation: "KCĐP",
      synonyms: ["local", "KCDP", "địa phương"],
      description: "local funding (khuyến công địa phương, KCĐP): the province's own budget",
    },
    {
      value: "total",
      graphql: "TOTAL",
      en: "total",
      vi: "tổng kinh phí",
      synonyms: ["tổng", "tổng cộng", "tổng số"],
      description: "total (tổng): national and local together, as published",
    },
  ],
});
export type FundingSource = Values<typeof FUNDING_SOURCE>;

export const STAGE = defineVocabulary({
  name: "Stage",
  description: "Stage in the life of a figure (giai đoạn): plan → allocated → estimated → actual.",
  terms: [
    {
      value: "plan",
      graphql: "PLAN",
      en: "plan",
      vi: "kế hoạch",
      abbreviation: "KH",
      synonyms: ["planned", "approved", "dự toán", "proposed"],
      description: "plan (kế hoạch): the approved budget or planned output",
    },
    {
      value: "allocated",
      graphql: "ALLOCATED",
      en: "allocated",
      vi: "phân bổ",
      synonyms: ["allocation", "giao", "assigned", "contracted"],
      description: "allocated (phân bổ, giao): assigned or contracted, possibly in rounds",
    },
    {
      value: "estimated",
      graphql: "ESTIMATED",
      en: "estimated execution",
      vi: "ước thực hiện",
      synonyms: ["estimated", "estimate", "ước TH", "ước"],
      description: "estimated execution (ước thực hiện): reported before the period ends",
    },
    {
      value: "actual",
      graphql: "ACTUAL",
      en: "actual",
      vi: "thực hiện",
      synonyms: ["giải ngân", "disbursed", "executed", "implemented"],
      description: "actual (thực hiện, giải ngân): executed or disbursed",
    },
    {
      value: "target",
      graphql: "TARGET",
      en: "programme target",
      vi: "mục tiêu",
      synonyms: ["target"],
      description: "programme target (mục tiêu): outputs only, never an achievement",
      only: "outputs",
    },
  ],
});
export type Stage = Values<typeof STAGE>;
/** The stages of funding figures (every stage but the outputs' programme target). */
export type FundingStage = Exclude<Stage, "target">;

export const BUDGET_LEVEL = defineVocabulary({
  name: "BudgetLevel",
  description: "Budget level (cấp ngân sách) of a local amount, where a source splits it.",
  terms: [
    {
      value: "province",
      graphql: "PROVINCE",
      en: "province budget",
      vi: "ngân sách tỉnh",
      synonyms: ["province", "tỉnh"],
      description: "province budget (ngân sách tỉnh)",
      only: "funding",
    },
    {
      value: "district",
      graphql: "DISTRICT",
      en: "district budget",
      vi: "ngân sách huyện",
      synonyms: ["district", "huyện"],
      description: "district budget (ngân sách huyện)",
      only: "funding",
    },
  ],
});
export type BudgetLevel = Values<typeof BUDGET_LEVEL>;

export const DETAIL = defineVocabulary({
  name: "Detail",
  description:
    "Level of detail (mức chi tiết) of a funding figure: a total for all activities, one activity, or one project (đề án). They are the same money at different detail and are never added together.",
  terms: [
    {
      value: "total",
      graphql: "TOTAL",
      en: "all activities",
      vi: "tổng các hoạt động",
      description:
        "all activities (tổng các hoạt động): the figure for the area, period and stage as a whole",
      only: "funding",
    },
    {
      value: "activity",
      graphql: "ACTIVITY",
      en: "one activity",
      vi: "một hoạt động",
      description: "one khuyến công activity (một hoạt động khuyến công)",
      only: "funding",
    },
    {
      value: "project",
      graphql: "PROJECT",
      en: "one project",
      vi: "một đề án",
      description: "one project (một đề án)",
      only: "funding",
    },
  ],
});
export type Detail = Values<typeof DETAIL>;

/**
 * The level of detail of a funding figure: `project` when it names a project (đề án), else `activity` when it
 * names an activity, else `total`. Stored with each fact at load, so a query keys and filters on a column.
 */
export function detailOf(fact: {
  readonly activity_code: string | null;
  readonly project: string | null;
}): Detail {
  return fact.project !== null ? "project" : fact.activity_code !== null ? "activity" : "total";
}

export const SCOPE = defineVocabulary({
  name: "Scope",
  description:
    "What part of its columns a figure covers (phạm vi): the whole figure, one part of it, a running total, or money that includes non-budget contributions.",
  terms: [
    {
      value: "whole",
      graphql: "WHOLE",
      en: "whole figure",
      vi: "toàn bộ",
      description: "whole (toàn bộ): the full figure for the area, period, funding source and stage",
    },
    {
      value: "part",
      graphql: "PART",
      en: "part only",
      vi: "một phần",
      synonyms: ["component", "round", "đợt"],
      description: "part (một phần): one component, round or phase of the figure (“COMPONENT ONLY”, “đợt 1”)",
    },
    {
      value: "cumulative",
      graphql: "CUMULATIVE",
      en: "running total",
      vi: "lũy kế",
      synonyms: ["cumulative"],
      description: "cumulative (lũy kế): a running total up to the source's date",
    },
    {
      value: "incl-non-budget",
      graphql: "INCL_NON_BUDGET",
      en: "includes non-budget money",
      vi: "gồm vốn ngoài ngân sách",
      synonyms: ["incl non budget", "including non-budget"],
      description:
        "includes non-budget money (gồm vốn ngoài ngân sách): includes, or may include, beneficiaries' counterpart or other non-budget money",
    },
  ],
});
export type Scope = Values<typeof SCOPE>;

export const BOUND = defineVocabulary({
  name: "Bound",
  description:
    "How exact a figure is (độ chính xác): exact, a lower bound (“more than”), or approximate (“nearly”).",
  terms: [
    {
      value: "exact",
      graphql: "EXACT",
      en: "exact",
      vi: "chính xác",
      description: "exact (chính xác): the figure as printed",
    },
    {
      value: "at-least",
      graphql: "AT_LEAST",
      en: "at least",
      vi: "ít nhất",
      synonyms: ["at least", "more than", "over", "hơn", "trên"],
      description: "at least (ít nhất): the source says “more than” (hơn, trên); the figure is a lower bound",
    },
    {
      value: "about",
      graphql: "ABOUT",
      en: "about",
      vi: "khoảng",
      synonyms: ["nearly", "approximately", "gần"],
      description: "about (khoảng): the source says “nearly” (gần) or “about”; the figure is approximate",
    },
  ],
});
export type Bound = Values<typeof BOUND>;

export const CERTAINTY = defineVocabulary({
  name: "Certainty",
  description: "Whether the source states a figure's meaning or it was inferred (mức chắc chắn).",
  terms: [
    {
      value: "stated",
      graphql: "STATED",
      en: "stated",
      vi: "nguồn nêu rõ",
      description: "stated (nguồn nêu rõ): the source states the year, stage and funding source",
    },
    {
      value: "inferred",
      graphql: "INFERRED",
      en: "inferred",
      vi: "suy luận",
      synonyms: ["suy ra"],
      description:
        "inferred (suy luận): the year, stage or funding source was inferred, read in translation or from a low-reliability mirror; the note says which",
    },
  ],
});
export type Certainty = Values<typeof CERTAINTY>;
