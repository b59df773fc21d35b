import { Arg, Ctx, Query, Resolver } from "type-graphql";
import {
  activitiesQuery,
  outputTypesQuery,
  periodCoverageQuery,
  sourcesQuery,
  yearCoverageQuery,
} from "../../analytics/catalog/index.js";
import { FUNDING_SOURCE, STAGE } from "../../model/index.js";
import type { GraphQLContext } from "../context.js";
import {
  Activity,
  FundingSourceInfo,
  OutputType,
  PeriodKind,
  Source,
  StageInfo,
  YearCoverage,
} from "./dimension.type.js";

/** The funding sources' catalog entries, from the model's vocabulary. */
const FUNDING_SOURCES: ReadonlyArray<FundingSourceInfo> = Object.freeze(
  FUNDING_SOURCE.terms.map((term) =>
    Object.freeze({ value: term.value, name: term.en, nameVi: term.vi, abbreviation: term.abbreviation }),
  ),
);

/** The stages' catalog entries, from the model's vocabulary: the programme target applies to outputs only. */
const STAGES: ReadonlyArray<StageInfo> = Object.freeze(
  STAGE.terms.map((term) =>
    Object.freeze({
      value: term.value,
      name: term.en,
      nameVi: term.vi,
      abbreviation: term.abbreviation,
      funding: term.appliesTo.includes("funding"),
      outputs: term.appliesTo.includes("outputs"),
    }),
  ),
);

@Resolver()
export class DimensionResolver {
  @Query(() => [YearCoverage], {
    description: "The single years with data (năm có số liệu), ascending; multi-year spans are not years.",
  })
  async years(@Ctx() ctx: GraphQLContext): Promise<YearCoverage[]> {
    const rows = await yearCoverageQuery(ctx.warehouse.db).execute();
    return rows.map((r) => ({
      year: r.year,
      periods: r.periods,
      fundingFacts: Number(r.funding_facts),
      outputFacts: Number(r.output_facts),
    }));
  }

  @Query(() => [PeriodKind], { description: "Reporting periods (kỳ báo cáo), shortest first." })
  async periods(
    @Ctx() ctx: GraphQLContext,
    @Arg("withData", () => Boolean, {
      defaultValue: true,
      description: "only periods with data (chỉ kỳ có số liệu); false lists every period kind",
    })
    withData: boolean,
  ): Promise<PeriodKind[]> {
    const rows = await periodCoverageQuery(ctx.warehouse.db, withData).execute();
    return rows.map((r) => ({
      code: r.period,
      months: r.months,
      label: r.label_en,
      labelVi: r.label_vi,
      fundingFacts: Number(r.funding_facts ?? 0),
      outputFacts: Number(r.output_facts ?? 0),
    }));
  }

  @Query(() => [FundingSourceInfo], {
    description: `Funding sources (nguồn kinh phí): ${FUNDING_SOURCE.values.join(", ")}.`,
  })
  fundingSources(): ReadonlyArray<FundingSourceInfo> {
    return FUNDING_SOURCES;
  }

  @Query(() => [StageInfo], {
    description: `Stages of a figure (giai đoạn): ${STAGE.values.join(", ")}.`,
  })
  stages(): ReadonlyArray<StageInfo> {
    return STAGES;
  }

  @Query(() => [Activity], { description: "Khuyến công activity categories (nội dung hoạt động), by code." })
  async activities(@Ctx() ctx: GraphQLContext): Promise<Activity[]> {
    const rows = await activitiesQuery(ctx.warehouse.db).execute();
    return rows.map((r) => ({
      code: r.activity_code,
      name: r.name_vi,
      nameEn: r.name_en,
      legalBasis: r.legal_basis,
    }));
  }

  @Query(() => [OutputType], { description: "Types of physical output (loại kết quả), by code." })
  async outputTypes(@Ctx() ctx: GraphQLContext): Promise<OutputType[]> {
    const rows = await outputTypesQuery(ctx.warehouse.db).execute();
    return rows.map((r) => ({ code: r.output_type, unit: r.unit, facts: Number(r.facts ?? 0) }));
  }

  @Query(() => [Source], { description: "Sources (nguồn tài liệu) the figures were read from, by id." })
  async sources(
    @Ctx() ctx: GraphQLContext,
    @Arg("localOnly", () => Boolean, {
      defaultValue: false,
      description: "only sources kept as files in the data folder (chỉ nguồn lưu tại chỗ)",
    })
    localOnly: boolean,
  ): Promise<Source[]> {
    const rows = await sourcesQuery(ctx.warehouse.db, localOnly).execute();
    return rows.map((r) => ({
      id: r.source_id,
      url: r.url,
      title: r.title,
      published: r.published,
      isLocal: r.is_local,
      isSynthetic: r.is_synthetic,
    }));
  }
}
