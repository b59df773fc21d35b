import { AREA_LEVEL, BUDGET_LEVEL, DETAIL, FUNDING_SOURCE, STAGE } from "./vocabularies.js";
import type { FactKind, Vocabulary } from "./vocabulary.js";

/** Where a dimension's human label comes from, joined after aggregation on the key. */
export type LabelSource = "area" | "activity" | "source" | null;

/**
 * One dimension of the facts, written once:
 * - `columns`: the storage columns per fact table (a table without the entry lacks the dimension; an empty list
 *   is a dimension computed from other columns, such as a province's region or the level of detail);
 * - `identity`: the columns belong to a figure's identity (the ETL's same-figure check, the preferred fact,
 *   the alternatives an answer reports);
 * - `basis`: figures that differ in it are not comparable, so unless grouped or pinned to one value it is added
 *   to every grouping and reported as the row's basis: `"key"` also lists it among the row's keys, `"hidden"`
 *   only separates the groups (the level of detail and the budget level: a total is never added to its parts);
 * - `groups`, `orders`: it is a value of the API's `Dimension` and `SliceOrderField` enums;
 * - `filter`: the name of the `FactFilterInput` list field that filters it by its vocabulary (null: no such
 *   generic filter; areas, years, periods, activities, output types and sources have their own parsing).
 */
export interface DimensionSpec {
  readonly graphql: string;
  readonly description: string;
  /** Its values in a sentence: "funding sources" ("Selection 1 mixes the funding sources …"). */
  readonly plural: string;
  readonly columns: Readonly<Partial<Record<FactKind, ReadonlyArray<string>>>>;
  readonly identity: boolean;
  readonly basis: false | "key" | "hidden";
  readonly groups: boolean;
  readonly orders: boolean;
  readonly vocabulary: Vocabulary<string> | null;
  readonly filter: string | null;
  readonly label: LabelSource;
}

const both = (...columns: string[]) => ({ funding: columns, outputs: columns });

/**
 * The dimensions of the model. Add a dimension here (and its column in the DDL); the analytics' keys, the GraphQL
 * enums and filter, the identity check and the catalog follow. See docs/architecture.md, "Adding a dimension".
 */
export const DIMENSION_MODEL = Object.freeze({
  area: {
    graphql: "AREA",
    plural: "areas",
    description: "area (địa bàn): nation, region or province, under the chosen boundary",
    columns: both("area_id"),
    identity: true,
    basis: false,
    groups: true,
    orders: true,
    vocabulary: null,
    filter: null,
    label: "area",
  },
  level: {
    graphql: "LEVEL",
    plural: "levels",
    description: "published level (cấp công bố): nation, region, province",
    columns: both("geo_level"),
    identity: false, // the area's level: implied by the area
    basis: "key",
    groups: true,
    orders: true,
    vocabulary: AREA_LEVEL,
    filter: "levels",
    label: null,
  },
  region: {
    graphql: "REGION",
    plural: "regions",
    description: "khuyến công region (khu vực): a region's own figure or a province's region",
    columns: both(),
    identity: false,
    basis: false,
    groups: true,
    orders: true,
    vocabulary: null,
    filter: null,
    label: "area",
  },
  year: {
    graphql: "YEAR",
    plural: "years",
    description: "year (năm), or a multi-year span such as 2021-2025 (giai đoạn)",
    columns: both("year_from", "year_to"),
    identity: true,
    basis: false,
    groups: true,
    orders: true,
    vocabulary: null,
    filter: null,
    label: null,
  },
  stage: {
    graphql: "STAGE",
    plural: "stages",
    description: "stage (giai đoạn): plan, allocated, estimated, actual, target",
    columns: both("stage"),
    identity: true,
    basis: "key",
    groups: true,
    orders: true,
    vocabulary: STAGE,
    filter: "stages",
    label: null,
  },
  period: {
    graphql: "PERIOD",
    plural: "periods",
    description: "reporting period (kỳ báo cáo): FY, H1, 9M, 5Y…",
    columns: both("period"),
    identity: true,
    basis: "key",
    groups: true,
    orders: true,
    vocabulary: null,
    filter: null,
    label: null,
  },
  fundingSource: {
    graphql: "FUNDING_SOURCE",
    plural: "funding sources",
    description: "funding source (nguồn kinh phí): national, local, total",
    columns: both("funding_source"),
    identity: true,
    basis: "key",
    groups: true,
    orders: true,
    vocabulary: FUNDING_SOURCE,
    filter: "fundingSources",
    label: null,
  },
  budgetLevel: {
    graphql: "BUDGET_LEVEL",
    plural: "budget levels",
    description: "budget level (cấp ngân sách) of a local amount: province or district",
    columns: { funding: ["budget_level"] },
    identity: true,
    basis: "hidden",
    groups: true,
    orders: true,
    vocabulary: BUDGET_LEVEL,
    filter: "budgetLevels",
    label: null,
  },
  activity: {
    graphql: "ACTIVITY",
    plural: "activities",
    description: "khuyến công activity (hoạt động khuyến công)",
    columns: { funding: ["activity_code"] },
    identity: true,
    basis: false,
    groups: true,
    orders: true,
    vocabulary: null,
    filter: null,
    label: "activity",
  },
  project: {
    graphql: "PROJECT",
    plural: "projects",
    description: "project (đề án) a funding figure is about, as published",
    columns: { funding: ["project"] },
    identity: true,
    basis: false,
    groups: false,
    orders: false,
    vocabulary: null,
    filter: null,
    label: null,
  },
  detail: {
    graphql: "DETAIL",
    plural: "levels of detail",
    description: "level of detail (mức chi tiết) of funding: total, activity or project (đề án)",
    columns: { funding: ["detail"] }, // stored at load by `detailOf`
    identity: false, // derived from activity and project
    basis: "hidden",
    groups: true,
    orders: false,
    vocabulary: DETAIL,
    filter: "details",
    label: null,
  },
  outputType: {
    graphql: "OUTPUT_TYPE",
    plural: "output types",
    description: "output type (loại kết quả): models, establishments, trainees…",
    columns: { outputs: ["output_type"] },
    identity: true,
    basis: "key",
    groups: true,
    orders: true,
    vocabulary: null,
    filter: null,
    label: null,
  },
  source: {
    graphql: "SOURCE",
    plural: "sources",
    description: "source (nguồn tài liệu) the figure was read from",
    columns: both("source_id"),
    identity: false, // a figure's identity is what it measures; the source tells its versions apart
    basis: false,
    groups: true,
    orders: true,
    vocabulary: null,
    filter: null,
    label: "source",
  },
  unit: {
    graphql: "UNIT",
    plural: "units",
    description: "unit of an output quantity (đơn vị tính)",
    columns: { outputs: ["unit"] },
    identity: true,
    basis: "key",
    groups: true,
    orders: true,
    vocabulary: null,
    filter: null,
    label: null,
  },
} as const satisfies Readonly<Record<string, DimensionSpec>>);

export type DimensionName = keyof typeof DIMENSION_MODEL;

export const DIMENSION_NAMES: ReadonlyArray<DimensionName> = Object.freeze(
  Object.keys(DIMENSION_MODEL) as DimensionName[],
);

/** The spec of a dimension, typed loosely for generic code. */
export function dimensionSpec(name: DimensionName): DimensionSpec {
  return DIMENSION_MODEL[name];
}

/** Whether the fact table has the dimension. */
export function dimensionApplies(name: DimensionName, kind: FactKind): boolean {
  return dimensionSpec(name).columns[kind] !== undefined;
}

/** The dimensions a caller may group by, in model order. */
export const GROUP_DIMENSIONS: ReadonlyArray<DimensionName> = Object.freeze(
  DIMENSION_NAMES.filter((n) => dimensionSpec(n).groups),
);

/** The dimensions rows may be ordered by, in model order. */
export const ORDER_DIMENSIONS: ReadonlyArray<DimensionName> = Object.freeze(
  DIMENSION_NAMES.filter((n) => dimensionSpec(n).orders),
);

/**
 * The comparability (basis) dimensions of a fact table, in model order: level, period, funding source, budget
 * level, stage and detail for funding; level, period, funding source, stage and unit for outputs.
 */
export function basisDimensionNames(kind: FactKind): ReadonlyArray<DimensionName> {
  return DIMENSION_NAMES.filter((n) => dimensionSpec(n).basis !== false && dimensionApplies(n, kind));
}

/**
 * The storage columns that identify a figure in a fact table (what it measures, without its source): funding →
 * area_id, year_from, year_to, period, funding_source, budget_level, stage, activity_code, project.
 * The ETL's same-figure check, the preferred-fact ranking and the alternatives all use this one list.
 */
export function figureIdentityColumns(kind: FactKind): ReadonlyArray<string> {
  return Object.freeze(
    DIMENSION_NAMES.filter((n) => dimensionSpec(n).identity).flatMap(
      (n) => dimensionSpec(n).columns[kind] ?? [],
    ),
  );
}

/** The dimensions with a generic vocabulary filter (`levels`, `fundingSources`, `budgetLevels`, `stages`). */
export const VOCABULARY_FILTERS: ReadonlyArray<{
  readonly dimension: DimensionName;
  readonly field: string;
  readonly vocabulary: Vocabulary<string>;
}> = Object.freeze(
  DIMENSION_NAMES.flatMap((n) => {
    const spec = dimensionSpec(n);
    return spec.filter !== null && spec.vocabulary !== null
      ? [Object.freeze({ dimension: n, field: spec.filter, vocabulary: spec.vocabulary })]
      : [];
  }),
);
