import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, Info, Query, Resolver } from "type-graphql";
import {
  AnalyticsInputError,
  FACT_TABLES,
  areaUnder,
  factFilter,
  normalizeFactFilter,
  resolveArea,
  type FactFilter,
  type FilterCatalog,
} from "../../analytics/index.js";
import { shapeShares, shareQuery, shareSpecs, type ShareSpec } from "../../analytics/share/index.js";
import type { Provenance, SummedFigure } from "../../analytics/index.js";
import { combineQuality, dimensionSpec, type DimensionName } from "../../model/index.js";
import {
  alternativeFigures,
  figureQuality,
  provenanceSwitches,
  wantsProvenance,
} from "../common/figure-fields.js";
import type { FundingSource } from "../../warehouse/tables.js";
import type { GraphQLContext } from "../context.js";
import {
  amountUnit,
  boundaryName,
  filterCatalog,
  valueBasis,
  analysisKey,
  cachedAnalysis,
} from "../common/analytics-context.js";
import { quote } from "../errors.js";
import { ShareArgs, SharePartsBy } from "./share.args.js";
import { ShareResult } from "./share.types.js";

/** The khuyến công regions that make up the nation today: the default parts of a nationwide whole. */
const NATION_PARTS: ReadonlyArray<string> = ["north", "central-highlands", "south"];

@Resolver()
export class ShareResolver {
  @Query(() => ShareResult, {
    description:
      "Share (tỷ trọng) of parts within a whole, per period: national and local within a region's plan, a region within the nation, provinces within a region. Each part has its share, rank and the basis of the whole (published total or sum of the parts present) with the gap between them. Levels are never double-counted.",
  })
  share(
    @Args(() => ShareArgs) args: ShareArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ShareResult> {
    const withProvenance = wantsProvenance(info);
    return cachedAnalysis(
      ctx,
      analysisKey("share", args, ...provenanceSwitches(withProvenance)),
      async (note) => {
        const catalog = await filterCatalog(ctx.warehouse);
        const boundary = boundaryName(args.boundary);
        const base = normalizeFactFilter(args.filter, {
          catalog,
          table: FACT_TABLES.funding,
          boundary,
          argument: "filter",
        });
        const { parts, whole } = partsAndWhole(args, base, catalog, boundary);
        // A slice without a published whole still belongs to the whole area asked for.
        const wholeId = args.partsBy === SharePartsBy.AREA ? (whole.areaIds?.[0] ?? null) : null;
        const basis = valueBasis(args.valueBasis, args.priceBaseYear, catalog, base.years, "priceBaseYear");
        const spec: ShareSpec = {
          partsBy: args.partsBy,
          parts,
          whole,
          boundary,
          basis,
          provenance: withProvenance,
          rollups: catalog.rollups,
          domain: catalog.domain,
        };
        const unit = amountUnit(args.unit);
        const db = note(Object.values(shareSpecs(spec)));
        const { rows } = await shareQuery(spec).execute(db);
        const slices = shapeShares(rows, {
          partsBy: args.partsBy,
          basis: args.basis ?? null,
          unit,
          valueBasis: basis,
          sources: withProvenance === null ? null : catalog.sourcesById,
        });
        const areaName = (id: string | null) =>
          id === null ? null : (catalog.areasById.get(id)?.nameVi ?? null);
        return {
          partsBy: args.partsBy,
          basis: args.basis ?? null,
          unit: args.unit,
          valueBasis: args.valueBasis,
          priceBaseYear: basis.kind === "CONSTANT" ? basis.baseYear : null,
          boundary: args.boundary,
          slices: slices.map((s) => ({
            year: s.yearFrom === s.yearTo ? String(s.yearFrom) : `${s.yearFrom}-${s.yearTo}`,
            yearFrom: s.yearFrom,
            yearTo: s.yearTo,
            period: s.period,
            stage: s.stage,
            area: s.area,
            fundingSource: s.fundingSource,
            whole: {
              area: s.whole.area ?? wholeId ?? s.area,
              areaName: areaName(s.whole.area ?? wholeId ?? s.area),
              basis: s.whole.basis,
              value: s.whole.value.value,
              amount: s.whole.value.amount,
              reason: s.whole.value.reason,
              publishedTotal: s.whole.publishedTotal?.value ?? null,
              sumOfParts: s.whole.sumOfParts?.value ?? null,
              gap: s.whole.gap,
              gapPercent: s.whole.gapPct,
              partCount: s.whole.partCount,
              mixedLevels: s.whole.mixedLevels,
              sources: [...s.whole.provenance.sources],
              alternativeSources: alternativeSourceCount(s.whole.provenance),
              quality: figureQuality(s.whole.value.quality, s.whole.provenance),
              alternatives: alternativeFigures(s.whole.provenance),
            },
            parts: s.parts.map((p) => ({
              key: p.key,
              label:
                args.partsBy === SharePartsBy.AREA
                  ? areaName(p.key)
                  : (termOf(args.partsBy, p.key)?.phrase ?? null),
              level: p.level,
              value: p.value.value,
              amount: p.value.amount,
              valueReason: p.value.reason,
              factor: factorOf(p.value),
              sharePercent: p.sharePct,
              reason: p.reason,
              rank: p.rank,
              sources: [...p.provenance.sources],
              alternativeSources: alternativeSourceCount(p.provenance),
              quality: figureQuality(combineQuality([p.quality]), p.provenance),
              alternatives: alternativeFigures(p.provenance),
            })),
          })),
        };
      },
    );
  }
}

function alternativeSourceCount(provenance: Provenance): number {
  return new Set(provenance.alternatives.map((a) => a.source.id)).size;
}

/** The factor applied to a part's value: the CPI factor (constant prices) or the population (per capita). */
function factorOf(figure: SummedFigure): number | null {
  return figure.priceFactors[0]?.factor ?? figure.populationThousands;
}

/** The part and whole filters for the arguments, or an AnalyticsInputError naming the argument at fault. */
function partsAndWhole(
  args: ShareArgs,
  base: FactFilter,
  catalog: FilterCatalog,
  boundary: ShareSpec["boundary"],
): { parts: FactFilter; whole: FactFilter } {
  if (args.partsBy !== SharePartsBy.AREA) {
    for (const name of ["wholeArea", "partAreas"] as const) {
      if (args[name] != null) {
        throw new AnalyticsInputError(
          `Argument "${name}" only applies when partsBy is AREA; with ${args.partsBy === SharePartsBy.FUNDING_SOURCE ? "FUNDING_SOURCE" : "BUDGET_LEVEL"} the wholes are the areas of "filter.areas".`,
          name,
        );
      }
    }
  }
  if (args.partsBy === SharePartsBy.FUNDING_SOURCE) {
    const sources = base.fundingSources;
    if (sources?.includes("total")) {
      throw new AnalyticsInputError(
        `"TOTAL" in argument "filter.fundingSources" is the whole when parts are funding sources; list only NATIONAL and LOCAL, or leave it out.`,
        "filter.fundingSources",
      );
    }
    return {
      parts: factFilter({ ...base, fundingSources: sources ?? (["national", "local"] as FundingSource[]) }),
      whole: factFilter({ ...base, fundingSources: ["total"] }),
    };
  }
  if (args.partsBy === SharePartsBy.BUDGET_LEVEL) {
    const sources = base.fundingSources;
    if (sources !== null && (sources.length !== 1 || sources[0] !== "local")) {
      throw new AnalyticsInputError(
        `Budget levels split local funding only: argument "filter.fundingSources" must be [LOCAL] or left out, not ${quote(sources.join(", ").toUpperCase())}.`,
        "filter.fundingSources",
      );
    }
    const local = factFilter({ ...base, fundingSources: ["local"] });
    return { parts: local, whole: local };
  }
  if (base.areaIds !== null) {
    throw new AnalyticsInputError(
      `When parts are areas, give the whole in "wholeArea" and the parts in "partAreas", not in "filter.areas".`,
      "filter.areas",
    );
  }
  if (args.wholeArea == null) {
    throw new AnalyticsInputError(
      `Parts by AREA need argument "wholeArea": the area the parts belong to, such as "north" or "VN".`,
      "wholeArea",
    );
  }
  const wholeArea = areaUnder(resolveArea(args.wholeArea, catalog, boundary, "wholeArea"), boundary, catalog);
  const whole = factFilter({ ...base, areaIds: [wholeArea.id], levels: [wholeArea.level] });
  if (args.partAreas != null) {
    const ids = args.partAreas.map((text) => {
      const area = areaUnder(resolveArea(text, catalog, boundary, "partAreas"), boundary, catalog);
      if (area.id === wholeArea.id) {
        throw new AnalyticsInputError(
          `${quote(text)} in argument "partAreas" is the whole itself (${wholeArea.id}); a whole is never one of its own parts.`,
          "partAreas",
        );
      }
      return area.id;
    });
    return { parts: factFilter({ ...base, areaIds: ids }), whole };
  }
  if (wholeArea.level === "region") {
    return { parts: factFilter({ ...base, regionIds: [wholeArea.id], levels: ["province"] }), whole };
  }
  if (wholeArea.level === "nation") {
    const regions = NATION_PARTS.filter((id) => catalog.areasById.has(id));
    return { parts: factFilter({ ...base, areaIds: regions, levels: ["region"] }), whole };
  }
  throw new AnalyticsInputError(
    `The whole ${quote(args.wholeArea)} is a province, which has no parts by default; list them in "partAreas".`,
    "partAreas",
  );
}

/** The vocabulary term a part's key names (a funding source, a budget level), from the model. */
function termOf(dimension: DimensionName, value: string) {
  const vocabulary = dimensionSpec(dimension).vocabulary;
  return vocabulary?.values.includes(value) === true ? vocabulary.term(value) : null;
}
