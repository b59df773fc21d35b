import { detailOf, qualityBitsOf } from "../../src/model/index.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RawBuilder } from "kysely";
import type { SourceRef } from "../../src/analytics/index.js";
import { createWarehouse, type Warehouse } from "../../src/warehouse/index.js";
import type { FundingFactTable, OutputFactTable } from "../../src/warehouse/tables.js";

type FundingRow = Partial<FundingFactTable> & Pick<FundingFactTable, "area_id" | "year_from" | "amount_vnd">;
type OutputRow = Partial<OutputFactTable> &
  Pick<OutputFactTable, "area_id" | "year_from" | "quantity" | "output_type">;

/** A small warehouse: the nation, the north with three provinces that merged into 2025-37, one other province. */
export interface Fixture {
  readonly funding?: ReadonlyArray<FundingRow>;
  readonly outputs?: ReadonlyArray<OutputRow>;
  readonly population?: ReadonlyArray<{ area_id: string; year: number; population_thousands: number }>;
  readonly cpi?: ReadonlyArray<{ year: number; avg_change_pct: number }>;
}

const AREAS = [
  ["VN", "nation", "historical", "Việt Nam", "Viet Nam", null, null],
  ["north", "region", "historical", "Khu vực phía Bắc", "Khu vuc phia Bac", null, null],
  ["35", "province", "historical", "Hà Nam", "Ha Nam", "north", "2025-37"],
  ["36", "province", "historical", "Nam Định", "Nam Dinh", "north", "2025-37"],
  ["37", "province", "historical", "Ninh Bình", "Ninh Binh", "north", "2025-37"],
  ["02", "province", "historical", "Hà Giang", "Ha Giang", "north", "2025-08"],
  ["2025-37", "province", "2025", "Ninh Bình", "Ninh Binh", null, null],
  ["2025-08", "province", "2025", "Tuyên Quang", "Tuyen Quang", null, null],
] as const;

/** Runs `fn` on a fresh warehouse file holding the fixture's rows; closes and removes it afterwards. */
export async function withFixture<T>(fixture: Fixture, fn: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "kc-analytics-"));
  const warehouse = await createWarehouse(join(dir, "w.duckdb"));
  try {
    const db = warehouse.db;
    await db
      .insertInto("source")
      .values(
        [1, 2].map((id) => ({
          source_id: id,
          url: `https://example.org/${id}`,
          title: `Source ${id}`,
          published: "2024",
          is_local: false,
          is_synthetic: false,
        })),
      )
      .execute();
    await db
      .insertInto("area")
      .values(
        AREAS.map(([area_id, level, boundary, name_vi, name_ascii, region_id, successor_id]) => ({
          area_id,
          level,
          boundary,
          gso_code: null,
          name_vi,
          name_ascii,
          name_en: name_ascii,
          aliases: [] as string[],
          region_id,
          subregion: null,
          successor_id,
          valid_from: null,
          valid_to: null,
        })),
      )
      .execute();
    await db
      .insertInto("area_membership")
      .values(
        ["35", "36", "37", "02"].map((area_id) => ({
          region_id: "north",
          area_id,
          from_year: 2011,
          to_year: 2025,
        })),
      )
      .execute();
    let id = 1;
    if (fixture.funding?.length) {
      await db
        .insertInto("funding_fact")
        .values(
          fixture.funding.map((r) => ({
            fact_id: id++,
            geo_level: AREAS.find((a) => a[0] === r.area_id)?.[1] ?? "province",
            geo_name: r.area_id,
            year_to: r.year_from,
            period: "FY",
            funding_source: "total",
            budget_level: null,
            stage: "plan",
            activity_code: null,
            source_id: 1,
            preferred: true,
            preference: 1,
            note: null,
            scope: "whole",
            bound: "exact",
            certainty: "stated",
            quality_bits: qualityBitsOf({ scope: "whole", bound: "exact", certainty: "stated" }),
            origin: "test",
            ...r,
            detail: detailOf({ activity_code: r.activity_code ?? null, project: r.project ?? null }),
          })),
        )
        .execute();
    }
    if (fixture.outputs?.length) {
      await db
        .insertInto("output_fact")
        .values(
          fixture.outputs.map((r) => ({
            fact_id: id++,
            geo_level: AREAS.find((a) => a[0] === r.area_id)?.[1] ?? "province",
            geo_name: r.area_id,
            year_to: r.year_from,
            period: "FY",
            stage: "actual",
            funding_source: "total",
            unit: "models",
            amount_vnd: null,
            source_id: 1,
            preferred: true,
            preference: 1,
            note: null,
            scope: "whole",
            bound: "exact",
            certainty: "stated",
            quality_bits: qualityBitsOf({ scope: "whole", bound: "exact", certainty: "stated" }),
            origin: "test",
            ...r,
          })),
        )
        .execute();
    }
    if (fixture.population?.length) {
      await db
        .insertInto("population")
        .values(fixture.population.map((p) => ({ ...p, source_id: 1 })))
        .execute();
    }
    if (fixture.cpi?.length) {
      await db
        .insertInto("cpi")
        .values(fixture.cpi.map((c) => ({ ...c, source_id: 1 })))
        .execute();
    }
    return await fn(warehouse);
  } finally {
    await warehouse.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The rows a raw query returns on `warehouse`, typed as the query types them (`AggregateRow`…). */
export async function rows<R>(warehouse: Warehouse, query: RawBuilder<R>): Promise<ReadonlyArray<R>> {
  return (await query.execute(warehouse.db)).rows;
}

export const BN = 1_000_000_000;

/** The warehouse's sources by id, as the API's catalog names them (`FilterCatalog.sourcesById`). */
export async function sourcesById(warehouse: Warehouse): Promise<ReadonlyMap<number, SourceRef>> {
  const found = await warehouse.db.selectFrom("source").select(["source_id", "title", "url"]).execute();
  return new Map(found.map((r) => [r.source_id, { id: r.source_id, title: r.title, url: r.url }]));
}
