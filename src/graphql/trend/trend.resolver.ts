import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, Info, Query, Resolver } from "type-graphql";
import {
  AMOUNT_UNITS,
  AnalyticsInputError,
  aggregateKeys,
  groupIdentity,
  FACT_TABLES,
  checkYear,
  factFilter,
  normalizeFactFilter,
  normalizeGroupBy,
  normalizePeriod,
  orderTrendRows,
  shapeTrend,
  trendSql,
  type AmountUnit as AnalyticsAmountUnit,
  type DimensionName,
  type FactKind,
  type ProvenanceWanted,
  type FilterCatalog,
  type TrendSeries as AnalyticsSeries,
  type TrendSpec,
  type ValueBasis as AnalyticsValueBasis,
} from "../../analytics/index.js";
import type { GraphQLContext } from "../context.js";
import type { Boundary } from "../enums.js";
import { AmountUnit, ValueBasis } from "../common/analytics-enums.js";
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
  apiBasis,
  apiGroupKeys,
  provenanceSwitches,
  summedValueFields,
  wantsProvenance,
} from "../common/figure-fields.js";
import type { FactFilterInput } from "../common/fact-filter.input.js";
import { inSlices, refuseBeforeShaping, shapeInSlices } from "../common/bounded-shaping.js";
import { OutputTrendArgs, TrendArgs } from "./trend.args.js";
import { Trend, TrendSeries } from "./trend.types.js";

@Resolver()
export class TrendResolver {
  @Query(() => Trend, {
    description:
      "Trend (xu hướng) of funding: one series per group over the years, with change, index, CAGR and coverage. A missing year is null with a reason, never zero; a change between figures of different scope is not like for like and is null.",
  })
  trend(
    @Args(() => TrendArgs) args: TrendArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Trend> {
    const provenance = wantsProvenance(info);
    const trend = cachedAnalysis(
      ctx,
      analysisKey("trend", args, ...provenanceSwitches(provenance)),
      async (note) => {
        const catalog = await filterCatalog(ctx.warehouse);
        const request = trendRequest("funding", args, catalog);
        const basis = valueBasis(
          args.valueBasis,
          args.priceBaseYear ?? request.baseYear,
          catalog,
          { from: args.from, to: args.to },
          "priceBaseYear",
        );
        const spec: TrendSpec = { ...request.spec, basis };
        const series = await runTrend(ctx, info, spec, amountUnit(args.unit), provenance, note);
        return {
          from: args.from,
          to: args.to,
          period: request.period,
          baseYear: request.baseYear,
          priceBaseYear: basis.kind === "CONSTANT" ? basis.baseYear : null,
          unit: args.unit,
          valueBasis: args.valueBasis,
          boundary: args.boundary,
          series,
        };
      },
    );
    return seriesInSlices(trend, ctx.signal);
  }

  @Query(() => Trend, {
    description:
      "Trend of outputs (xu hướng kết quả): quantities by output type over the years (models, establishments, assessments…), with change, index, CAGR and coverage like the funding trend. Each point's value is the quantity, in the series' unit (basis.unit); amount is the funding stated with the outputs, in billion VND.",
  })
  outputTrend(
    @Args(() => OutputTrendArgs) args: OutputTrendArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Trend> {
    const provenance = wantsProvenance(info);
    const trend = cachedAnalysis(
      ctx,
      analysisKey("outputTrend", args, ...provenanceSwitches(provenance)),
      async (note) => {
        const catalog = await filterCatalog(ctx.warehouse);
        const request = trendRequest("outputs", args, catalog);
        const basis: AnalyticsValueBasis = { kind: "CURRENT" };
        const series = await runTrend(
          ctx,
          info,
          { ...request.spec, basis },
          AMOUNT_UNITS.BILLION_VND,
          provenance,
          note,
        );
        return {
          from: args.from,
          to: args.to,
          period: request.period,
          baseYear: request.baseYear,
          priceBaseYear: null,
          unit: AmountUnit.BILLION_VND,
          valueBasis: ValueBasis.CURRENT,
          boundary: args.boundary,
          series,
        };
      },
    );
    return seriesInSlices(trend, ctx.signal);
  }
}

/**
 * The trend with its series completed by graphql-js a slice at a time (src/graphql/common/bounded-shaping.ts):
 * the cached trend keeps its plain list, each request gets its own promises.
 */
async function seriesInSlices(trend: Promise<Trend>, signal: AbortSignal): Promise<Trend> {
  const done = await trend;
  // graphql-js completes a list of promises item by item; the GraphQL type is the same.
  return { ...done, series: inSlices(done.series, signal) as TrendSeries[] };
}

interface TrendRequestArgs {
  readonly filter?: FactFilterInput | null;
  readonly groupBy: ReadonlyArray<DimensionName>;
  readonly from: number;
  readonly to: number;
  readonly period: string;
  readonly baseYear?: number | null;
  readonly boundary: Boundary;
}

/** Checks and normalizes a trend's arguments (span, base year, period, filter, grouping) for a fact table. */
function trendRequest(kind: FactKind, args: TrendRequestArgs, catalog: FilterCatalog) {
  const table = FACT_TABLES[kind];
  const range = kind === "funding" ? catalog.fundingYears : catalog.outputYears;
  checkYear(args.from, range, "from");
  checkYear(args.to, range, "to");
  if (args.to < args.from) {
    throw new AnalyticsInputError(
      `The trend ends (${args.to}) before it starts (${args.from}). Swap "from" and "to".`,
      "to",
    );
  }
  const baseYear = args.baseYear ?? args.from;
  if (baseYear < args.from || baseYear > args.to) {
    throw new AnalyticsInputError(
      `The index base year ${baseYear} in argument "baseYear" is outside the trend's span ${args.from}–${args.to}.`,
      "baseYear",
    );
  }
  const boundary = boundaryName(args.boundary);
  const period = normalizePeriod(args.period, "period");
  const filter = normalizeFactFilter(args.filter, { catalog, table, boundary, argument: "filter" });
  // Quantities of different output types never add up: the output type is a basis dimension, one series each.
  const groupBy = normalizeGroupBy(args.groupBy, table, "groupBy", ["year", "period"]);
  const spec: Omit<TrendSpec, "basis"> = {
    table,
    filter: factFilter({ ...filter, years: null, periods: null }),
    boundary,
    groupBy,
    yearly: { period, span: { from: args.from, to: args.to } },
    indexBaseYear: baseYear,
    constants: catalog.constants[table.kind],
    rollups: catalog.rollups,
    domain: catalog.domain,
  };
  return { spec, period, baseYear };
}

/**
 * Runs the trend's SQL and shapes its rows into API series: refused before shaping when the warehouse answered
 * more rows than the field may return, shaped a few series at a time between turns of the event loop.
 */
async function runTrend(
  ctx: GraphQLContext,
  info: GraphQLResolveInfo,
  spec: TrendSpec,
  unit: AnalyticsAmountUnit,
  withProvenance: ProvenanceWanted | null,
  note: NoteAggregates,
): Promise<TrendSeries[]> {
  const withSources = { ...spec, provenance: withProvenance };
  const db = note([withSources]);
  const { rows } = await trendSql(withSources).execute(db);
  refuseBeforeShaping(ctx, info, rows.length);
  // In series order before slicing: each slice is shaped on its own.
  const ordered = orderTrendRows(rows, withSources);
  const sources = withProvenance === null ? undefined : (await filterCatalog(ctx.warehouse)).sourcesById;
  const { dimensions } = aggregateKeys(withSources);
  return shapeInSlices(
    ordered,
    (row) => groupIdentity(row, dimensions),
    (slice) => shapeTrend(slice, withSources, unit, sources).map(apiSeries),
    ctx.signal,
  );
}

function apiSeries(s: AnalyticsSeries): TrendSeries {
  return {
    keys: apiGroupKeys(s.keys),
    basis: apiBasis(s.basis),
    points: s.points.map((p) => ({
      ...summedValueFields(p, p.provenance),
      year: p.year,
      populationThousands: p.populationThousands,
      previousYear: p.previousYear,
      change: p.change,
      changePercent: p.changePercent,
      changeReason: p.changeReason,
      likeForLike: p.likeForLike,
      quantity: p.quantity,
      index: p.index,
      indexReason: p.indexReason,
      priceFactor: p.priceFactor,
      sources: [...p.provenance.sources],
    })),
    cagr: s.cagr,
    cagrPercent: s.cagr === null ? null : s.cagr * 100,
    cagrFromYear: s.cagrFromYear,
    cagrToYear: s.cagrToYear,
    cagrReason: s.cagrReason,
    coverage: { ...s.coverage, missingYears: [...s.coverage.missingYears] },
    excludedSpanFacts: s.excludedSpanFacts,
  };
}
