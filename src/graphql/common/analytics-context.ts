import type { GraphQLResolveInfo, SelectionSetNode } from "graphql";
import {
  AMOUNT_UNITS,
  AnalyticsInputError,
  aggregateRollup,
  cpiFactors,
  filterCatalogQueries,
  toFilterCatalog,
  type AmountUnit,
  type BoundaryName,
  type FilterCatalog,
  type ValueBasis as AnalyticsValueBasis,
  type YearRange,
} from "../../analytics/index.js";
import type { Warehouse } from "../../warehouse/warehouse.js";
import { readRollups } from "../../warehouse/index.js";
import { Boundary } from "../enums.js";
import type { GraphQLContext } from "../context.js";
import { badUserInput } from "../errors.js";
import type { NoteAggregates } from "./analysis-explain.js";
import type { AmountUnit as AmountUnitEnum, ValueBasis } from "./analytics-enums.js";

// A snapshot never changes once opened: its catalog is read once and dropped with the warehouse.
const catalogs = new WeakMap<Warehouse, Promise<FilterCatalog>>();

/** The filter catalog (areas, year ranges, codes, CPI) of `warehouse`, read on first use. */
export function filterCatalog(warehouse: Warehouse): Promise<FilterCatalog> {
  let catalog = catalogs.get(warehouse);
  if (catalog === undefined) {
    const q = filterCatalogQueries(warehouse.db);
    catalog = Promise.all([
      q.areas.execute(),
      q.years.execute(warehouse.db),
      q.activities.execute(),
      q.outputTypes.execute(),
      q.sources.execute(),
      q.cpi.execute(),
      q.constants.execute(warehouse.db),
      readRollups(warehouse),
      q.memberships.execute(),
      q.domain.execute(warehouse.db),
    ]).then(
      ([areas, years, activities, outputTypes, sources, cpi, constants, rollups, memberships, domain]) =>
        toFilterCatalog({
          areas,
          years: years.rows,
          activities,
          outputTypes,
          sources,
          cpi,
          constants: constants.rows,
          rollups,
          domain: { memberships, facts: domain.rows },
        }),
    );
    catalogs.set(warehouse, catalog);
    catalog.catch(() => catalogs.delete(warehouse));
  }
  return catalog;
}

/** Runs `fn`, turning an AnalyticsInputError into a BAD_USER_INPUT GraphQLError naming its argument. */
export async function withInputErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AnalyticsInputError) throw badUserInput(error.message, error.argumentName);
    throw error;
  }
}

export type { NoteAggregates };

/**
 * Runs an analysis through the leased snapshot's result cache (snapshots never change, so a result stays right
 * for the snapshot's life) with input errors turned into BAD_USER_INPUT. `key` names the field, its arguments
 * and any selection that changes what is computed, e.g. `analysisKey("trend", args, withSources)`. `fn` tells
 * the aggregates it runs through `note`, and runs their SQL on the database `note` returns; which rollup (or the
 * facts) answered each is kept with the result and added to the request's `rollupsUsed`, from the cache too.
 * An explained request (`ctx.explain`) bypasses the cache: the analysis really runs on a database that records
 * its statements, and its stages are timed (src/graphql/common/analysis-explain.ts).
 */
export async function cachedAnalysis<T>(
  ctx: GraphQLContext,
  key: string,
  fn: (note: NoteAggregates) => Promise<T>,
): Promise<T> {
  const explain = ctx.explain;
  const { value, rollups } =
    explain === undefined
      ? await ctx.results.memo(key, async () => {
          const used: Array<string | null> = [];
          const db = ctx.warehouse.db;
          const note: NoteAggregates = (specs) => {
            for (const spec of specs) used.push(aggregateRollup(spec)?.name ?? null);
            return db;
          };
          return { value: await withInputErrors(() => fn(note)), rollups: used };
        })
      : await explain.run(ctx.warehouse, key, (note) => withInputErrors(() => fn(note)));
  ctx.rollupsUsed?.push(...rollups);
  return value;
}

/** The cache key of an analysis: its field, its arguments as sent (after defaults) and any extra switches. */
export function analysisKey(field: string, args: object, ...switches: ReadonlyArray<boolean>): string {
  return `${field}:${JSON.stringify(args)}:${switches.map((on) => (on ? 1 : 0)).join("")}`;
}

/** The analytics' boundary for the GraphQL enum's value. */
export function boundaryName(boundary: Boundary): BoundaryName {
  return boundary === Boundary.MERGED_2025 ? "MERGED_2025" : "HISTORICAL";
}

export function amountUnit(unit: AmountUnitEnum): AmountUnit {
  return AMOUNT_UNITS[unit];
}

/**
 * The value basis for the arguments: CONSTANT needs a base year with CPI data in range; factors are computed
 * for every year of `years` (the data's range).
 */
export function valueBasis(
  basis: ValueBasis,
  baseYear: number | null | undefined,
  catalog: FilterCatalog,
  years: YearRange | null,
  argumentName: string,
): AnalyticsValueBasis {
  if (basis === "CURRENT") return { kind: "CURRENT" };
  if (basis === "PER_CAPITA") return { kind: "PER_CAPITA" };
  const cpiYears = catalog.cpi.map((c) => c.year);
  if (cpiYears.length === 0) {
    throw new AnalyticsInputError(
      `Constant prices (giá so sánh) need the CPI series, and this snapshot has none: add data/reference/cpi.csv and reload, or use the value basis CURRENT.`,
      argumentName,
    );
  }
  // Factors for every year a fact may have: the years asked for, else the whole range of the data.
  const ranges = [catalog.fundingYears, catalog.outputYears].filter((r): r is YearRange => r !== null);
  const span = years ?? {
    from: Math.min(...cpiYears, ...ranges.map((r) => r.from)),
    to: Math.max(...cpiYears, ...ranges.map((r) => r.to)),
  };
  const first = Math.min(...cpiYears, span.from);
  const last = Math.max(...cpiYears, span.to);
  if (baseYear === null || baseYear === undefined) {
    throw new AnalyticsInputError(
      `Constant prices (giá so sánh) need a base year: set "${argumentName}", for example ${Math.max(...cpiYears)}.`,
      argumentName,
    );
  }
  if (baseYear < first || baseYear > last) {
    throw new AnalyticsInputError(
      `The base year ${baseYear} in argument "${argumentName}" is outside the CPI series ${first}–${last}. Pick a year in that range.`,
      argumentName,
    );
  }
  const all: number[] = [];
  for (let y = span.from; y <= span.to; y++) all.push(y);
  return { kind: "CONSTANT", baseYear, factors: cpiFactors(catalog.cpi, baseYear, all) };
}

/** Whether the query selects a field called `name` anywhere under the current field (fragments included). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined, depth: number): boolean => {
    if (set === undefined || depth > 10) return false;
    return set.selections.some((s) => {
      if (s.kind === "Field") return s.name.value === name || visit(s.selectionSet, depth + 1);
      if (s.kind === "InlineFragment") return visit(s.selectionSet, depth + 1);
      return visit(info.fragments[s.name.value]?.selectionSet, depth + 1);
    });
  };
  return info.fieldNodes.some((node) => visit(node.selectionSet, 0));
}
