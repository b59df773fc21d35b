import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { DATA_DIR } from "../support/test-warehouse.js";

/**
 * A seeded generator of input data in the layout of data/ (published/*.csv, reference/*.csv), for the
 * differential suite: the real provinces.csv and activities.csv, and generated funding, outputs, population
 * and CPI rows with the traps real data has: sources that disagree on a figure (same area, year, period,
 * funding source and stage; another source url and value), multi-year spans (2016-2020 5Y, 2021-2025 5Y and
 * PROGRAMME, 2019-2020 18M), part-year periods (H1, 9M), nation, region and province levels, provinces that
 * merged in 2025 (and facts of the 2025 provinces themselves), province/district budget splits, activities
 * and projects (đề án), figures that cover one part or a running total (scope), notes with commas and quotes,
 * missing population years (the nation's too, one of them with every province present) and a missing CPI
 * year. The same seed writes the same bytes.
 */

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const GENERATED_YEARS = { from: 2013, to: 2025 } as const;
/** CPI years: 2012–2025 without 2016, so chains across 2016 have no factor. */
export const MISSING_CPI_YEAR = 2016;

interface Province {
  readonly code: string;
  readonly name: string;
  readonly region: string;
  readonly successorName: string;
  readonly successorCode: string;
}

/** Provinces with facts: merging clusters (35+36+37 → 2025-37, 02+08 → 2025-08, 60+67+68 → 2025-68 across
 * two regions, 74+77+79 → 2025-79…) and a few that merged with nobody in the data. */
const FACT_PROVINCES = ["01", "02", "08", "24", "27", "35", "36", "37", "44", "45", "48", "49", "54", "66"];
const MORE_PROVINCES = ["60", "67", "68", "74", "77", "79", "89", "91", "40"];
const REGIONS = [
  ["north", "Khu vực phía Bắc"],
  ["central-highlands", "Khu vực miền Trung - Tây Nguyên"],
  ["south", "Khu vực phía Nam"],
] as const;
const ACTIVITY_CODES = ["Q1881-1", "Q1881-3", "D45-TRAIN", "D235-DEMO"];
const OUTPUT_TYPES = [
  ["technical_demonstration_models", "models"],
  ["workers_trained", "persons"],
  ["facilities_machinery_support", "establishments"],
] as const;

const FUNDING_HEADER = [
  "year",
  "period",
  "geo_level",
  "geo_code",
  "geo_name",
  "funding_source",
  "budget_level",
  "measure",
  "amount_billion_vnd",
  "source_url",
  "source_title",
  "source_date",
  "note",
  "activity",
  "project",
  "scope",
];
const OUTPUTS_HEADER = [
  "year",
  "period",
  "geo_level",
  "geo_code",
  "geo_name",
  "output_type",
  "stage",
  "funding_source",
  "quantity",
  "unit",
  "amount_billion_vnd",
  "source_url",
  "source_title",
  "source_date",
  "note",
];
const SOURCE_COLUMNS = ["source_url", "source_title", "source_date"];

function csv(header: ReadonlyArray<string>, rows: ReadonlyArray<Readonly<Record<string, string>>>): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    [header.join(","), ...rows.map((r) => header.map((h) => cell(r[h] ?? "")).join(","))].join("\n") + "\n"
  );
}

interface Area {
  readonly level: "nation" | "region" | "province";
  readonly code: string;
  readonly name: string;
}

/** Writes a data folder generated from `seed` into `dir` (created if needed). */
export async function writeGeneratedData(dir: string, seed: number): Promise<void> {
  const random = prng(seed);
  const chance = (p: number) => random() < p;
  const pick = <T>(values: ReadonlyArray<T>): T => values[Math.floor(random() * values.length)];
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const printed = (value: number) => value.toFixed(pick([0, 1, 1, 2, 3]));

  const provincesCsv = await readFile(join(DATA_DIR, "published/provinces.csv"), "utf8");
  const activitiesCsv = await readFile(join(DATA_DIR, "published/activities.csv"), "utf8");
  const provinces: Province[] = (parse(provincesCsv, { columns: true }) as Record<string, string>[]).map(
    (r) => ({
      code: r["gso_code"],
      name: r["name_vi"],
      region: r["region_khuyen_cong"].replace(/_/g, "-"),
      successorName: r["merged_into_2025"],
      successorCode: r["merged_into_2025_code"],
    }),
  );
  const byCode = new Map(provinces.map((p) => [p.code, p]));
  const factProvinces = [...FACT_PROVINCES, ...MORE_PROVINCES].map((c) => byCode.get(c) as Province);
  const successors = [...new Map(factProvinces.map((p) => [p.successorCode, p.successorName]))].map(
    ([code, name]): Area => ({ level: "province", code: `2025-${code}`, name }),
  );

  const funding: Record<string, string>[] = [];
  const outputs: Record<string, string>[] = [];
  const seen = new Set<string>();
  const source = (url: string, title: string) => ({
    source_url: url,
    source_title: title,
    source_date: "2025-01-15",
  });
  const note = () =>
    chance(0.2)
      ? pick(['approx., "more than" the figure', "incl. đề án, see p. 3", "revised; as of 30/9"])
      : "";

  /** Adds a funding row from its primary source and, sometimes, the same figure from other sources. */
  const fund = (
    area: Area,
    year: string,
    period: string,
    fundingSource: string,
    measure: string,
    amount: number,
    primary: { source_url: string; source_title: string; source_date: string },
    extra: { budget_level?: string; activity?: string; project?: string } = {},
  ) => {
    const base = {
      year,
      period,
      geo_level: area.level,
      geo_code: area.code,
      geo_name: area.name,
      funding_source: fundingSource,
      measure,
      budget_level: extra.budget_level ?? "",
      activity: extra.activity ?? "",
      project: extra.project ?? "",
    };
    const figure = JSON.stringify(base);
    // Some figures cover one component or a running total only: a trend does not compare them with wholes.
    const scope = chance(0.08) ? pick(["part", "part", "cumulative"]) : "";
    const add = (value: string, src: typeof primary) => {
      const key = `${figure}|${src.source_url}`;
      if (seen.has(key)) return;
      seen.add(key);
      funding.push({ ...base, amount_billion_vnd: value, ...src, note: note(), scope });
    };
    add(printed(amount), primary);
    // Disagreeing sources: a rounder value, another value, or the same value from another document.
    for (let k = 0; k < 2 && chance(k === 0 ? 0.14 : 0.25); k++) {
      const press = Math.floor(between(1, 7));
      const variant = pick([amount.toFixed(0), (amount * between(0.9, 1.1)).toFixed(2), printed(amount)]);
      add(variant, source(`https://example.org/kc/press-${press}`, `Generated press article ${press}`));
    }
  };

  const output = (
    area: Area,
    year: string,
    period: string,
    stage: string,
    fundingSource: string,
    primary: { source_url: string; source_title: string; source_date: string },
  ) => {
    const [type, unit] = pick(OUTPUT_TYPES);
    const base = {
      year,
      period,
      geo_level: area.level,
      geo_code: area.code,
      geo_name: area.name,
      output_type: type,
      stage,
      funding_source: fundingSource,
      unit,
    };
    const figure = JSON.stringify(base);
    const quantity = Math.floor(between(1, 400));
    const amount = chance(0.6) ? printed(between(0.3, 40)) : "";
    const add = (q: number, src: typeof primary) => {
      const key = `${figure}|${src.source_url}`;
      if (seen.has(key)) return;
      seen.add(key);
      outputs.push({ ...base, quantity: String(q), amount_billion_vnd: amount, ...src, note: note() });
    };
    add(quantity, primary);
    if (chance(0.12)) {
      const press = Math.floor(between(1, 7));
      add(
        quantity + Math.floor(between(1, 20)),
        source(`https://example.org/kc/press-${press}`, `Generated press article ${press}`),
      );
    }
  };

  const nation: Area = { level: "nation", code: "VN", name: "Việt Nam" };
  const regions: Area[] = REGIONS.map(([code, name]) => ({ level: "region", code, name }));
  const provinceAreas: Area[] = factProvinces.map((p) => ({ level: "province", code: p.code, name: p.name }));

  /** A plan and its parts: total, national and local, each published or not, parts near the total. */
  const planWithParts = (
    area: Area,
    year: string,
    period: string,
    measure: string,
    scale: number,
    src: ReturnType<typeof source>,
  ) => {
    const total = between(scale * 0.5, scale);
    const national = total * between(0.35, 0.55);
    if (chance(0.85)) fund(area, year, period, "total", measure, total, src);
    if (chance(0.7)) fund(area, year, period, "national", measure, national, src);
    if (chance(0.7)) fund(area, year, period, "local", measure, total - national + between(-0.2, 0.2), src);
  };

  for (let y: number = GENERATED_YEARS.from; y <= GENERATED_YEARS.to; y++) {
    const year = String(y);
    const nationSrc = source(`https://example.org/kc/nation-report-${y}`, `Generated nationwide report ${y}`);
    if (chance(0.85)) planWithParts(nation, year, "FY", "plan", 400, nationSrc);
    if (chance(0.6)) planWithParts(nation, year, "FY", "actual", 380, nationSrc);
    if (chance(0.5)) planWithParts(nation, year, "H1", "estimated", 150, nationSrc);
    if (chance(0.4)) fund(nation, year, "9M", "national", "allocated", between(60, 150), nationSrc);
    for (const region of regions) {
      const src = source(
        `https://example.org/kc/${region.code}-conference-${y}`,
        `Generated ${region.code} conference ${y}`,
      );
      if (chance(0.8)) planWithParts(region, year, "FY", "plan", 200, src);
      if (chance(0.5)) planWithParts(region, year, "H1", "estimated", 80, src);
      if (chance(0.5)) planWithParts(region, year, "FY", "actual", 190, src);
      if (chance(0.3)) fund(region, year, "9M", "total", "allocated", between(40, 120), src);
      if (chance(0.3)) output(region, year, "FY", pick(["plan", "actual"]), pick(["total", "national"]), src);
    }
    if (y === 2013) {
      const se: Area = { level: "region", code: "southeast-2013", name: "Đông Nam Bộ (2013)" };
      fund(
        se,
        year,
        "FY",
        "total",
        "plan",
        between(20, 60),
        source("https://example.org/kc/southeast-2013", "Generated south-east report 2013"),
      );
    }
    for (const province of provinceAreas) {
      const src = source(
        `https://example.org/kc/province-${province.code}-${y}`,
        `Generated ${province.name} report ${y}`,
      );
      // Before the merger a province reports whole years; in 2025 only its first half and nine months.
      const periods = y < 2025 ? ["FY", "FY", "H1", "9M"] : ["H1", "9M"];
      if (chance(0.7))
        planWithParts(province, year, y < 2025 ? "FY" : "H1", y < 2025 ? "plan" : "estimated", 30, src);
      if (chance(0.45))
        fund(
          province,
          year,
          pick(periods),
          pick(["local", "national", "total"]),
          pick(["actual", "allocated", "estimated"]),
          between(1, 25),
          src,
        );
      if (y < 2025 && chance(0.15)) {
        const local = between(4, 20);
        const share = between(0.5, 0.8);
        if (chance(0.6)) fund(province, year, "FY", "local", "actual", local, src);
        fund(province, year, "FY", "local", "actual", local * share, src, { budget_level: "province" });
        fund(province, year, "FY", "local", "actual", local * (1 - share), src, { budget_level: "district" });
      }
      if (y < 2025 && chance(0.2)) {
        const activity = pick(ACTIVITY_CODES);
        fund(province, year, "FY", "local", "actual", between(0.5, 6), src, { activity });
        if (chance(0.5)) {
          fund(province, year, "FY", "local", "actual", between(0.2, 3), src, {
            activity,
            project: `ĐA-${year}-${province.code}-1`,
          });
        }
        if (chance(0.25))
          fund(province, year, "FY", "national", "plan", between(0.2, 3), src, {
            project: `ĐA-${year}-${province.code}-9`,
          });
      }
      if (chance(0.2))
        output(province, year, pick(periods), pick(["plan", "actual"]), pick(["total", "local"]), src);
    }
    if (y === 2025) {
      for (const province of successors) {
        const src = source(
          `https://example.org/kc/2025-province-${province.code}`,
          `Generated ${province.name} report 2025`,
        );
        if (chance(0.8)) planWithParts(province, year, "FY", "plan", 40, src);
        if (chance(0.5)) fund(province, year, "FY", "local", "actual", between(1, 30), src);
      }
    }
  }
  // Multi-year figures: five-year plans, the 2021-2025 programme, an 18-month actual.
  const spanSrc = source("https://example.org/kc/five-year-review", "Generated five-year review");
  for (const area of [nation, ...regions, ...provinceAreas.filter(() => chance(0.4))]) {
    if (chance(0.7)) fund(area, "2016-2020", "5Y", "total", "plan", between(50, 900), spanSrc);
    if (chance(0.7)) fund(area, "2021-2025", "5Y", "total", "plan", between(50, 1000), spanSrc);
    if (chance(0.4)) fund(area, "2021-2025", "PROGRAMME", "national", "plan", between(50, 500), spanSrc);
    if (chance(0.3)) fund(area, "2019-2020", "18M", "local", "actual", between(10, 300), spanSrc);
    if (chance(0.3)) output(area, "2021-2025", "PROGRAMME", "target", "total", spanSrc);
  }

  // Population: every province and the nation 2013–2025 with gaps; the nation's own row is not the sum.
  const population: Record<string, string>[] = [];
  const popSrc = source("https://example.org/gso/population", "Generated population table");
  const completeYear = 2014 + Math.floor(random() * 4);
  const nationMissing = new Set([completeYear, 2019 + Math.floor(random() * 5)]);
  const sizes = new Map(provinces.map((p) => [p.code, between(300, 8500)]));
  for (let y: number = GENERATED_YEARS.from; y <= GENERATED_YEARS.to; y++) {
    let sum = 0;
    for (const p of provinces) {
      const size = (sizes.get(p.code) as number) * Math.pow(1.01, y - GENERATED_YEARS.from);
      sum += size;
      // One year without the nation's own row keeps every province, so the nation is the sum of them.
      if (y !== completeYear && chance(0.04)) continue;
      population.push({
        year: String(y),
        gso_code: p.code,
        name_vi: p.name,
        population_thousands: size.toFixed(2),
        ...popSrc,
      });
    }
    if (!nationMissing.has(y)) {
      population.push({
        year: String(y),
        gso_code: "VN",
        name_vi: "Cả nước",
        population_thousands: (sum * 1.0007).toFixed(2),
        ...popSrc,
      });
    }
  }
  const cpi: Record<string, string>[] = [];
  for (let y = 2012; y <= GENERATED_YEARS.to; y++) {
    if (y === MISSING_CPI_YEAR) continue;
    cpi.push({
      year: String(y),
      cpi_avg_change_pct: between(0.5, 9.5).toFixed(2),
      ...source("https://example.org/gso/cpi", "Generated CPI series"),
    });
  }

  await mkdir(join(dir, "published"), { recursive: true });
  await mkdir(join(dir, "reference"), { recursive: true });
  await writeFile(join(dir, "published/provinces.csv"), provincesCsv);
  await writeFile(join(dir, "published/activities.csv"), activitiesCsv);
  await writeFile(join(dir, "published/funding.csv"), csv(FUNDING_HEADER, funding));
  await writeFile(join(dir, "published/outputs.csv"), csv(OUTPUTS_HEADER, outputs));
  await writeFile(
    join(dir, "reference/population.csv"),
    csv(["year", "gso_code", "name_vi", "population_thousands", ...SOURCE_COLUMNS], population),
  );
  await writeFile(
    join(dir, "reference/cpi.csv"),
    csv(["year", "cpi_avg_change_pct", ...SOURCE_COLUMNS], cpi),
  );
}
