import type { AreaRow, WarehouseRows } from "./warehouse-rows.js";
import type { ValueBasisName } from "./reference-facts.js";

/**
 * The reference's value bases (rule 2): the CPI factor of a year, the population of an area-year, and the
 * value of a set of facts on a basis. Plain loops over the loaded rows.
 */

/**
 * The CPI factor taking amounts of `year` into `baseYear` prices: Π_{t=year+1..base}(1 + cpi_t/100) for
 * year ≤ base, 1 / Π_{t=base+1..year}(1 + cpi_t/100) after; null when a year of the chain has no CPI.
 */
export function cpiFactor(rows: WarehouseRows, year: number, baseYear: number): number | null {
  const [lo, hi] = year <= baseYear ? [year, baseYear] : [baseYear, year];
  let product = 1;
  for (let t = lo + 1; t <= hi; t++) {
    const change = rows.cpi.get(t);
    if (change === undefined) return null;
    product *= 1 + change / 100;
  }
  return year <= baseYear ? product : 1 / product;
}

/**
 * The population (thousands) of an area in a year: its own row when it has one; otherwise, for a region or
 * the nation, the sum of its member provinces that year (area_membership), and for a 2025 province the sum
 * of the provinces that merged into it; null when any of those lacks a row, or there are none. Never both
 * an own row and a sum.
 */
export function populationThousands(rows: WarehouseRows, areaId: string, year: number): number | null {
  let cache = populationCache.get(rows);
  if (cache === undefined) populationCache.set(rows, (cache = new Map()));
  const key = `${areaId}:${year}`;
  if (!cache.has(key)) cache.set(key, computePopulation(rows, areaId, year));
  return cache.get(key) ?? null;
}

const populationCache = new WeakMap<WarehouseRows, Map<string, number | null>>();

function computePopulation(rows: WarehouseRows, areaId: string, year: number): number | null {
  const own = rows.population.get(`${areaId}:${year}`);
  if (own !== undefined) return own;
  const area: AreaRow | undefined = rows.areas.get(areaId);
  if (area === undefined) return null;
  let members: string[];
  if (area.level === "region" || area.level === "nation") {
    members = rows.memberships
      .filter((m) => m.regionId === areaId && m.fromYear <= year && year <= m.toYear)
      .map((m) => m.areaId);
  } else if (area.boundary === "2025") {
    members = [...rows.areas.values()].filter((a) => a.successorId === areaId).map((a) => a.id);
  } else {
    return null;
  }
  if (members.length === 0) return null;
  let sum = 0;
  for (const member of new Set(members)) {
    const p = rows.population.get(`${member}:${year}`);
    if (p === undefined) return null;
    sum += p;
  }
  return sum;
}

/** A set of facts valued on a basis, in VND (the caller divides by the unit). */
export interface Valued {
  readonly amountVnd: number;
  /** null when the basis cannot value the facts (a span, a missing factor or population, a zero population). */
  readonly valueVnd: number | null;
  /** Σ population (thousands) over the distinct area-year cells (PER_CAPITA). */
  readonly populationThousands: number | null;
  /** year → factor of every single year summed (CONSTANT). */
  readonly factors: ReadonlyMap<number, number>;
}

/**
 * Σ amount; CURRENT: the same; CONSTANT: Σ amount × factor(year), null if any fact spans years or lacks a
 * factor; PER_CAPITA: Σ amount / (Σ population × 1000) over the distinct (own area, year) cells of the facts,
 * null if any fact spans years or any cell lacks a population (docs/analytics.md: the fact's own area, also
 * under MERGED_2025).
 */
export function valueFacts(
  rows: WarehouseRows,
  facts: ReadonlyArray<{
    readonly areaId: string;
    readonly yearFrom: number;
    readonly yearTo: number;
    readonly amountVnd: number;
  }>,
  basis: ValueBasisName,
  baseYear: number | undefined,
): Valued {
  let amountVnd = 0;
  for (const f of facts) amountVnd += f.amountVnd;
  const spans = facts.some((f) => f.yearFrom !== f.yearTo);
  if (basis === "CURRENT")
    return { amountVnd, valueVnd: amountVnd, populationThousands: null, factors: new Map() };
  if (basis === "CONSTANT") {
    const factors = new Map<number, number>();
    let valueVnd: number | null = spans ? null : 0;
    for (const f of facts) {
      if (f.yearFrom !== f.yearTo) continue;
      const factor = cpiFactor(rows, f.yearFrom, baseYear as number);
      if (factor === null) valueVnd = null;
      else {
        factors.set(f.yearFrom, factor);
        if (valueVnd !== null) valueVnd += f.amountVnd * factor;
      }
    }
    return { amountVnd, valueVnd, populationThousands: null, factors };
  }
  const cells = new Set(facts.filter((f) => f.yearFrom === f.yearTo).map((f) => `${f.areaId}|${f.yearFrom}`));
  let population: number | null = 0;
  let missing = false;
  for (const cell of cells) {
    const [areaId, year] = cell.split("|");
    const p = populationThousands(rows, areaId, Number(year));
    if (p === null) missing = true;
    else population += p;
  }
  if (cells.size === 0) population = null;
  const valueVnd =
    spans || missing || population === null || population === 0 ? null : amountVnd / (population * 1000);
  return { amountVnd, valueVnd, populationThousands: population, factors: new Map() };
}
