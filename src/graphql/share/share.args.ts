import { ValueSettingsArgs } from "../common/value-settings.args.js";
import { ArgsType, Field, registerEnumType } from "type-graphql";
import { ValueBasis } from "../common/analytics-enums.js";
import { FactFilterInput } from "../common/fact-filter.input.js";

export const SharePartsBy = Object.freeze({
  AREA: "area",
  FUNDING_SOURCE: "fundingSource",
  BUDGET_LEVEL: "budgetLevel",
} as const);
export type SharePartsBy = (typeof SharePartsBy)[keyof typeof SharePartsBy];
registerEnumType(SharePartsBy, {
  name: "SharePartsBy",
  description: "What splits the whole into parts (chia phần theo).",
  valuesConfig: {
    AREA: { description: "areas (địa bàn): provinces within a region, regions within the nation…" },
    FUNDING_SOURCE: {
      description: "funding sources (nguồn kinh phí): national (KCQG) and local (KCĐP) within the total",
    },
    BUDGET_LEVEL: {
      description: "budget levels (cấp ngân sách): province and district within local funding",
    },
  },
});

export const ShareBasis = Object.freeze({
  PUBLISHED_TOTAL: "PUBLISHED_TOTAL",
  SUM_OF_PARTS: "SUM_OF_PARTS",
} as const);
export type ShareBasis = (typeof ShareBasis)[keyof typeof ShareBasis];
registerEnumType(ShareBasis, {
  name: "ShareBasis",
  description: "Basis of the whole (cơ sở của tổng) a share divides by.",
  valuesConfig: {
    PUBLISHED_TOTAL: { description: "published total (tổng công bố) of the whole" },
    SUM_OF_PARTS: { description: "sum of the parts present (tổng các phần hiện có)" },
  },
});

@ArgsType()
export class ShareArgs extends ValueSettingsArgs {
  @Field(() => SharePartsBy, {
    description: "parts by (chia phần theo): areas, funding sources or budget levels",
  })
  partsBy!: SharePartsBy;

  @Field(() => FactFilterInput, {
    nullable: true,
    description:
      "filter (bộ lọc) over funding facts, applied to parts and whole: years, periods, stages… With FUNDING_SOURCE or BUDGET_LEVEL, its areas are the wholes; with FUNDING_SOURCE, its funding sources are the parts (national and local by default)",
  })
  filter?: FactFilterInput | null;

  @Field(() => String, {
    nullable: true,
    description: "whole area (địa bàn tổng) when parts are areas: VN, north, a province… (id or name)",
  })
  wholeArea?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "part areas (địa bàn thành phần) when parts are areas; by default the provinces of a regional whole, or the three regions of the nation",
  })
  partAreas?: string[] | null;

  @Field(() => ShareBasis, {
    nullable: true,
    description:
      "basis of the whole (cơ sở của tổng); by default the published total when there is one, else the sum of the parts present",
  })
  basis?: ShareBasis | null;

  @Field(() => ValueBasis, {
    defaultValue: ValueBasis.CURRENT,
    description: "value basis (cơ sở giá trị) of the values shown; shares are always of current amounts",
  })
  override valueBasis: ValueBasis = ValueBasis.CURRENT;
}
