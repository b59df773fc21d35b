import {
  getArgumentValues,
  getVariableValues,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type GraphQLOutputType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { factProfileSql, toFactProfile, type FactProfile } from "../analytics/catalog/index.js";
import { FACT_TABLES, type FactKind } from "../analytics/index.js";
import {
  DIMENSION_NAMES,
  VOCABULARY_FILTERS,
  basisDimensionNames,
  dimensionApplies,
  type DimensionName,
} from "../model/index.js";
import type { Warehouse } from "../warehouse/index.js";
import { ANALYSIS_FIELDS } from "./analysis-limit.rule.js";

/** What one analysis of an operation is estimated to return, before anything runs. */
export interface AnalysisCost {
  /** The response key: the alias, or the field name. */
  readonly key: string;
  readonly field: string;
  /** Groups (series, slices, parts) the analysis is estimated to have. */
  readonly groups: number;
  /** Rows of the response (objects in lists: groups, their keys and points), as the row limit counts them. */
  readonly rows: number;
  /** What the groups are made of, in model order: the caller's groupBy and the basis dimensions. */
  readonly dimensions: ReadonlyArray<DimensionName>;
}

/** The profiles of both fact tables (src/analytics/catalog/fact-profile.query.ts). */
export type FactProfiles = Readonly<Record<FactKind, FactProfile>>;

// A snapshot never changes once opened: its profiles are read once and dropped with the warehouse.
const profiles = new WeakMap<Warehouse, Promise<FactProfiles>>();

/** The fact profiles of `warehouse`, read on first use (one scan of each fact table). */
export function factProfiles(warehouse: Warehouse): Promise<FactProfiles> {
  let found = profiles.get(warehouse);
  if (found === undefined) {
    const read = async (kind: FactKind) =>
      toFactProfile((await factProfileSql(FACT_TABLES[kind]).execute(warehouse.db)).rows[0]);
    found = Promise.all([read("funding"), read("outputs")]).then(([funding, outputs]) =>
      Object.freeze({ funding, outputs }),
    );
    profiles.set(warehouse, found);
    found.catch(() => profiles.delete(warehouse));
  }
  return found;
}

const OUTPUT_FIELDS: ReadonlySet<string> = new Set(["outputs", "outputTrend", "outputFacts"]);
const TREND_FIELDS: ReadonlySet<string> = new Set(["trend", "outputTrend"]);
const FACT_FIELDS: ReadonlySet<string> = new Set(["fundingFacts", "outputFacts"]);

/** The dimensions a fact's area decides: grouped with the area, they split nothing further. */
const DECIDED_BY_AREA: ReadonlySet<DimensionName> = new Set(["level", "region"]);

/** `FactFilterInput` fields that pin a dimension to the values they list (besides the vocabulary filters). */
const FILTER_LISTS: ReadonlyArray<readonly [string, DimensionName]> = [
  ["areas", "area"],
  ["regions", "region"],
  ["periods", "period"],
  ["activities", "activity"],
  ["outputTypes", "outputType"],
  ["sources", "source"],
  ["sourceUrls", "source"],
  ...VOCABULARY_FILTERS.map((f) => [f.field, f.dimension] as const),
];

/**
 * Estimates every analysis (ANALYSIS_FIELDS) at the root of `operation`, each alias on its own, from the
 * arguments alone and the snapshot's fact profiles, so that a request can be refused before any SQL runs.
 *
 * Groups = the product, over the grouped dimensions, of each dimension's distinct keys in the facts (or of the
 * values a filter lists for it, when fewer), times the same product over the basis dimensions the analysis adds
 * (src/model: `basis`) or the basis combinations present in the facts when fewer, at most the number of facts;
 * the level and region add nothing beside the area. Rows are the objects in lists the selection asks for, as the
 * row limit counts them: per group its keys (one per dimension) and a trend's points (one per year of from–to),
 * with one item for any other list of objects (a point's sources); slices and fact lists are pages, at most their
 * `limit`. An upper bound on the groups: exact when dimensions are independent (the synthetic data), capped by
 * the facts when they are not (the published data: the widest trend is estimated 168 series, it has 146).
 * Example: a funding trend 2008–2025 grouped by activity, area, budget level, detail, funding source, level,
 * region, source and stage over 1M synthetic facts (63 provinces × 22 activities × 2 sources × 4 stages),
 * selecting `series { keys { value } points { value sources { id } } }`, is 11,088 groups and
 * 11,088 × (1 + 9 + 18 × 2) = 510,048 rows.
 * Arguments whose variables do not coerce are skipped: execution reports them. Variables are coerced as execution
 * coerces them, with the operation's defaults.
 */
export function estimateAnalyses(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>,
  variables: Readonly<Record<string, unknown>>,
  facts: FactProfiles,
): ReadonlyArray<AnalysisCost> {
  const query = schema.getQueryType();
  if (operation.operation !== "query" || !query) return [];
  // The variables as execution will see them: the operation's defaults filled in, values coerced. Estimating
  // on the raw request variables would skip a field whose required argument comes from a variable default, and
  // read a grouping given as a variable default as no grouping at all: an unbounded request let through.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
  if (coerced.errors !== undefined) return [];
  const fields = new Map<string, FieldNode>();
  collectRootAnalyses(operation.selectionSet, fragments, fields, new Set());
  const costs: AnalysisCost[] = [];
  for (const [key, node] of fields) {
    const definition = query.getFields()[node.name.value];
    if (definition === undefined) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, node, coerced.coerced);
    } catch {
      continue;
    }
    costs.push(estimate(key, node, definition.type, args, facts, fragments));
  }
  return costs;
}

/** Whether the root of `operation` selects any analysis: only then is an estimate worth the profiles. */
export function selectsAnalyses(
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>,
): boolean {
  const fields = new Map<string, FieldNode>();
  collectRootAnalyses(operation.selectionSet, fragments, fields, new Set());
  return fields.size > 0;
}

function estimate(
  key: string,
  node: FieldNode,
  returnType: GraphQLOutputType,
  args: Record<string, unknown>,
  facts: FactProfiles,
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>,
): AnalysisCost {
  const field = node.name.value;
  const kind: FactKind = OUTPUT_FIELDS.has(field) ? "outputs" : "funding";
  const profile = facts[kind];
  const filter = (args.filter ?? null) as Record<string, unknown> | null;
  const limit = numberArg(args.limit, 100);
  const grouped = new Set<DimensionName>();
  for (const name of listArg(args.groupBy)) grouped.add(name as DimensionName);
  if (field === "share" && typeof args.partsBy === "string") grouped.add(args.partsBy as DimensionName);
  if (!FACT_FIELDS.has(field)) for (const name of basisDimensionNames(kind)) grouped.add(name);
  // A trend follows one period along its years: neither is a group.
  if (TREND_FIELDS.has(field)) {
    grouped.delete("period");
    grouped.delete("year");
  }
  // Model order, whatever order groupBy listed them in; a name the table lacks is the resolver's to refuse.
  const dimensions = DIMENSION_NAMES.filter((d) => grouped.has(d) && dimensionApplies(d, kind));
  const basis = new Set(basisDimensionNames(kind));
  let groups = 1;
  let basisGroups = 1;
  for (const name of dimensions) {
    if (DECIDED_BY_AREA.has(name) && grouped.has("area")) continue;
    const listed = filterCount(filter, name);
    const keys = profile.distinct[name] ?? 1;
    const count = Math.max(1, listed === null ? keys : Math.min(keys, listed));
    if (basis.has(name)) basisGroups *= count;
    else groups *= count;
  }
  groups *= Math.min(basisGroups, Math.max(1, profile.basisCombinations));
  groups = Math.max(1, Math.min(groups, profile.facts));
  if (field === "funding" || field === "outputs") groups = Math.min(groups, limit);
  if (field === "compare") groups = Math.max(1, listArg(args.selections).length) * 2;
  if (FACT_FIELDS.has(field)) groups = Math.max(1, Math.min(limit, profile.facts));
  const from = numberArg(args.from, 0);
  const years = Math.min(Math.max(1, numberArg(args.to, from) - from + 1), 1000);
  // Items per list, by the list's field name: the groups, their keys, a trend's points; any other list of
  // objects (sources, alternatives, price factors) one item each.
  const sizes: Readonly<Record<string, number>> = {
    series: groups,
    rows: groups,
    parts: groups,
    facts: groups,
    keys: Math.max(1, dimensions.length),
    points: years,
  };
  const rows = rowsOf(node.selectionSet, returnType, 1, sizes, fragments, 0);
  return { key, field, groups, rows, dimensions };
}

/**
 * The objects in lists a selection would return, as the row limit counts them (src/server/response-limits.ts),
 * `each` times over: a list field of `sizes[name]` items (1 when unnamed) adds its items and what is selected
 * under them. Fragments are followed; the depth is bounded as the depth limit bounds a query.
 */
function rowsOf(
  set: SelectionSetNode | undefined,
  type: GraphQLOutputType,
  each: number,
  sizes: Readonly<Record<string, number>>,
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>,
  depth: number,
): number {
  const parent = getNamedType(type);
  if (set === undefined || depth > 12 || !isObjectType(parent)) return 0;
  let rows = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      rows += rowsOf(selection.selectionSet, parent, each, sizes, fragments, depth + 1);
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments[selection.name.value];
      rows += rowsOf(fragment?.selectionSet, parent, each, sizes, fragments, depth + 1);
    } else {
      const definition = parent.getFields()[selection.name.value];
      if (definition === undefined) continue;
      const inner = getNullableType(definition.type);
      if (isListType(inner)) {
        if (!isObjectType(getNamedType(inner))) continue;
        const items = each * (sizes[selection.name.value] ?? 1);
        rows += items + rowsOf(selection.selectionSet, inner, items, sizes, fragments, depth + 1);
      } else {
        rows += rowsOf(selection.selectionSet, inner, each, sizes, fragments, depth + 1);
      }
    }
  }
  return rows;
}

/** The number of values `filter` lists for `dimension`, or null when it does not restrict it. */
function filterCount(filter: Record<string, unknown> | null, dimension: DimensionName): number | null {
  if (filter === null) return null;
  let count: number | null = null;
  for (const [field, name] of FILTER_LISTS) {
    if (name !== dimension || !Array.isArray(filter[field])) continue;
    count = (count ?? 0) + (filter[field] as unknown[]).length;
  }
  return count;
}

function listArg(value: unknown): ReadonlyArray<unknown> {
  return Array.isArray(value) ? value : [];
}

function numberArg(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** The first field node of every response key of an analysis at the root of `set`, fragments followed. */
function collectRootAnalyses(
  set: SelectionSetNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>,
  fields: Map<string, FieldNode>,
  seenFragments: Set<string>,
): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (ANALYSIS_FIELDS.has(selection.name.value) && !fields.has(key)) fields.set(key, selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectRootAnalyses(selection.selectionSet, fragments, fields, seenFragments);
    } else if (!seenFragments.has(selection.name.value)) {
      seenFragments.add(selection.name.value);
      const fragment = fragments[selection.name.value];
      if (fragment) collectRootAnalyses(fragment.selectionSet, fragments, fields, seenFragments);
    }
  }
}
