import { mkdir, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  SYNTHETIC_FUNDING_COLUMNS,
  SYNTHETIC_TITLE_PREFIX,
  readSyntheticManifest,
  writeSyntheticFunding,
} from "../../../etl/synthetic/index.js";
import {
  dataLines,
  fundingFiles,
  fundingHash,
  generate,
  queryFunding,
  tempDir,
} from "./synthetic-harness.js";

const PUBLISHED = join(import.meta.dirname, "../../../data/published");
const publishedCsv = async (name: string): Promise<Record<string, string>[]> =>
  parse(await readFile(join(PUBLISHED, name)), { columns: true, bom: true }) as Record<string, string>[];

describe("writeSyntheticFunding", () => {
  it("writes exactly the rows asked for, split into numbered files of at most rowsPerFile rows", async () => {
    const { outDir, manifest } = await generate({ rows: 2_500, rowsPerFile: 1_000, seed: 3 });
    expect(await fundingFiles(outDir)).toEqual([
      "funding-synthetic-0001.csv",
      "funding-synthetic-0002.csv",
      "funding-synthetic-0003.csv",
    ]);
    const counts = await Promise.all(
      (await fundingFiles(outDir)).map(
        async (f) => (await readFile(join(outDir, f), "utf8")).split("\n").length - 2,
      ),
    );
    expect(counts).toEqual([1_000, 1_000, 500]);
    expect(manifest.files.map((f) => f.rows)).toEqual([1_000, 1_000, 500]);
    expect(await readSyntheticManifest(outDir)).toEqual(manifest);
  });

  it("splits at one million rows by default, all from one synthetic source", async () => {
    const { manifest } = await generate({ rows: 1_200_000, seed: 1 });
    expect(manifest.files.map((f) => f.rows)).toEqual([1_000_000, 200_000]);
    expect(manifest.reports).toBe(1);
  });

  it("gives the same bytes for the same seed and different bytes for another seed", async () => {
    const a = await generate({ rows: 3_000, rowsPerFile: 1_000, seed: 42 });
    const b = await generate({ rows: 3_000, rowsPerFile: 1_000, seed: 42 });
    const c = await generate({ rows: 3_000, rowsPerFile: 1_000, seed: 43 });
    expect(await fundingHash(a.outDir)).toBe(await fundingHash(b.outDir));
    expect(await fundingHash(a.outDir)).toBe(
      "71cee23c852571529b53544cdd04e5600ff4dc74c4d1629fde359a4822b72ec6",
    );
    expect(await fundingHash(c.outDir)).not.toBe(await fundingHash(a.outDir));
  });

  it("gives the same rows however they are split into files", async () => {
    const split = await generate({ rows: 2_345, rowsPerFile: 700, seed: 9 });
    const whole = await generate({ rows: 2_345, seed: 9 });
    expect(await dataLines(split.outDir)).toEqual(await dataLines(whole.outDir));
  });

  it("writes the funding input columns, plus activity and project, with values from the published lists", async () => {
    const { outDir } = await generate({ rows: 5_000, rowsPerFile: 2_000, seed: 5 });
    const publishedHeader = (await readFile(join(PUBLISHED, "funding.csv"), "utf8")).split("\n")[0]?.trim();
    expect(SYNTHETIC_FUNDING_COLUMNS).toEqual([...(publishedHeader ?? "").split(","), "activity", "project"]);
    const provinces = new Map((await publishedCsv("provinces.csv")).map((p) => [p.gso_code, p.name_vi]));
    const activities = new Set((await publishedCsv("activities.csv")).map((a) => a.code));
    for (const name of await fundingFiles(outDir)) {
      const text = await readFile(join(outDir, name), "utf8");
      expect(text.split("\n")[0]).toBe(SYNTHETIC_FUNDING_COLUMNS.join(","));
      const rows = parse(text, { columns: true }) as Record<string, string>[];
      for (const row of rows) {
        expect(Number(row.year)).toBeGreaterThanOrEqual(2008);
        expect(Number(row.year)).toBeLessThanOrEqual(2025);
        expect([row.period, row.geo_level, row.budget_level]).toEqual(["FY", "province", ""]);
        expect(provinces.get(row.geo_code ?? "")).toBe(row.geo_name);
        expect(["national", "local"]).toContain(row.funding_source);
        expect(["plan", "allocated", "estimated", "actual"]).toContain(row.measure);
        expect(row.amount_billion_vnd).toMatch(/^\d\.\d{3}$/);
        expect(Number(row.amount_billion_vnd)).toBeGreaterThanOrEqual(0.125);
        expect(Number(row.amount_billion_vnd)).toBeLessThanOrEqual(5);
        expect(activities.has(row.activity ?? "")).toBe(true);
        expect(row.project).toMatch(/^DA-5-\d{7}$/);
        expect([row.scope, row.bound, row.certainty]).toEqual(["whole", "exact", "stated"]);
      }
    }
  });

  it("marks every row's source as synthetic, dated by its parameters rather than the clock", async () => {
    const { outDir } = await generate({ rows: 4_000, seed: 77 });
    const [summary] = await queryFunding(
      outDir,
      `SELECT count(*) FILTER (WHERE source_url <> 'synthetic:khuyen-cong/77/projects') AS bad_url,
              count(*) FILTER (WHERE NOT starts_with(source_title, '${SYNTHETIC_TITLE_PREFIX}')) AS bad_title,
              list(DISTINCT source_date) AS dates,
              count(*) FILTER (WHERE note <> 'synthetic project') AS bad_note
       FROM funding`,
    );
    expect(summary).toEqual({
      bad_url: 0,
      bad_title: 0,
      dates: ["synthetic seed=77 rows=4000 generator=3"],
      bad_note: 0,
    });
    expect(await readFile(join(outDir, "README.md"), "utf8")).toMatch(/^# SYNTHETIC benchmark data/);
  });

  it("gives every row a project of its own, so no figure repeats in or across sources", async () => {
    // 450,000 rows wrap the 199,584 combinations of year, province, activity, funding source and stage twice:
    // only the project keeps the figures apart, and the ETL finds no duplicate and no disagreement.
    const { outDir, manifest } = await generate({ rows: 450_000, seed: 11 });
    expect(manifest.reports).toBe(1);
    const key = "year, period, geo_code, funding_source, budget_level, measure, activity";
    const [counts] = await queryFunding(
      outDir,
      `SELECT count(*) AS n_rows,
              count(DISTINCT project) AS n_projects,
              count(DISTINCT (${key}, project, source_url)) AS n_figures_with_source,
              count(DISTINCT (${key})) AS n_keys_without_project,
              count(DISTINCT source_url) AS n_sources,
              count(*) FILTER (WHERE measure = 'plan') AS n_plans
       FROM funding`,
    );
    expect(counts).toEqual({
      n_rows: 450_000,
      n_projects: 450_000,
      n_figures_with_source: 450_000,
      n_keys_without_project: 199_584,
      n_sources: 1,
      n_plans: 112_500,
    });
  });

  it("copies provinces.csv and activities.csv so the folder is a complete data folder", async () => {
    const { outDir } = await generate({ rows: 10 });
    for (const name of ["provinces.csv", "activities.csv"]) {
      expect(await readFile(join(outDir, name), "utf8")).toBe(await readFile(join(PUBLISHED, name), "utf8"));
    }
  });

  it("replaces the funding files of an earlier run and leaves other files alone", async () => {
    const outDir = await tempDir();
    await writeSyntheticFunding({ rows: 2_500, rowsPerFile: 1_000, outDir });
    await writeSyntheticFunding({ rows: 2_500, rowsPerFile: 1_000, outDir }); // the copies were read-only
    await writeFile(join(outDir, "keep.txt"), "not ours");
    const result = await writeSyntheticFunding({ rows: 1_500, rowsPerFile: 1_000, outDir });
    expect(result.ok).toBe(true);
    expect(await fundingFiles(outDir)).toEqual(["funding-synthetic-0001.csv", "funding-synthetic-0002.csv"]);
    expect(await readdir(outDir)).toContain("keep.txt");
  });
});

describe("writeSyntheticFunding refuses", () => {
  it("to write inside the repository's data/ folder, and creates nothing there", async () => {
    const dataDir = join(import.meta.dirname, "../../../data");
    const before = await readdir(dataDir);
    const result = await writeSyntheticFunding({ rows: 10, outDir: join(dataDir, "synthetic") });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(
      /^Refusing to write synthetic rows into ".*data\/synthetic": it is inside /,
    );
    expect(await readdir(dataDir)).toEqual(before);
  });

  it("to write into data/ itself or through a symlink that points into it", async () => {
    const root = await tempDir();
    const data = join(root, "data");
    await mkdir(data);
    await symlink(data, join(root, "link"));
    for (const outDir of [data, join(root, "link", "deep", "er")]) {
      const result = await writeSyntheticFunding({ rows: 10, outDir, protectedDir: data });
      expect(result.ok).toBe(false);
    }
    expect(await readdir(data)).toEqual([]);
  });

  it("row counts, seeds and file sizes out of range, with a sentence naming the value", async () => {
    const outDir = await tempDir();
    const errors = await Promise.all(
      [{ rows: 0 }, { rows: 1.5 }, { rows: 10, seed: -1 }, { rows: 10, rowsPerFile: 1_000_001 }].map(
        async (o) => {
          const r = await writeSyntheticFunding({ ...o, outDir });
          return r.ok ? "ok" : r.error;
        },
      ),
    );
    expect(errors).toEqual([
      "Row count 0 is not a whole number from 1 to 1,000,000,000.",
      "Row count 1.5 is not a whole number from 1 to 1,000,000,000.",
      "Seed -1 is not a whole number from 0 to 4294967295.",
      "Rows per file 1000001 is not a whole number from 1 to 1000000.",
    ]);
  });
});
