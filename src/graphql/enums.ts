import { registerEnumType } from "type-graphql";
import {
  AREA_LEVEL,
  BOUND,
  BUDGET_LEVEL,
  CERTAINTY,
  DETAIL,
  FUNDING_SOURCE,
  SCOPE,
  STAGE,
  type Values,
  type Vocabulary,
} from "../model/index.js";

/*
 * The dimensions every feature shares. The vocabularies' enums come from src/model: each enum's internal values
 * are the warehouse's own strings (`"national"`, `"plan"`…), so resolvers pass them to queries unchanged, return
 * them unchanged (GraphQL serializes "plan" as PLAN), and the TypeScript types equal the model's unions.
 */

type ReplaceHyphens<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}_${ReplaceHyphens<Tail>}`
  : S;

/** A vocabulary value's GraphQL name: `"at-least"` → `"AT_LEAST"` (checked against the model at registration). */
export type GraphQLEnumName<V extends string> = Uppercase<ReplaceHyphens<V>>;

/** `{ NATIONAL: "national", … }` typed precisely, so `FundingSource.NATIONAL` is `"national"`. */
export type GraphQLEnum<V extends string> = { readonly [K in V as GraphQLEnumName<K>]: K };

/** Registers a model vocabulary as a GraphQL enum: its name, description, values and their descriptions. */
function registerVocabulary<V extends string>(vocabulary: Vocabulary<V>): GraphQLEnum<V> {
  for (const term of vocabulary.terms) {
    const expected = term.value.replace(/-/g, "_").toUpperCase();
    if (term.graphql !== expected) {
      throw new Error(
        `The ${vocabulary.name} value "${term.value}" is named ${term.graphql} in GraphQL; name it ${expected} in src/model.`,
      );
    }
  }
  registerEnumType(vocabulary.graphqlEnum, {
    name: vocabulary.name,
    description: vocabulary.description,
    valuesConfig: vocabulary.graphqlValuesConfig,
  });
  return vocabulary.graphqlEnum as unknown as GraphQLEnum<V>;
}

export const AreaLevel = registerVocabulary(AREA_LEVEL);
export type AreaLevel = Values<typeof AREA_LEVEL>;

export const FundingSource = registerVocabulary(FUNDING_SOURCE);
export type FundingSource = Values<typeof FUNDING_SOURCE>;

export const Stage = registerVocabulary(STAGE);
export type Stage = Values<typeof STAGE>;

export const BudgetLevel = registerVocabulary(BUDGET_LEVEL);
export type BudgetLevel = Values<typeof BUDGET_LEVEL>;

export const Detail = registerVocabulary(DETAIL);
export type Detail = Values<typeof DETAIL>;

export const Scope = registerVocabulary(SCOPE);
export type Scope = Values<typeof SCOPE>;

export const Bound = registerVocabulary(BOUND);
export type Bound = Values<typeof BOUND>;

export const Certainty = registerVocabulary(CERTAINTY);
export type Certainty = Values<typeof CERTAINTY>;

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
