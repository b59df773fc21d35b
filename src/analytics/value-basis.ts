import { sql, type Kysely, type RawBuilder } from "kysely";
import type { WarehouseTables } from "../warehouse/tables.js";

/**
 * How amounts are valued. CURRENT: as published. CONSTANT: in prices of `baseYear`, deflated by the yearly
 * CPI chain (`cpiFactors`). PER_CAPITA: divided by the population of the same areas and years (thousands ×
 * 1000 persons), re-aggregated as Σ amounts / Σ populations.
 */
export type ValueBasis =
  | { readonly kind: "CURRENT" }
  | { readonly kind: "CONSTANT"; readonly baseYear: number; readonly factors: CpiFactors }
  | { readonly kind: "PER_CAPITA" };

export type ValueBasisName = ValueBasis["kind"];

/** The factor that takes an amount of `year` into base-year prices, or null with the CPI years missing. */
export interface CpiFactor {
  readonly year: number;
  readonly factor: number | null;
  readonly missingCpiYears: ReadonlyArray<number>;
}

/** Factors for every year of a span, to one base year. */
export interface CpiFactors {
  readonly baseYear: number;
  readonly byYear: ReadonlyMap<number, CpiFactor>;
}

export interface CpiRow {
  readonly year: number;
  readonly avg_change_pct: number;
}

/** The yearly average CPI changes (%), by year: the input of `cpiFactors`. */
export function cpiQuery(db: Kysely<WarehouseTables>) {
  return db.selectFrom("cpi").select(["year", "avg_change_pct"]).orderBy("year");
}

/**
 * Deflation factors to `baseYear` prices for each year in `years`.
 * Formula: for y ≤ b, factor(y→b) = Π_{t=y+1..b} (1 + cpi_t / 100); for y > b, factor = 1 / Π_{t=b+1..y}
 * (1 + cpi_t / 100); factor(b→b) = 1. A year of the chain without CPI gives a null factor that names it.
 * Example with cpi 2022 3.15, 2023 3.25, 2024 3.63 and base 2024: 2021 → 1.0315 × 1.0325 × 1.0363
 * = 1.10366…; 2024 → 1. With base 2010 and no 2011 row, 2013 → null, missingCpiYears [2011].
 */
export function cpiFactors(
  rows: ReadonlyArray<CpiRow>,
  baseYear: number,
  years: Iterable<number>,
): CpiFactors {
  const cpi = new Map(rows.map((r) => [r.year, r.avg_change_pct]));
  const byYear = new Map<number, CpiFactor>();
  for (const year of years) {
    const [lo, hi] = year <= baseYear ? [year, baseYear] : [baseYear, year];
    let product = 1;
    const missing: number[] = [];
    for (let t = lo + 1; t <= hi; t++) {
      const change = cpi.get(t);
      if (change === undefined) missing.push(t);
      else product *= 1 + change / 100;
    }
    const factor = missing.length > 0 ? null : year <= baseYear ? product : 1 / product;
    byYear.set(year, Object.freeze({ year, factor, missingCpiYears: Object.freeze(missing) }));
  }
  return Object.freeze({ baseYear, byYear });
}

/** The sentence explaining a null constant-price value. */
export function missingCpiReason(year: number, factor: CpiFactor | undefined, baseYear: number): string {
  const missing = factor?.missingCpiYears ?? [];
  return missing.length > 0
    ? `No CPI for ${missing.join(", ")}: ${year} cannot be deflated to ${baseYear} prices (chỉ số giá tiêu dùng thiếu năm ${missing.join(", ")}).`
    : `No CPI factor for ${year} to ${baseYear} prices.`;
}

/**
 * The population (thousands, DECIMAL(18,2): sums of it are exact in any order) of every area the warehouse
 * knows, per year, as SQL for a CTE `area_population
 * (area_id, year, population_thousands)`: provinces and the nation as loaded; an area-year without a population
 * row of its own (a region; the nation in a year the series lacks) as the sum of its member provinces that year
 * (`area_membership`). The nation is also listed as a region of its provinces: a year with its own row uses only
 * that row, so an area-year is never counted twice.
 * A 2025 province as the sum of the pre-2025 provinces that merged into
 * it. A region or merged province with any member lacking a population that year gets NULL, never a partial sum.
 */
export function areaPopulationSql(): RawBuilder<unknown> {
  return sql`
    SELECT area_id, year, CAST(population_thousands AS DECIMAL(18, 2)) AS population_thousands FROM population
    UNION ALL
    SELECT m.region_id, y.year,
      CASE WHEN count(p.area_id) = count(*) THEN CAST(sum(p.population_thousands) AS DECIMAL(18, 2)) END
    FROM area_membership m
    JOIN (SELECT DISTINCT year FROM population) y ON y.year BETWEEN m.from_year AND m.to_year
    LEFT JOIN population p ON p.area_id = m.area_id AND p.year = y.year
    WHERE NOT EXISTS (SELECT 1 FROM population own WHERE own.area_id = m.region_id AND own.year = y.year)
    GROUP BY m.region_id, y.year
    UNION ALL
    SELECT s.successor_id, y.year,
      CASE WHEN count(p.area_id) = count(*) THEN CAST(sum(p.population_thousands) AS DECIMAL(18, 2)) END
    FROM area s
    CROSS JOIN (SELECT DISTINCT year FROM population) y
    LEFT JOIN population p ON p.area_id = s.area_id AND p.year = y.year
    WHERE s.successor_id IS NOT NULL AND s.successor_id <> s.area_id
      AND NOT EXISTS (SELECT 1 FROM population q WHERE q.area_id = s.successor_id AND q.year = y.year)
    GROUP BY s.successor_id, y.year`;
}
