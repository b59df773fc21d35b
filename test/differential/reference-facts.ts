import type { FundingFactRow, MembershipRow, OutputFactRow, WarehouseRows } from "./warehouse-rows.js";

/**
 * The naive reference's building blocks, written from the contract (the task's rules 1–8 and
 * docs/analytics.md), never from src/analytics: which facts a filter keeps, the key of a fact under a
 * dimension, the population of an area-year, the CPI factor of a year and the value of a set of facts on a
 * value basis. Plain loops and Maps over the rows of `loadWarehouseRows`; nothing here runs SQL.
 */

export type Boundary = "HISTORICAL" | "MERGED_2025";
export type Unit = "VND" | "MILLION_VND" | "BILLION_VND";
export type ValueBasisName = "CURRENT" | "CONSTANT" | "PER_CAPITA";
export type Dimension =
  | "AREA"
  | "LEVEL"
  | "REGION"
  | "YEAR"
  | "PERIOD"
  | "FUNDING_SOURCE"
  | "BUDGET_LEVEL"
  | "STAGE"
  | "ACTIVITY"
  | "DETAIL"
  | "SOURCE"
  | "OUTPUT_TYPE"
  | "UNIT";

export const UNIT_VND: Readonly<Record<Unit, number>> = Object.freeze({
  VND: 1,
  MILLION_VND: 1e6,
  BILLION_VND: 1e9,
});

/** A filter as the API takes it: enum values upper-case, areas and regions by id. */
export interface FilterInput {
  readonly areas?: ReadonlyArray<string>;
  readonly levels?: ReadonlyArray<string>;
  readonly regions?: ReadonlyArray<string>;
  readonly years?: { readonly from: number; readonly to: number };
  readonly periods?: ReadonlyArray<string>;
  readonly fundingSources?: ReadonlyArray<string>;
  readonly stages?: ReadonlyArray<string>;
  readonly activities?: ReadonlyArray<string>;
  readonly outputTypes?: ReadonlyArray<string>;
  readonly sources?: ReadonlyArray<number>;
}

/** How values are asked for: the value basis (with its price base year), the unit and the boundary. */
export interface Valuation {
  readonly valueBasis: ValueBasisName;
  readonly priceBaseYear?: number;
  readonly unit: Unit;
  readonly boundary: Boundary;
}

/** Either kind of fact, as far as filters and keys are concerned. */
export type AnyFact = FundingFactRow | OutputFactRow;

/** The filter with its lists as sets of warehouse values (lower-case) and areas under the boundary. */
export interface StrictFilter {
  readonly areaKeys: ReadonlySet<string> | null;
  readonly levels: ReadonlySet<string> | null;
  readonly regions: ReadonlySet<string> | null;
  readonly years: { readonly from: number; readonly to: number } | null;
  readonly periods: ReadonlySet<string> | null;
  readonly fundingSources: ReadonlySet<string> | null;
  readonly stages: ReadonlySet<string> | null;
  readonly activities: ReadonlySet<string> | null;
  readonly outputTypes: ReadonlySet<string> | null;
  readonly sources: ReadonlySet<number> | null;
  /** Picked sources: figure → the best rank (preference) among the picked sources' versions of it. */
  readonly bestPicked: ReadonlyMap<string, number> | null;
  /** Grouped by SOURCE: each source's own facts, preferred or not (rule 1). */
  readonly everySource: boolean;
}

const lower = (values: ReadonlyArray<string> | undefined): ReadonlySet<string> | null =>
  values === undefined ? null : new Set(values.map((v) => v.toLowerCase()));

/** The area an id counts as under a boundary: a pre-2025 province's successor under MERGED_2025. */
export function areaUnder(rows: WarehouseRows, areaId: string, boundary: Boundary): string {
  const area = rows.areas.get(areaId);
  if (boundary === "MERGED_2025" && area?.level === "province" && area.successorId !== null) {
    return area.successorId;
  }
  return areaId;
}

/**
 * The strict form of a filter: areas mapped under the boundary; when no levels are given and every area has
 * one level, that level is pinned (a region's total is never summed with provinces).
 */
export function strictFilter(
  rows: WarehouseRows,
  input: FilterInput,
  boundary: Boundary,
  groupBy: ReadonlyArray<Dimension> = [],
): StrictFilter {
  const areaKeys =
    input.areas === undefined ? null : new Set(input.areas.map((id) => areaUnder(rows, id, boundary)));
  let levels = lower(input.levels);
  if (levels === null && areaKeys !== null && areaKeys.size > 0) {
    const areaLevels = new Set([...areaKeys].map((id) => rows.areas.get(id)?.level));
    if (areaLevels.size === 1) levels = new Set([...areaLevels].map(String));
  }
  return {
    areaKeys,
    levels,
    regions: input.regions === undefined ? null : new Set(input.regions),
    years: input.years ?? null,
    periods: input.periods === undefined ? null : new Set(input.periods),
    fundingSources: lower(input.fundingSources),
    stages: lower(input.stages),
    activities: input.activities === undefined ? null : new Set(input.activities),
    outputTypes: input.outputTypes === undefined ? null : new Set(input.outputTypes),
    sources: input.sources === undefined ? null : new Set(input.sources),
    bestPicked: input.sources === undefined ? null : bestRanks(rows, new Set(input.sources)),
    everySource: groupBy.includes("SOURCE"),
  };
}

/**
 * Whether a fact passes the filter: areas by their key under the boundary; a region's own facts and its
 * member provinces' facts in the fact's first year; years whose whole span lies inside; the listed periods,
 * funding sources, stages, activities, output types; one version per figure: the preferred one, or the
 * best-ranked among the picked sources (docs/analytics.md, "Which source counts"); every source's own versions
 * when grouped by SOURCE.
 */
export function passes(
  rows: WarehouseRows,
  filter: StrictFilter,
  fact: AnyFact,
  boundary: Boundary,
): boolean {
  if (filter.areaKeys !== null && !filter.areaKeys.has(areaUnder(rows, fact.areaId, boundary))) return false;
  if (filter.levels !== null && !filter.levels.has(fact.level)) return false;
  if (filter.regions !== null) {
    const regions = filter.regions;
    const own = regions.has(fact.areaId);
    const member = membershipsOf(rows, fact.areaId).some(
      (m) => regions.has(m.regionId) && fact.yearFrom >= m.fromYear && fact.yearFrom <= m.toYear,
    );
    if (!own && !member) return false;
  }
  if (filter.years !== null && (fact.yearFrom < filter.years.from || fact.yearTo > filter.years.to)) {
    return false;
  }
  if (filter.periods !== null && !filter.periods.has(fact.period)) return false;
  if (filter.fundingSources !== null && !filter.fundingSources.has(fact.fundingSource)) return false;
  if (filter.stages !== null && !filter.stages.has(fact.stage)) return false;
  if (filter.activities !== null && !("activity" in fact && filter.activities.has(fact.activity ?? ""))) {
    return false;
  }
  if (filter.outputTypes !== null && !("outputType" in fact && filter.outputTypes.has(fact.outputType))) {
    return false;
  }
  if (filter.everySource) return filter.sources === null || filter.sources.has(fact.sourceId);
  if (filter.sources !== null) {
    return filter.sources.has(fact.sourceId) && filter.bestPicked?.get(figureKey(fact)) === fact.preference;
  }
  return fact.preferred;
}

/** Rule 1: the identity of a figure (what it measures, without its source). */
export function figureKey(fact: AnyFact): string {
  return "outputType" in fact
    ? JSON.stringify([
        "o",
        fact.areaId,
        fact.yearFrom,
        fact.yearTo,
        fact.period,
        fact.outputType,
        fact.stage,
        fact.fundingSource,
        fact.unit,
      ])
    : JSON.stringify([
        "f",
        fact.areaId,
        fact.yearFrom,
        fact.yearTo,
        fact.period,
        fact.fundingSource,
        fact.budgetLevel,
        fact.stage,
        fact.activity,
        fact.project,
      ]);
}

/** For each figure, the best rank among the versions the picked sources give. */
function bestRanks(rows: WarehouseRows, sources: ReadonlySet<number>): ReadonlyMap<string, number> {
  const best = new Map<string, number>();
  for (const fact of [...rows.funding, ...rows.outputs]) {
    if (!sources.has(fact.sourceId)) continue;
    const key = figureKey(fact);
    best.set(key, Math.min(best.get(key) ?? Infinity, fact.preference));
  }
  return best;
}

const membershipIndex = new WeakMap<WarehouseRows, Map<string, MembershipRow[]>>();

/** The memberships of an area (as a member), indexed once per data set. */
function membershipsOf(rows: WarehouseRows, areaId: string): ReadonlyArray<MembershipRow> {
  let index = membershipIndex.get(rows);
  if (index === undefined) {
    index = new Map();
    for (const m of rows.memberships) index.set(m.areaId, [...(index.get(m.areaId) ?? []), m]);
    membershipIndex.set(rows, index);
  }
  return index.get(areaId) ?? [];
}

/** The level of detail of a funding fact: project, activity or total. */
export function detailOf(fact: FundingFactRow): string {
  return fact.project !== null ? "project" : fact.activity !== null ? "activity" : "total";
}

/**
 * The figures share, compare and execution rates sum: one level of detail (all activities; single activities
 * when the filter names activities) and unsplit budgets unless `allowBudgetLevel` (docs/analytics.md).
 */
export function isTotalFigure(
  fact: FundingFactRow,
  activitiesNamed: boolean,
  allowBudgetLevel = false,
): boolean {
  if (!allowBudgetLevel && fact.budgetLevel !== null) return false;
  return detailOf(fact) === (activitiesNamed ? "activity" : "total");
}

/** "2024", or "2021-2025" for a span. */
export function yearText(fact: { readonly yearFrom: number; readonly yearTo: number }): string {
  return fact.yearFrom === fact.yearTo ? String(fact.yearFrom) : `${fact.yearFrom}-${fact.yearTo}`;
}

/** The key of a fact under a dimension, as the API prints keys (ids, codes, lower-case vocabulary). */
export function keyOf(
  rows: WarehouseRows,
  fact: AnyFact,
  dimension: Dimension,
  boundary: Boundary,
): string | null {
  switch (dimension) {
    case "AREA":
      return areaUnder(rows, fact.areaId, boundary);
    case "LEVEL":
      return fact.level;
    case "REGION":
      if (fact.level === "region") return fact.areaId;
      if (fact.level === "province") return rows.areas.get(fact.areaId)?.regionId ?? null;
      return null;
    case "YEAR":
      return yearText(fact);
    case "PERIOD":
      return fact.period;
    case "FUNDING_SOURCE":
      return fact.fundingSource;
    case "STAGE":
      return fact.stage;
    case "SOURCE":
      return String(fact.sourceId);
    case "BUDGET_LEVEL":
      return "budgetLevel" in fact ? fact.budgetLevel : null;
    case "ACTIVITY":
      return "activity" in fact ? fact.activity : null;
    case "DETAIL":
      return "activity" in fact ? detailOf(fact) : null;
    case "OUTPUT_TYPE":
      return "outputType" in fact ? fact.outputType : null;
    case "UNIT":
      return "unit" in fact ? fact.unit : null;
  }
}

/**
 * The basis dimensions: figures that differ in one are never summed together (levels, stages, periods,
 * funding sources, budget levels, levels of detail; for outputs output types and units). The brief's rule 2
 * lists level, stage, period, funding source and detail; docs/analytics.md ("What is never added together")
 * adds budget levels and output types, and the API reports both in `basis`.
 */
export const BASIS_DIMENSIONS: Readonly<Record<"funding" | "outputs", ReadonlyArray<Dimension>>> =
  Object.freeze({
    funding: ["LEVEL", "STAGE", "PERIOD", "FUNDING_SOURCE", "BUDGET_LEVEL", "DETAIL"],
    outputs: ["LEVEL", "STAGE", "PERIOD", "FUNDING_SOURCE", "OUTPUT_TYPE", "UNIT"],
  });

/** The basis of a row: what every summed fact shares (null where the fact table lacks the dimension). */
export interface RowBasis {
  readonly level: string | null;
  readonly stage: string | null;
  readonly period: string | null;
  readonly fundingSource: string | null;
  readonly budgetLevel: string | null;
  readonly detail: string | null;
  readonly outputType: string | null;
  readonly unit: string | null;
}

/**
 * The grouping of an analysis: the caller's dimensions, plus each basis dimension that is neither grouped nor
 * pinned by a filter of exactly one value. Returns the dimensions to key by and the pinned basis values.
 */
export function grouping(
  kind: "funding" | "outputs",
  groupBy: ReadonlyArray<Dimension>,
  filter: StrictFilter,
  pinnedPeriod: string | null = null,
): { readonly dimensions: ReadonlyArray<Dimension>; readonly pinned: Partial<Record<Dimension, string>> } {
  const single = (set: ReadonlySet<string> | null) =>
    set !== null && set.size === 1 ? [...set][0] : undefined;
  const pinnable: Partial<Record<Dimension, string | undefined>> = {
    LEVEL: single(filter.levels),
    STAGE: single(filter.stages),
    PERIOD: pinnedPeriod ?? single(filter.periods),
    FUNDING_SOURCE: single(filter.fundingSources),
    OUTPUT_TYPE: single(filter.outputTypes),
  };
  const dimensions = [...groupBy];
  const pinned: Partial<Record<Dimension, string>> = {};
  for (const d of BASIS_DIMENSIONS[kind]) {
    if (groupBy.includes(d)) continue;
    const value = pinnable[d];
    if (value === undefined) dimensions.push(d);
    else pinned[d] = value;
  }
  return { dimensions, pinned };
}

/** The identity of a row: the group-by keys in order, then its basis; case-insensitive. Matches `apiIdentity`. */
export function rowIdentity(groupKeys: ReadonlyArray<string | null>, basis: RowBasis): string {
  return JSON.stringify([
    ...groupKeys,
    basis.level,
    basis.stage,
    basis.period,
    basis.fundingSource,
    basis.budgetLevel,
    basis.detail,
    basis.outputType,
    basis.unit,
  ]).toLowerCase();
}

/** Groups facts by the keys of `dimensions`, with each group's basis, in first-seen order. */
export function groupFacts<F extends AnyFact>(
  rows: WarehouseRows,
  facts: ReadonlyArray<F>,
  kind: "funding" | "outputs",
  groupBy: ReadonlyArray<Dimension>,
  dims: {
    readonly dimensions: ReadonlyArray<Dimension>;
    readonly pinned: Partial<Record<Dimension, string>>;
  },
  boundary: Boundary,
): Map<string, { readonly groupKeys: ReadonlyArray<string | null>; readonly basis: RowBasis; facts: F[] }> {
  const groups = new Map<
    string,
    { readonly groupKeys: ReadonlyArray<string | null>; readonly basis: RowBasis; facts: F[] }
  >();
  for (const fact of facts) {
    const keys = new Map(dims.dimensions.map((d) => [d, keyOf(rows, fact, d, boundary)]));
    const applies = (d: Dimension) => BASIS_DIMENSIONS[kind].includes(d);
    const basisValue = (d: Dimension) =>
      !applies(d) ? null : keys.has(d) ? (keys.get(d) ?? null) : (dims.pinned[d] ?? null);
    const basis: RowBasis = {
      level: basisValue("LEVEL"),
      stage: basisValue("STAGE"),
      period: basisValue("PERIOD"),
      fundingSource: basisValue("FUNDING_SOURCE"),
      budgetLevel: basisValue("BUDGET_LEVEL"),
      detail: basisValue("DETAIL"),
      outputType: basisValue("OUTPUT_TYPE"),
      unit: basisValue("UNIT"),
    };
    const groupKeys = groupBy.map((d) => keys.get(d) ?? null);
    const identity = rowIdentity(groupKeys, basis);
    const group = groups.get(identity);
    if (group === undefined) groups.set(identity, { groupKeys, basis, facts: [fact] });
    else group.facts.push(fact);
  }
  return groups;
}
