import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, Info, Query, Resolver } from "type-graphql";
import { combineQuality } from "../../model/index.js";
import {
  AnalyticsInputError,
  FACT_TABLES,
  factFilter,
  mergeProvenance,
  readProvenance,
  normalizeFactFilter,
  type FactFilter,
  type YearRange,
} from "../../analytics/index.js";
import {
  compareQuery,
  compareSelectionSpec,
  executionRateQuery,
  executionRateSpecs,
  shapeComparison,
  shapeExecutionRates,
  type ComparedValue,
  type CompareSelection,
  type CompareSpec,
  type ExecutionRateSpec,
} from "../../analytics/compare/index.js";
import {
  alternativeFigures,
  figureQuality,
  provenanceSwitches,
  summedValueFields,
  wantsProvenance,
} from "../common/figure-fields.js";
import type { GraphQLContext } from "../context.js";
import {
  amountUnit,
  boundaryName,
  filterCatalog,
  valueBasis,
  analysisKey,
  cachedAnalysis,
} from "../common/analytics-context.js";
import { CompareArgs, CompareMeasure, ExecutionRateArgs } from "./compare.args.js";
import { CompareResult, ComparedTotal, ExecutionRateResult } from "./compare.types.js";

const MAX_SELECTIONS = 20;

@Resolver()
export class CompareResolver {
  @Query(() => CompareResult, {
    description:
      "Compare (so sánh) two or more selections side by side: each total with its difference (chênh lệch), ratio (tỷ số) and percent difference against the reference selection, and optionally against the same period last year (cùng kỳ).",
  })
  compare(
    @Args(() => CompareArgs) args: CompareArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CompareResult> {
    const withProvenance = wantsProvenance(info);
    return cachedAnalysis(
      ctx,
      analysisKey("compare", args, ...provenanceSwitches(withProvenance)),
      async (note) => {
        const count = args.selections.length;
        if (count < 2 && !args.samePeriodLastYear) {
          throw new AnalyticsInputError(
            `Argument "selections" has ${count} selection${count === 1 ? "" : "s"}; compare needs two or more (or samePeriodLastYear: true).`,
            "selections",
          );
        }
        if (count < 1 || count > MAX_SELECTIONS) {
          throw new AnalyticsInputError(
            `Argument "selections" has ${count} selections; give 1 to ${MAX_SELECTIONS}.`,
            "selections",
          );
        }
        if (!Number.isInteger(args.reference) || args.reference < 0 || args.reference >= count) {
          throw new AnalyticsInputError(
            `The reference ${args.reference} in argument "reference" is not a selection index; give 0 to ${count - 1}.`,
            "reference",
          );
        }
        const catalog = await filterCatalog(ctx.warehouse);
        const boundary = boundaryName(args.boundary);
        const selections: CompareSelection[] = args.selections.map((s, i) => {
          const table =
            s.measure === CompareMeasure.OUTPUT_AMOUNT ? FACT_TABLES.outputs : FACT_TABLES.funding;
          const filter = normalizeFactFilter(s.filter, {
            catalog,
            table,
            boundary,
            argument: `selections[${i}].filter`,
          });
          return { table, filter };
        });
        if (args.samePeriodLastYear) {
          selections.forEach((s, i) => {
            if (s.filter.years === null) {
              throw new AnalyticsInputError(
                `samePeriodLastYear needs the years of every selection; set "selections[${i}].filter.years", for example {from: 2024, to: 2024}.`,
                `selections[${i}].filter.years`,
              );
            }
          });
          selections.push(...selections.map((s) => ({ ...s, filter: shifted(s.filter) })));
        }
        const basis = valueBasis(
          args.valueBasis,
          args.priceBaseYear,
          catalog,
          span(selections),
          "priceBaseYear",
        );
        const unit = amountUnit(args.unit);
        const spec: CompareSpec = {
          selections,
          boundary,
          basis,
          provenance: withProvenance,
          rollups: catalog.rollups,
          domain: catalog.domain,
        };
        const db = note(
          selections.map((s) =>
            compareSelectionSpec(s, boundary, basis, withProvenance, catalog.rollups, catalog.domain),
          ),
        );
        const { rows } = await compareQuery(spec).execute(db);
        // A selection's total is one row when it is valid: its provenance is its rows' together.
        const provenance =
          withProvenance === null
            ? null
            : selections.map((selection, sel) =>
                mergeProvenance(
                  rows
                    .filter((r) => Number(r.sel) === sel)
                    .map((r) =>
                      readProvenance(
                        r,
                        (v) => (selection.table.hasOutputType ? v : v / unit.vnd),
                        catalog.sourcesById,
                      ),
                    ),
                ),
              );
        const items = shapeComparison(rows, {
          count,
          withLastYear: args.samePeriodLastYear,
          reference: args.reference,
          unit,
          valueBasis: basis,
          provenance,
        });
        return {
          reference: args.reference,
          unit: args.unit,
          valueBasis: args.valueBasis,
          priceBaseYear: basis.kind === "CONSTANT" ? basis.baseYear : null,
          boundary: args.boundary,
          selections: items.map((item) => ({
            index: item.index,
            label: args.selections[item.index]?.label ?? null,
            total: toTotal(item.total),
            vsReference: { ...item.vsReference },
            lastYear: item.lastYear === null ? null : toTotal(item.lastYear),
            vsLastYear: item.vsLastYear === null ? null : { ...item.vsLastYear },
          })),
        };
      },
    );
  }

  @Query(() => ExecutionRateResult, {
    description:
      "Execution rate (tỷ lệ thực hiện): each allocated, estimated or actual figure over the full-year plan (kế hoạch) of the same funding source, area and year, with the same period last year (cùng kỳ năm trước).",
  })
  executionRate(
    @Args(() => ExecutionRateArgs) args: ExecutionRateArgs,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ExecutionRateResult> {
    const withProvenance = wantsProvenance(info);
    return cachedAnalysis(
      ctx,
      analysisKey("executionRate", args, ...provenanceSwitches(withProvenance)),
      async (note) => {
        const catalog = await filterCatalog(ctx.warehouse);
        const boundary = boundaryName(args.boundary);
        const filter = normalizeFactFilter(args.filter, {
          catalog,
          table: FACT_TABLES.funding,
          boundary,
          argument: "filter",
        });
        const wrong = filter.stages?.find((s) => s === "plan" || s === "target");
        if (wrong !== undefined) {
          throw new AnalyticsInputError(
            `"${wrong.toUpperCase()}" in argument "filter.stages" is not an execution stage: the plan is the denominator. Use ALLOCATED, ESTIMATED or ACTUAL.`,
            "filter.stages",
          );
        }
        const years = filter.years === null ? null : { from: filter.years.from - 1, to: filter.years.to };
        const basis = valueBasis(args.valueBasis, args.priceBaseYear, catalog, years, "priceBaseYear");
        const unit = amountUnit(args.unit);
        const spec: ExecutionRateSpec = {
          filter,
          boundary,
          basis,
          provenance: withProvenance,
          rollups: catalog.rollups,
          domain: catalog.domain,
        };
        const db = note(Object.values(executionRateSpecs(spec)));
        const { rows } = await executionRateQuery(spec).execute(db);
        const rates = shapeExecutionRates(
          rows,
          unit,
          basis,
          withProvenance === null ? null : catalog.sourcesById,
        );
        return {
          unit: args.unit,
          valueBasis: args.valueBasis,
          priceBaseYear: basis.kind === "CONSTANT" ? basis.baseYear : null,
          boundary: args.boundary,
          rates: rates.map((r) => ({
            area: r.area,
            areaName: catalog.areasById.get(r.area)?.nameVi ?? null,
            year: r.year,
            period: r.period,
            stage: r.stage,
            fundingSource: r.fundingSource,
            executed: r.executed.value,
            executedAmount: r.executed.amount ?? 0,
            executedReason: r.executed.reason,
            plan: r.plan?.value ?? null,
            ratePercent: r.ratePct,
            reason: r.reason,
            lastYear: r.lastYear?.value ?? null,
            changeVsLastYearPercent: r.changeVsLastYearPct,
            lastYearReason: r.lastYearReason,
            sourceIds: r.executedProvenance.sources.map((source) => source.id),
            planSourceIds: r.planProvenance.sources.map((source) => source.id),
            populationThousands: r.executed.populationThousands,
            quality: figureQuality(
              combineQuality(r.plan === null ? [r.executed.quality] : [r.executed.quality, r.plan.quality]),
              { ...r.executedProvenance, notes: [...r.executedProvenance.notes, ...r.planProvenance.notes] },
            ),
            alternatives: alternativeFigures(r.executedProvenance),
            planAlternatives: alternativeFigures(r.planProvenance),
          })),
        };
      },
    );
  }
}

function shifted(filter: FactFilter): FactFilter {
  const years = filter.years as YearRange;
  return factFilter({ ...filter, years: { from: years.from - 1, to: years.to - 1 } });
}

function span(selections: ReadonlyArray<CompareSelection>): YearRange | null {
  const ranges = selections.map((s) => s.filter.years);
  if (ranges.some((r) => r === null)) return null;
  const known = ranges as YearRange[];
  return { from: Math.min(...known.map((r) => r.from)), to: Math.max(...known.map((r) => r.to)) };
}

function toTotal(total: ComparedValue): ComparedTotal {
  return {
    ...summedValueFields(total, total.provenance),
    alternativeSources: new Set(total.provenance.alternatives.map((a) => a.source.id)).size,
    yearFrom: total.yearFrom,
    yearTo: total.yearTo,
    areas: [...total.areas],
    levels: [...total.levels],
    stages: [...total.stages],
    periods: [...total.periods],
    fundingSources: [...total.fundingSources],
    details: total.details as ComparedTotal["details"],
    units: [...total.units],
    sources: [...total.provenance.sources],
  };
}
