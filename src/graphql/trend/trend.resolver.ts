import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, Info, Query, Resolver } from "type-graphql";
import {
  AnalyticsInputError,
  FACT_TABLES,
  checkYear,
  factFilter,
  normalizeFactFilter,
  normalizeGroupBy,
  normalizePeriod,
  shapeTrend,
  trendSourcesSql,
  trendSql,
  type TrendSpec,
} from "../../analytics/index.js";
import type { GraphQLContext } from "../context.js";
import {
  amountUnit,
  boundaryName,
  filterCatalog,
  selectsField,
  valueBasis,
  analysisKey,
  cachedAnalysis,
} from "../common/analytics-context.js";
import { TrendArgs } from "./trend.args.js";
import { Trend } from "./trend.types.js";

@Resolver()
export class TrendResolver {
  @Query(() => Trend, {
    description:
      "Trend (xu hướng) of funding: one series per group over the years, with change, index, CAGR and coverage. A missing year is null with a reason, never zero.",
  })
  trend(
    @Args(() => TrendArgs) args: TrendArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Trend> {
    return cachedAnalysis(ctx, analysisKey("trend", args, selectsField(info, "sources")), async () => {
      const table = FACT_TABLES.funding;
      const catalog = await filterCatalog(ctx.warehouse);
      const range = catalog.fundingYears;
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
      const spec: TrendSpec = {
        table,
        filter: factFilter({ ...filter, years: null, periods: null }),
        boundary,
        groupBy: normalizeGroupBy(args.groupBy, table, "groupBy", ["year", "period"]),
        basis: valueBasis(
          args.valueBasis,
          args.priceBaseYear ?? baseYear,
          catalog,
          { from: args.from, to: args.to },
          "priceBaseYear",
        ),
        yearly: { period, span: { from: args.from, to: args.to } },
        indexBaseYear: baseYear,
      };
      const db = ctx.warehouse.db;
      const [rows, sourceRows] = await Promise.all([
        trendSql(spec).execute(db),
        selectsField(info, "sources") ? trendSourcesSql(spec).execute(db) : Promise.resolve(null),
      ]);
      const series = shapeTrend(rows.rows, sourceRows?.rows ?? null, spec, amountUnit(args.unit));
      return {
        from: args.from,
        to: args.to,
        period,
        baseYear,
        priceBaseYear: spec.basis.kind === "CONSTANT" ? spec.basis.baseYear : null,
        unit: args.unit,
        valueBasis: args.valueBasis,
        boundary: args.boundary,
        series: series.map((s) => ({
          keys: [...s.keys],
          basis: s.basis,
          points: s.points.map((p) => ({ ...p, sources: [...(p.sources ?? [])] })),
          cagr: s.cagr,
          cagrPercent: s.cagr === null ? null : s.cagr * 100,
          cagrFromYear: s.cagrFromYear,
          cagrToYear: s.cagrToYear,
          cagrReason: s.cagrReason,
          coverage: { ...s.coverage, missingYears: [...s.coverage.missingYears] },
          excludedSpanFacts: s.excludedSpanFacts,
        })),
      };
    });
  }
}
