import { sql, type Kysely } from "kysely";
import type { AreaLevel, WarehouseTables } from "../warehouse/tables.js";
import { NO_ROLLUPS, type RollupSet } from "../warehouse/rollup-catalog.js";
import type { AreaNames } from "./catalog/area-match.js";
import { DIMENSION_NAMES, dimensionSpec, type DimensionName } from "../model/index.js";
import type { YearRange } from "./fact-filter.js";
import { FACT_TABLES, type FactKind } from "./fact-table.js";
import type { SourceRef } from "./provenance.shape.js";
import type { CpiRow } from "./value-basis.js";
import { factDomainOf, factDomainQuery, type FactDomain, type FactDomainRows } from "./fact-domain.js";

/** An area as the normalizer needs it: identity, level and every spelling of its name. */
export interface CatalogArea extends AreaNames {
  readonly id: string;
  readonly level: AreaLevel;
  readonly boundary: "historical" | "2025";
  readonly nameVi: string;
  readonly nameAscii: string;
  readonly nameEn: string;
  readonly aliases: ReadonlyArray<string>;
  /** Every spelling above, Vietnamese first: what `matchArea` and `suggestAreas` compare. */
  readonly names: ReadonlyArray<string>;
  readonly successorId: string | null;
}

/**
 * What normalizing user input needs to know about a snapshot, loaded once per snapshot and reused: the
 * areas, the years each fact table covers, the activity codes, output types, source ids and addresses, and the
 * CPI series (for constant prices).
 */
export interface FilterCatalog {
  readonly areas: ReadonlyArray<CatalogArea>;
  readonly areasById: ReadonlyMap<string, CatalogArea>;
  readonly fundingYears: YearRange | null;
  readonly outputYears: YearRange | null;
  readonly activities: ReadonlyArray<string>;
  readonly outputTypes: ReadonlyArray<string>;
  readonly sourceIds: ReadonlySet<number>;
  /** Each source's id by its address (`url`): a web page or a file such as `sources/2024-05-…txt`. */
  readonly sourceIdsByUrl: ReadonlyMap<string, number>;
  /**
   * Per fact table, the hidden basis dimensions (level of detail, budget level) that hold one value in the whole
   * table, with that value (null: every fact has none): they cannot separate two figures there, so an aggregate
   * need not group by them (`FactAggregateSpec.constants`). `{funding: {budgetLevel: null}}` when no source splits
   * a budget.
   */
  readonly constants: Readonly<Record<FactKind, Readonly<Partial<Record<DimensionName, string | null>>>>>;
  /** Each source by its id: what an analysis's provenance names (its rows carry only source ids). */
  readonly sourcesById: ReadonlyMap<number, SourceRef>;
  readonly cpi: ReadonlyArray<CpiRow>;
  /** The snapshot's rollups, smallest first (`readRollups`; empty with rollups off or none built): what the core
   * reads instead of the facts when one answers an aggregate exactly (`FactAggregateSpec.rollups`). */
  readonly rollups: RollupSet;
  /** What the facts hold (region memberships, activity codes, versioned facts): what the core uses to write a
   * filter in a cheaper form that selects the same facts (`FactAggregateSpec.domain`). Null when not read. */
  readonly domain: FactDomain | null;
}

/** The queries `toFilterCatalog` reads; run each once per snapshot. */
export function filterCatalogQueries(db: Kysely<WarehouseTables>) {
  return {
    areas: db
      .selectFrom("area")
      .select(["area_id", "level", "boundary", "name_vi", "name_ascii", "name_en", "aliases", "successor_id"])
      .orderBy("area_id"),
    years: sql<{ readonly kind: string; readonly year_min: number | null; readonly year_max: number | null }>`
      SELECT 'funding' AS kind, min(year_from) AS year_min, max(year_to) AS year_max FROM funding_fact
      UNION ALL SELECT 'outputs', min(year_from), max(year_to) FROM output_fact`,
    activities: db.selectFrom("activity").select("activity_code").orderBy("activity_code"),
    outputTypes: db.selectFrom("output_type").select("output_type").orderBy("output_type"),
    sources: db.selectFrom("source").select(["source_id", "title", "url"]).orderBy("source_id"),
    cpi: db.selectFrom("cpi").select(["year", "avg_change_pct"]).orderBy("year"),
    constants: constantsQuery(),
    memberships: db
      .selectFrom("area_membership")
      .select(["region_id", "area_id", "from_year", "to_year"])
      .orderBy("region_id")
      .orderBy("area_id")
      .orderBy("from_year"),
    domain: factDomainQuery(),
  };
}

/** The hidden basis dimensions of each fact table with a storage column: what `constantsQuery` measures. */
const HIDDEN_BASIS = (Object.keys(FACT_TABLES) as FactKind[]).flatMap((kind) =>
  DIMENSION_NAMES.filter((name) => dimensionSpec(name).basis === "hidden").flatMap((dimension) => {
    const column = dimensionSpec(dimension).columns[kind]?.[0];
    return column === undefined ? [] : [{ kind, dimension, column }];
  }),
);

/** For each hidden basis dimension of each fact table: how many values it holds (NULL counting as one), and one. */
function constantsQuery() {
  type Row = {
    readonly kind: FactKind;
    readonly dimension: DimensionName;
    readonly values: number | bigint;
    readonly value: string | null;
  };
  // Column and table names come from the model, never from a request.
  const parts = HIDDEN_BASIS.map(
    ({ kind, dimension, column }) => sql`SELECT ${kind} AS kind, ${dimension} AS dimension,
      count(DISTINCT ${sql.ref(column)}) + max(CASE WHEN ${sql.ref(column)} IS NULL THEN 1 ELSE 0 END) AS values,
      CAST(min(${sql.ref(column)}) AS VARCHAR) AS value FROM ${sql.table(FACT_TABLES[kind].table)}`,
  );
  return sql<Row>`${sql.join(parts, sql` UNION ALL `)}`;
}

/** The rows of `filterCatalogQueries`, one list per query. */
export interface FilterCatalogRows {
  readonly areas: ReadonlyArray<
    Pick<
      WarehouseTables["area"],
      "area_id" | "level" | "boundary" | "name_vi" | "name_ascii" | "name_en" | "aliases" | "successor_id"
    >
  >;
  readonly years: ReadonlyArray<{
    readonly kind: string;
    readonly year_min: number | null;
    readonly year_max: number | null;
  }>;
  readonly activities: ReadonlyArray<{ readonly activity_code: string }>;
  readonly outputTypes: ReadonlyArray<{ readonly output_type: string }>;
  readonly sources: ReadonlyArray<{
    readonly source_id: number;
    readonly title: string;
    readonly url: string;
  }>;
  readonly cpi: ReadonlyArray<CpiRow>;
  readonly constants?: ReadonlyArray<{
    readonly kind: FactKind;
    readonly dimension: DimensionName;
    readonly values: number | bigint;
    readonly value: string | null;
  }>;
  readonly rollups?: RollupSet;
  /** The rows of `memberships` and `domain`; absent: no domain (filters as given). */
  readonly domain?: FactDomainRows;
}

/** Builds the frozen catalog from the rows of `filterCatalogQueries`. */
export function toFilterCatalog(rows: FilterCatalogRows): FilterCatalog {
  const areas = rows.areas.map((a): CatalogArea =>
    Object.freeze({
      id: a.area_id,
      level: a.level,
      boundary: a.boundary,
      nameVi: a.name_vi,
      nameAscii: a.name_ascii,
      nameEn: a.name_en,
      aliases: Object.freeze([...(a.aliases ?? [])]),
      names: Object.freeze([a.name_vi, a.name_ascii, a.name_en, ...(a.aliases ?? [])]),
      successorId: a.successor_id,
    }),
  );
  const range = (kind: string): YearRange | null => {
    const row = rows.years.find((r) => r.kind === kind);
    return row && row.year_min !== null && row.year_max !== null
      ? Object.freeze({ from: Number(row.year_min), to: Number(row.year_max) })
      : null;
  };
  return Object.freeze({
    areas: Object.freeze(areas),
    areasById: new Map(areas.map((a) => [a.id, a])),
    fundingYears: range("funding"),
    outputYears: range("outputs"),
    activities: Object.freeze(rows.activities.map((r) => r.activity_code)),
    outputTypes: Object.freeze(rows.outputTypes.map((r) => r.output_type)),
    sourceIds: new Set(rows.sources.map((r) => r.source_id)),
    sourceIdsByUrl: new Map(rows.sources.map((r) => [r.url, r.source_id])),
    constants: constantsOf(rows.constants ?? []),
    sourcesById: new Map(
      rows.sources.map((r) => [
        r.source_id,
        Object.freeze({ id: Number(r.source_id), title: String(r.title), url: String(r.url) }),
      ]),
    ),
    cpi: Object.freeze(
      rows.cpi.map((r) => Object.freeze({ year: Number(r.year), avg_change_pct: Number(r.avg_change_pct) })),
    ),
    rollups: rows.rollups ?? NO_ROLLUPS,
    domain:
      rows.domain === undefined
        ? null
        : factDomainOf(rows.domain, { funding: range("funding"), outputs: range("outputs") }),
  });
}

function constantsOf(rows: NonNullable<FilterCatalogRows["constants"]>): FilterCatalog["constants"] {
  const byKind: Record<FactKind, Partial<Record<DimensionName, string | null>>> = {
    funding: {},
    outputs: {},
  };
  for (const r of rows) if (Number(r.values) === 1) byKind[r.kind][r.dimension] = r.value;
  return Object.freeze({ funding: Object.freeze(byKind.funding), outputs: Object.freeze(byKind.outputs) });
}
