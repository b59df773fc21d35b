import { readFileSync } from "node:fs";
import { parse, print, separateOperations } from "graphql";

/** What the API benchmark measures: three analyses and the framework's floor. */
export type ApiOperationKind = "trend" | "share" | "compare" | "floor";

/** One GraphQL request body, sent unchanged on every request. */
export interface ApiOperation {
  readonly kind: ApiOperationKind;
  /** What it asks, for the report. */
  readonly description: string;
  readonly operationName: string;
  /** Only the operation and the fragments it uses, as a generated typed document would send it. */
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

export type ApiDataset = "published" | "synthetic";

const OPERATIONS_DIR = new URL("../schema/operations/", import.meta.url);

/** The named operation from schema/operations/<file>, printed with just the fragments it spreads. */
function operationText(file: string, operationName: string): string {
  const documents = separateOperations(parse(readFileSync(new URL(file, OPERATIONS_DIR), "utf8")));
  const document = documents[operationName];
  if (document === undefined) {
    throw new Error(
      `schema/operations/${file} has no operation "${operationName}"; it has ${Object.keys(documents).join(", ")}.`,
    );
  }
  return print(document);
}

const FLOOR: ApiOperation = Object.freeze({
  kind: "floor",
  description: "`query Floor { __typename }`: no resolver and no warehouse query",
  operationName: "Floor",
  query: "query Floor { __typename }",
  variables: {},
});

/**
 * The synthetic data is a register of projects (đề án): province-level, every figure a project's, no activity or
 * area totals. A group of provinces is a region's provinces, and the level of detail is named (`details`):
 * share, compare and execution rates count all-activity totals (or single activities when activities are named)
 * unless the filter names another level, so without it they would find no figure here.
 */
const syntheticPlan = (region: string | null, years: { from: number; to: number } | null) => ({
  ...(region === null ? {} : { regions: [region], levels: ["PROVINCE"] }),
  stages: ["PLAN"],
  fundingSources: ["NATIONAL"],
  periods: ["FY"],
  details: ["PROJECT"],
  ...(years === null ? {} : { years }),
});

/**
 * The operations measured on each warehouse: the named operations the UI and the typed clients share
 * (schema/operations), with realistic variables for the dataset.
 */
export function apiOperations(dataset: ApiDataset): ReadonlyArray<ApiOperation> {
  if (dataset === "published") {
    return [
      {
        kind: "trend",
        description: "`NorthPlanTrend`: the north's total plan 2021–2025, index base 2021, with sources",
        operationName: "NorthPlanTrend",
        query: operationText("trend.graphql", "NorthPlanTrend"),
        variables: {},
      },
      {
        kind: "share",
        description: "`NorthPlanByFundingSource`: national and local within the north's plan, every year",
        operationName: "NorthPlanByFundingSource",
        query: operationText("share.graphql", "NorthPlanByFundingSource"),
        variables: {},
      },
      {
        kind: "compare",
        description:
          "`NorthVsCentralHighlandsPlan2024`: the north against Central & Central Highlands, 2024 plan",
        operationName: "NorthVsCentralHighlandsPlan2024",
        query: operationText("compare.graphql", "NorthVsCentralHighlandsPlan2024"),
        variables: {},
      },
      FLOOR,
    ];
  }
  return [
    {
      kind: "trend",
      description:
        "`FundingTrend`: the national plan of the north's provinces (summed), 2008–2025, grouped by nothing",
      operationName: "FundingTrend",
      query: operationText("trend.graphql", "FundingTrend"),
      variables: { filter: syntheticPlan("north", null), from: 2008, to: 2025 },
    },
    {
      kind: "share",
      description:
        "`ProvincesWithinRegion`: the north's provinces within the north's 2024 national plan, ranked",
      operationName: "ProvincesWithinRegion",
      query: operationText("share.graphql", "ProvincesWithinRegion"),
      variables: {
        wholeArea: "north",
        filter: syntheticPlan(null, { from: 2024, to: 2024 }),
      },
    },
    {
      kind: "compare",
      description: "`Compare`: the north's provinces against the south's, 2024 national plan",
      operationName: "Compare",
      query: operationText("compare.graphql", "Compare"),
      variables: {
        selections: [
          { label: "north", filter: syntheticPlan("north", { from: 2024, to: 2024 }) },
          { label: "south", filter: syntheticPlan("south", { from: 2024, to: 2024 }) },
        ],
      },
    },
    FLOOR,
  ];
}

/** The JSON body POSTed to /graphql. */
export function requestBody(operation: ApiOperation): string {
  return JSON.stringify({
    query: operation.query,
    operationName: operation.operationName,
    variables: operation.variables,
  });
}
