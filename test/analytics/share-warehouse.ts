import { qualityBitsOf } from "../../src/model/index.js";
import { sql } from "kysely";
import type { Warehouse } from "../../src/warehouse/index.js";
import { linkFigureVersions } from "../../etl/consistency/check-figure-identity.js";
import { withWarehouse } from "../warehouse/warehouse-harness.js";

/** A funding fact in billion VND, as the CSV writes it: `fact("north", 2024, "FY", "total", "plan", 170.8)`. */
export interface FactSpec {
  readonly area: string;
  readonly year: number | readonly [number, number];
  readonly period: string;
  readonly source: "national" | "local" | "total";
  readonly stage: "plan" | "allocated" | "estimated" | "actual";
  readonly bn: number;
  readonly sourceId?: number;
  readonly budgetLevel?: "province" | "district";
  /** False for a figure another source gives more precisely (the ETL's `preferred`); true by default. */
  readonly preferred?: boolean;
}

export const fact = (
  area: string,
  year: FactSpec["year"],
  period: string,
  source: FactSpec["source"],
  stage: FactSpec["stage"],
  bn: number,
  extra: Partial<Pick<FactSpec, "sourceId" | "budgetLevel" | "preferred">> = {},
): FactSpec => ({ area, year, period, source, stage, bn, ...extra });

/**
 * The XVIII report's figures (source 1) and a second source (2) that gives the nationwide 2024 local plan as
 * 202 (not preferred), plus two northern provinces (02 Hà Giang, 08 Tuyên Quang, merged into 2025-08) from source 2.
 */
export const XVIII_FACTS: ReadonlyArray<FactSpec> = [
  fact("north", 2023, "FY", "total", "plan", 186.5),
  fact("north", 2024, "FY", "total", "plan", 170.8),
  fact("north", 2024, "FY", "national", "plan", 71.5),
  fact("north", 2024, "FY", "local", "plan", 99.2),
  fact("north", 2024, "FY", "national", "allocated", 18.3),
  fact("VN", 2024, "FY", "local", "plan", 202.3),
  fact("VN", 2024, "FY", "local", "plan", 202, { sourceId: 2, preferred: false }),
  fact("north", 2024, "H1", "total", "estimated", 34.7),
  fact("north", 2024, "H1", "national", "estimated", 8.5),
  fact("north", 2024, "H1", "local", "estimated", 26.2),
  fact("02", 2024, "FY", "total", "plan", 5, { sourceId: 2 }),
  fact("08", 2024, "FY", "total", "plan", 3, { sourceId: 2 }),
];

const LEVEL: Readonly<Record<string, string>> = { VN: "nation", north: "region", south: "region" };

/** Runs `fn` on a fresh warehouse holding the areas, sources and `facts` (ids in the given order). */
export function withShareWarehouse<T>(
  facts: ReadonlyArray<FactSpec>,
  fn: (w: Warehouse) => Promise<T>,
): Promise<T> {
  return withWarehouse(async (warehouse) => {
    const { db } = warehouse;
    await sql`INSERT INTO source VALUES
      (1, 'sources/2024-05-north-conference-xviii.txt', 'XVIII northern conference', '2024-05-16', true, false),
      (2, 'https://example.org/other', 'Another source', '2025', false, false)`.execute(db);
    await sql`INSERT INTO area VALUES
      ('VN', 'nation', 'historical', 'VN', 'Việt Nam', 'viet nam', 'Viet Nam', [], NULL, NULL, NULL, NULL, NULL),
      ('north', 'region', 'historical', NULL, 'Phía Bắc', 'phia bac', 'North', [], NULL, NULL, NULL, NULL, NULL),
      ('south', 'region', 'historical', NULL, 'Phía Nam', 'phia nam', 'South', [], NULL, NULL, NULL, NULL, NULL),
      ('02', 'province', 'historical', '02', 'Hà Giang', 'ha giang', 'Ha Giang', [], 'north', NULL, '2025-08', NULL, 2025),
      ('08', 'province', 'historical', '08', 'Tuyên Quang', 'tuyen quang', 'Tuyen Quang', [], 'north', NULL, '2025-08', NULL, 2025),
      ('2025-08', 'province', '2025', '08', 'Tuyên Quang', 'tuyen quang', 'Tuyen Quang', [], NULL, NULL, NULL, 2025, NULL)`.execute(
      db,
    );
    await sql`INSERT INTO area_membership VALUES ('north', '02', 2000, 2100), ('north', '08', 2000, 2100)`.execute(
      db,
    );
    if (facts.length > 0) {
      await db
        .insertInto("funding_fact")
        .values(
          facts.map((f, i) => {
            const [from, to] = typeof f.year === "number" ? [f.year, f.year] : f.year;
            return {
              fact_id: i + 1,
              area_id: f.area,
              geo_level: (LEVEL[f.area] ?? "province") as "nation" | "region" | "province",
              geo_name: f.area,
              year_from: from,
              year_to: to,
              period: f.period,
              funding_source: f.source,
              budget_level: f.budgetLevel ?? null,
              stage: f.stage,
              activity_code: null,
              detail: "total",
              amount_vnd: Math.round(f.bn * 1e9),
              source_id: f.sourceId ?? 1,
              preferred: f.preferred ?? true,
              preference: (f.preferred ?? true) ? 1 : 2,
              note: null,
              scope: "whole",
              bound: "exact",
              certainty: "stated",
              quality_bits: qualityBitsOf({ scope: "whole", bound: "exact", certainty: "stated" }),
              origin: `published/funding.csv:${i + 2}`,
            };
          }),
        )
        .execute();
      await linkFigureVersions(warehouse.db);
    }
    return fn(warehouse);
  });
}
