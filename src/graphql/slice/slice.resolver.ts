import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, Info, Query, Resolver } from "type-graphql";
import {
  FACT_TABLES,
  checkPage,
  normalizeFactFilter,
  normalizeGroupBy,
  shapeSlice,
  sliceCountSql,
  sliceSql,
  type FactKind,
  type ProvenanceWanted,
  type SliceRow,
  type SliceSpec,
} from "../../analytics/index.js";
import type { GraphQLContext } from "../context.js";
import {
  amountUnit,
  boundaryName,
  filterCatalog,
  valueBasis,
  analysisKey,
  cachedAnalysis,
  type NoteAggregates,
} from "../common/analytics-context.js";
import {
  alternativeFigures,
  apiBasis,
  apiGroupKeys,
  figureQuality,
  summedValueFields,
  provenanceSwitches,
  wantsProvenance,
} from "../common/figure-fields.js";
import { SliceArgs } from "./slice.args.js";
import { FundingSlice, OutputSlice } from "./slice.types.js";

@Resolver()
export class SliceResolver {
  @Query(() => FundingSlice, {
    description:
      "Funding slice and dice (lát cắt kinh phí): amounts filtered, grouped, ordered and paged, each with its sources, quality and the other sources' versions where they differ.",
  })
  funding(
    @Args(() => SliceArgs) args: SliceArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<FundingSlice> {
    const provenance = wantsProvenance(info);
    return cachedAnalysis(
      ctx,
      analysisKey("funding", args, ...provenanceSwitches(provenance)),
      async (note) => {
        const { meta, result } = await runSlice("funding", args, ctx, provenance, note);
        return { ...meta, totalCount: result.totalCount, rows: result.rows.map(fundingRow) };
      },
    );
  }

  @Query(() => OutputSlice, {
    description:
      "Output slice and dice (lát cắt kết quả): quantities with their unit and amounts, filtered, grouped, ordered and paged.",
  })
  outputs(
    @Args(() => SliceArgs) args: SliceArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OutputSlice> {
    const provenance = wantsProvenance(info);
    return cachedAnalysis(
      ctx,
      analysisKey("outputs", args, ...provenanceSwitches(provenance)),
      async (note) => {
        const { meta, result } = await runSlice("outputs", args, ctx, provenance, note);
        return {
          ...meta,
          totalCount: result.totalCount,
          rows: result.rows.map((r) => ({
            keys: apiGroupKeys(r.keys),
            basis: apiBasis(r.basis),
            quantity: r.quantity,
            quantityUnit: r.basis.unit,
            amount: r.amountFactCount === 0 ? null : r.value,
            amountReason:
              r.amountFactCount === 0
                ? "No amount is published for these outputs (không có kinh phí)."
                : r.reason,
            factCount: r.factCount,
            amountFactCount: r.amountFactCount,
            priceFactors: [...r.priceFactors],
            sources: [...r.provenance.sources],
            quality: figureQuality(r.quality, r.provenance),
            alternatives: alternativeFigures(r.provenance),
          })),
        };
      },
    );
  }
}

function fundingRow(r: SliceRow) {
  return {
    ...summedValueFields(r, r.provenance),
    keys: apiGroupKeys(r.keys),
    basis: apiBasis(r.basis),
    populationThousands: r.populationThousands,
    priceFactors: [...r.priceFactors],
    sources: [...r.provenance.sources],
  };
}

async function runSlice(
  kind: FactKind,
  args: SliceArgs,
  ctx: GraphQLContext,
  withProvenance: ProvenanceWanted | null,
  note: NoteAggregates,
) {
  checkPage(args.limit, args.offset);
  const table = FACT_TABLES[kind];
  const catalog = await filterCatalog(ctx.warehouse);
  const boundary = boundaryName(args.boundary);
  const years = kind === "funding" ? catalog.fundingYears : catalog.outputYears;
  const spec: SliceSpec = {
    table,
    filter: normalizeFactFilter(args.filter, { catalog, table, boundary, argument: "filter" }),
    boundary,
    groupBy: normalizeGroupBy(args.groupBy, table, "groupBy"),
    basis: valueBasis(args.valueBasis, args.priceBaseYear, catalog, years, "priceBaseYear"),
    yearly: null,
    order: args.orderBy.map((o) => ({ by: o.by, direction: o.direction })),
    limit: args.limit,
    offset: args.offset,
    provenance: withProvenance,
    constants: catalog.constants[table.kind],
    rollups: catalog.rollups,
    domain: catalog.domain,
  };
  const db = note([spec]);
  const unit = amountUnit(args.unit);
  const rows = await sliceSql(spec).execute(db);
  // A page past the end has no row to read the count from.
  const count =
    rows.rows.length === 0 && args.offset > 0
      ? Number((await sliceCountSql(spec).execute(db)).rows[0]?.total_count ?? 0)
      : null;
  const result = shapeSlice(rows.rows, spec, unit, count, catalog.sourcesById);
  const meta = {
    limit: args.limit,
    offset: args.offset,
    unit: args.unit,
    valueBasis: args.valueBasis,
    priceBaseYear: args.valueBasis === "CONSTANT" ? (args.priceBaseYear ?? null) : null,
    boundary: args.boundary,
  };
  return { spec, meta, result };
}
