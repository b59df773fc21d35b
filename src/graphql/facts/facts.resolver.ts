import { Args, Ctx, Query, Resolver } from "type-graphql";
import {
  FACT_TABLES,
  checkPage,
  factsCountSql,
  factsSql,
  inUnit,
  normalizeFactFilter,
  yearKeyText,
  type FactKind,
  type FactRow,
  type FactsSpec,
} from "../../analytics/index.js";
import { qualityCaveat } from "../../model/index.js";
import type { GraphQLContext } from "../context.js";
import {
  amountUnit,
  analysisKey,
  boundaryName,
  cachedAnalysis,
  type NoteAggregates,
  filterCatalog,
} from "../common/analytics-context.js";
import { FactsArgs } from "./facts.args.js";
import { FundingFactPage, OutputFactPage } from "./facts.types.js";

@Resolver()
export class FactsResolver {
  @Query(() => FundingFactPage, {
    description:
      "Funding figures one by one (từng số liệu kinh phí): every source's version of each figure, with its note, quality and origin, filtered as in the analyses and paged.",
  })
  fundingFacts(@Args(() => FactsArgs) args: FactsArgs, @Ctx() ctx: GraphQLContext): Promise<FundingFactPage> {
    return cachedAnalysis(ctx, analysisKey("fundingFacts", args), async (note) => {
      const { page, rows } = await runFacts("funding", args, ctx, note);
      return {
        ...page,
        facts: rows.map((r) => ({
          ...factFields(r, args),
          budgetLevel: r.budget_level,
          activity: r.activity_code,
          project: r.project,
        })),
      };
    });
  }

  @Query(() => OutputFactPage, {
    description:
      "Output figures one by one (từng số liệu kết quả): every source's version of each figure, with its quantity, note, quality and origin, filtered as in the analyses and paged.",
  })
  outputFacts(@Args(() => FactsArgs) args: FactsArgs, @Ctx() ctx: GraphQLContext): Promise<OutputFactPage> {
    return cachedAnalysis(ctx, analysisKey("outputFacts", args), async (note) => {
      const { page, rows } = await runFacts("outputs", args, ctx, note);
      return {
        ...page,
        facts: rows.map((r) => ({
          ...factFields(r, args),
          outputType: r.output_type,
          quantity: r.quantity,
          quantityUnit: r.quantity_unit,
        })),
      };
    });
  }
}

/** The fields funding and output facts share, amounts in the unit asked for. */
function factFields(r: FactRow, args: FactsArgs) {
  return {
    id: r.fact_id,
    area: r.area_id,
    areaName: r.area_name,
    level: r.level,
    year: yearKeyText(r.year_from * 10000 + r.year_to),
    yearFrom: r.year_from,
    yearTo: r.year_to,
    period: r.period,
    fundingSource: r.funding_source,
    stage: r.stage,
    amount: inUnit(r.amount_vnd, amountUnit(args.unit)),
    source: { id: r.source_id, title: r.source_title, url: r.source_url },
    preferred: r.preferred,
    preference: r.preference,
    note: r.note,
    scope: r.scope,
    bound: r.bound,
    certainty: r.certainty,
    caveat: qualityCaveat({ scopes: [r.scope], bound: r.bound, certainty: r.certainty }),
    origin: r.origin,
  };
}

/** Checks the page, normalizes the filters, and reads one page of facts with the count of all of them. */
async function runFacts<K extends FactKind>(
  kind: K,
  args: FactsArgs,
  ctx: GraphQLContext,
  note: NoteAggregates,
) {
  checkPage(args.limit, args.offset);
  const table = FACT_TABLES[kind];
  const catalog = await filterCatalog(ctx.warehouse);
  const boundary = boundaryName(args.boundary);
  const spec: FactsSpec<K> = {
    kind,
    filter: normalizeFactFilter(args.filter, { catalog, table, boundary, argument: "filter" }),
    quality: {
      scopes: args.scopes ?? null,
      bounds: args.bounds ?? null,
      certainties: args.certainties ?? null,
    },
    boundary,
    versions: args.preferredOnly ? "preferred" : "each-source",
    limit: args.limit,
    offset: args.offset,
  };
  // Fact pages read the facts themselves: no aggregate to note, only the database to run on.
  const db = note([]);
  const { rows } = await factsSql(spec).execute(db);
  // A page past the end has no row to read the count from.
  const totalCount =
    rows.length > 0
      ? Number(rows[0].total_count)
      : args.offset > 0
        ? Number((await factsCountSql(spec).execute(db)).rows[0]?.total_count ?? 0)
        : 0;
  return { page: { totalCount, limit: args.limit, offset: args.offset }, rows };
}
