import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { SourceRef } from "../common/result.types.js";

export const ClaimStatus = Object.freeze({
  CONFIRMED: "confirmed",
  DISCREPANCY: "discrepancy",
  UNVERIFIABLE: "unverifiable",
} as const);
export type ClaimStatus = (typeof ClaimStatus)[keyof typeof ClaimStatus];
registerEnumType(ClaimStatus, {
  name: "ClaimStatus",
  description: "How a published claim stands against its own base figures (kết quả đối chiếu).",
  valuesConfig: {
    CONFIRMED: { description: "confirmed within rounding (khớp trong phạm vi làm tròn)" },
    DISCREPANCY: { description: "discrepancy (sai lệch): the base figures give another value; see the gap" },
    UNVERIFIABLE: { description: "unverifiable (không kiểm chứng được): a base figure is not given" },
  },
});

export const ClaimKind = Object.freeze({ SHARE: "share", CHANGE: "change", RATIO: "ratio" } as const);
export type ClaimKind = (typeof ClaimKind)[keyof typeof ClaimKind];
registerEnumType(ClaimKind, {
  name: "ClaimKind",
  description: "Kind of a published claim (loại nhận định).",
  valuesConfig: {
    SHARE: { description: "share (tỷ trọng, %): numerator ÷ denominator × 100" },
    CHANGE: { description: "change (tăng/giảm, %): (numerator ÷ denominator − 1) × 100" },
    RATIO: { description: "ratio (tỷ số): numerator ÷ denominator" },
  },
});

export const FindingKind = Object.freeze({
  CLAIM: "claim",
  PARTS_VS_TOTAL: "parts-vs-total",
  SOURCE_DISAGREEMENT: "source-disagreement",
} as const);
export type FindingKind = (typeof FindingKind)[keyof typeof FindingKind];
registerEnumType(FindingKind, {
  name: "FindingKind",
  description: "Kind of consistency finding (loại phát hiện khi đối chiếu).",
  valuesConfig: {
    CLAIM: { description: "claim (nhận định): a printed percentage against its base figures" },
    PARTS_VS_TOTAL: {
      description: "parts vs total (thành phần so với tổng): national + local against the total",
    },
    SOURCE_DISAGREEMENT: {
      description: "source disagreement (nguồn vênh nhau): two sources, two values, one figure",
    },
  },
});

export const FindingStatus = Object.freeze({
  CONFIRMED: "confirmed",
  WITHIN_ROUNDING: "within-rounding",
  DISCREPANCY: "discrepancy",
  UNVERIFIABLE: "unverifiable",
} as const);
export type FindingStatus = (typeof FindingStatus)[keyof typeof FindingStatus];
registerEnumType(FindingStatus, {
  name: "FindingStatus",
  description: "Status of a consistency finding (trạng thái).",
  valuesConfig: {
    CONFIRMED: { description: "confirmed (khớp)" },
    WITHIN_ROUNDING: { description: "within rounding (chênh trong phạm vi làm tròn) of the printed figures" },
    DISCREPANCY: { description: "discrepancy (sai lệch) beyond rounding" },
    UNVERIFIABLE: { description: "unverifiable (không kiểm chứng được)" },
  },
});

@ObjectType({
  simpleResolvers: true,
  description: "A published claim (nhận định công bố) beside the value recomputed from its own base figures.",
})
export class ClaimReconciliation {
  @Field(() => ID, { description: "claim id (mã nhận định)" })
  id!: string;

  @Field(() => String, { description: "claim (nhận định) as described" })
  claim!: string;

  @Field(() => ClaimKind, { description: "kind (loại): share, change or ratio" })
  kind!: ClaimKind;

  @Field(() => String, { description: "year (năm): 2024, or a span such as 2021-2025" })
  year!: string;

  @Field(() => String, { description: "period (kỳ báo cáo): FY, H1, 9M…" })
  period!: string;

  @Field(() => Float, { description: "stated value (giá trị công bố) as printed: percent, or a plain ratio" })
  stated!: number;

  @Field(() => Int, { description: "printed decimals (số chữ số thập phân công bố): the rounding allowed" })
  decimals!: number;

  @Field(() => Float, {
    nullable: true,
    description: "computed value (giá trị tính lại) from the base figures; null when unverifiable",
  })
  computed!: number | null;

  @Field(() => Float, { nullable: true, description: "gap (chênh lệch) = computed − stated" })
  gap!: number | null;

  @Field(() => Float, {
    description: "rounding tolerance (dung sai làm tròn): half a unit of the last printed digit",
  })
  tolerance!: number;

  @Field(() => ClaimStatus, { description: "status (kết quả): confirmed, discrepancy or unverifiable" })
  status!: ClaimStatus;

  @Field(() => String, { description: "explanation (giải thích) as a sentence" })
  message!: string;

  @Field(() => String, { description: "numerator as described (tử số)" })
  numeratorDescription!: string;

  @Field(() => String, { description: "denominator as described (mẫu số)" })
  denominatorDescription!: string;

  @Field(() => Float, {
    nullable: true,
    description: "numerator (tử số) in billion VND (tỷ đồng), when given",
  })
  numerator!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "denominator (mẫu số) in billion VND (tỷ đồng), when given",
  })
  denominator!: number | null;

  @Field(() => SourceRef, { description: "source (nguồn tài liệu) of the claim" })
  source!: SourceRef;

  @Field(() => String, { description: "origin (vị trí): input file and line" })
  origin!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: "A consistency finding (phát hiện khi đối chiếu) recorded when the snapshot was built.",
})
export class ConsistencyFinding {
  @Field(() => ID, { description: "finding id (mã)" })
  id!: string;

  @Field(() => FindingKind, { description: "kind (loại)" })
  kind!: FindingKind;

  @Field(() => FindingStatus, { description: "status (trạng thái)" })
  status!: FindingStatus;

  @Field(() => String, { description: "subject (đối tượng): the figure concerned" })
  subject!: string;

  @Field(() => String, { description: "message (mô tả) as a sentence" })
  message!: string;

  @Field(() => Float, {
    nullable: true,
    description: "stated (công bố): the published total or printed claim",
  })
  stated!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "computed (tính lại): the sum of the parts or recomputed claim",
  })
  computed!: number | null;

  @Field(() => Float, { nullable: true, description: "gap (chênh lệch) = computed − stated" })
  gap!: number | null;

  @Field(() => String, { description: "origin (vị trí): input file(s) and line(s)" })
  origin!: string;
}
