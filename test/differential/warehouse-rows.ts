import { sql, type RawBuilder } from "kysely";
import { openWarehouse } from "../../src/warehouse/index.js";

/**
 * The rows the reference computation works on, read once from a warehouse file with plain SELECTs (no
 * aggregation, no analytics code): facts as stored, the area registry, memberships, population and CPI.
 * Amounts are integer VND as JS numbers (exact below 2^53, far above any real total).
 */
export interface FundingFactRow {
  readonly factId: number;
  readonly areaId: string;
  readonly level: string;
  readonly yearFrom: number;
  readonly yearTo: number;
  readonly period: string;
  readonly fundingSource: string;
  readonly budgetLevel: string | null;
  readonly stage: string;
  readonly activity: string | null;
  readonly project: string | null;
  readonly amountVnd: number;
  readonly sourceId: number;
  readonly preferred: boolean;
  /** The rank of this version among the figure's versions (1 = preferred). */
  readonly preference: number;
  /** What part of the figure it covers: whole, part, cumulative, incl-non-budget. */
  readonly scope: string;
}

export interface OutputFactRow {
  readonly factId: number;
  readonly areaId: string;
  readonly level: string;
  readonly yearFrom: number;
  readonly yearTo: number;
  readonly period: string;
  readonly outputType: string;
  readonly stage: string;
  readonly fundingSource: string;
  readonly quantity: number;
  readonly unit: string;
  readonly amountVnd: number | null;
  readonly sourceId: number;
  readonly preferred: boolean;
  readonly preference: number;
  readonly scope: string;
}

export interface AreaRow {
  readonly id: string;
  readonly level: "nation" | "region" | "province";
  readonly boundary: "historical" | "2025";
  readonly regionId: string | null;
  readonly successorId: string | null;
}

export interface MembershipRow {
  readonly regionId: string;
  readonly areaId: string;
  readonly fromYear: number;
  readonly toYear: number;
}

export interface WarehouseRows {
  readonly funding: ReadonlyArray<FundingFactRow>;
  readonly outputs: ReadonlyArray<OutputFactRow>;
  readonly areas: ReadonlyMap<string, AreaRow>;
  readonly memberships: ReadonlyArray<MembershipRow>;
  /** population_thousands by `${area_id}:${year}`. */
  readonly population: ReadonlyMap<string, number>;
  /** avg_change_pct by year. */
  readonly cpi: ReadonlyMap<number, number>;
  readonly sourceIds: ReadonlyArray<number>;
  readonly activities: ReadonlyArray<string>;
}

const n = (value: unknown): number => Number(value);
const s = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** Reads every row the reference needs from the warehouse at `path`, opened read-only and closed again. */
export async function loadWarehouseRows(path: string): Promise<WarehouseRows> {
  const warehouse = await openWarehouse(path, { readOnly: true, poolSize: 1 });
  try {
    const db = warehouse.db;
    const all = async (query: RawBuilder<unknown>) =>
      (await query.execute(db)).rows as Record<string, unknown>[];
    const [funding, outputs, areas, memberships, population, cpi, sources, activities] = await Promise.all([
      all(sql`SELECT fact_id, area_id, geo_level, year_from, year_to, period, funding_source, budget_level, stage,
             activity_code, project, amount_vnd, source_id, preferred, preference, scope FROM funding_fact ORDER BY fact_id`),
      all(sql`SELECT fact_id, area_id, geo_level, year_from, year_to, period, output_type, stage, funding_source,
             quantity, unit, amount_vnd, source_id, preferred, preference, scope FROM output_fact ORDER BY fact_id`),
      all(sql`SELECT area_id, level, boundary, region_id, successor_id FROM area`),
      all(sql`SELECT region_id, area_id, from_year, to_year FROM area_membership`),
      all(sql`SELECT area_id, year, population_thousands FROM population`),
      all(sql`SELECT year, avg_change_pct FROM cpi`),
      all(sql`SELECT source_id FROM source ORDER BY source_id`),
      all(sql`SELECT activity_code FROM activity ORDER BY activity_code`),
    ]);
    return {
      funding: funding.map((r) => ({
        factId: n(r.fact_id),
        areaId: String(r.area_id),
        level: String(r.geo_level),
        yearFrom: n(r.year_from),
        yearTo: n(r.year_to),
        period: String(r.period),
        fundingSource: String(r.funding_source),
        budgetLevel: s(r.budget_level),
        stage: String(r.stage),
        activity: s(r.activity_code),
        project: s(r.project),
        amountVnd: n(r.amount_vnd),
        sourceId: n(r.source_id),
        preferred: r.preferred === true,
        preference: n(r.preference),
        scope: String(r.scope).toLowerCase(),
      })),
      outputs: outputs.map((r) => ({
        factId: n(r.fact_id),
        areaId: String(r.area_id),
        level: String(r.geo_level),
        yearFrom: n(r.year_from),
        yearTo: n(r.year_to),
        period: String(r.period),
        outputType: String(r.output_type),
        stage: String(r.stage),
        fundingSource: String(r.funding_source),
        quantity: n(r.quantity),
        unit: String(r.unit),
        amountVnd: r.amount_vnd === null ? null : n(r.amount_vnd),
        sourceId: n(r.source_id),
        preferred: r.preferred === true,
        preference: n(r.preference),
        scope: String(r.scope).toLowerCase(),
      })),
      areas: new Map(
        areas.map((r) => [
          String(r.area_id),
          {
            id: String(r.area_id),
            level: String(r.level) as AreaRow["level"],
            boundary: String(r.boundary) as AreaRow["boundary"],
            regionId: s(r.region_id),
            successorId: s(r.successor_id),
          },
        ]),
      ),
      memberships: memberships.map((r) => ({
        regionId: String(r.region_id),
        areaId: String(r.area_id),
        fromYear: n(r.from_year),
        toYear: n(r.to_year),
      })),
      population: new Map(population.map((r) => [`${r.area_id}:${n(r.year)}`, n(r.population_thousands)])),
      cpi: new Map(cpi.map((r) => [n(r.year), n(r.avg_change_pct)])),
      sourceIds: sources.map((r) => n(r.source_id)),
      activities: activities.map((r) => String(r.activity_code)),
    };
  } finally {
    await warehouse.close();
  }
}
