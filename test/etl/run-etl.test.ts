import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEtl, type EtlReport } from "../../etl/run-etl.js";
import { openWarehouse, type Warehouse } from "../../src/warehouse/index.js";

const DATA = join(import.meta.dirname, "../../data");
let dir: string;
let dbPath: string;
let report: EtlReport;
let warehouse: Warehouse;

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
const bn = (vnd: number | bigint) => Number(vnd) / 1e9;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kc-etl-"));
  dbPath = join(dir, "warehouse.duckdb");
  report = await runEtl({ dataDir: DATA, dbPath });
  warehouse = await openWarehouse(dbPath, { readOnly: true });
});

afterAll(async () => {
  await warehouse?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("loading the published and reference data", () => {
  it("succeeds with no errors", () => {
    expect(report.errors).toEqual([]);
    expect(report.status).toBe("succeeded");
    expect(report.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("loads every row of every file", () => {
    expect(report.rowsPerTable).toMatchObject({
      funding_fact: 168,
      output_fact: 224,
      claim: 101,
      population: 960,
      cpi: 15,
      activity: 22,
    });
  });

  it("holds the 63 historical provinces and the 34 provinces after the 2025 merger", async () => {
    const rows = await warehouse.db
      .selectFrom("area")
      .select(["boundary", (eb) => eb.fn.countAll<number>().as("n")])
      .where("level", "=", "province")
      .groupBy("boundary")
      .orderBy("boundary")
      .execute();
    expect(rows).toEqual([
      { boundary: "2025", n: 34 },
      { boundary: "historical", n: 63 },
    ]);
  });

  it("gives the north's 2024 national plan as 71.5 billion VND, cited to the XVIII conference report", async () => {
    const row = await warehouse.db
      .selectFrom("funding_fact")
      .innerJoin("source", "source.source_id", "funding_fact.source_id")
      .select(["amount_vnd", "url", "title"])
      .where("area_id", "=", "north")
      .where("year_from", "=", 2024)
      .where("period", "=", "FY")
      .where("funding_source", "=", "national")
      .where("stage", "=", "plan")
      .executeTakeFirstOrThrow();
    expect(row.amount_vnd).toBe(71_500_000_000);
    expect(row.url).toBe("sources/2024-05-north-conference-xviii.txt");
  });

  it("ids each source by its url, so the XVIII report is source 1239660138 in every load", async () => {
    const row = await warehouse.db
      .selectFrom("source")
      .select(["source_id", "is_local"])
      .where("url", "=", "sources/2024-05-north-conference-xviii.txt")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ source_id: 1239660138, is_local: true });
  });

  it("keeps the quality flags: the north's 2013 plan is one component only", async () => {
    const row = await warehouse.db
      .selectFrom("funding_fact")
      .select(["amount_vnd", "scope", "bound", "certainty", "note"])
      .where("area_id", "=", "north")
      .where("year_from", "=", 2013)
      .where("period", "=", "FY")
      .where("funding_source", "=", "total")
      .where("stage", "=", "plan")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      amount_vnd: 30_810_000_000,
      scope: "part",
      bound: "exact",
      certainty: "stated",
    });
    expect(row.note).toMatch(/^COMPONENT ONLY/);
    const { rows } = await sql<{ fact: string; flag: string; value: string; n: number }>`
      SELECT fact, flag, value, count(*)::INTEGER AS n FROM (
        SELECT 'funding' AS fact, unnest(['scope', 'bound', 'certainty']) AS flag, unnest([scope, bound, certainty]) AS value FROM funding_fact
        UNION ALL
        SELECT 'outputs', unnest(['scope', 'bound', 'certainty']), unnest([scope, bound, certainty]) FROM output_fact)
      GROUP BY ALL ORDER BY fact, flag, value`.execute(warehouse.db);
    expect(rows.map((r) => `${r.fact} ${r.flag} ${r.value} ${r.n}`)).toEqual([
      "funding bound about 5",
      "funding bound at-least 31",
      "funding bound exact 132",
      "funding certainty inferred 16",
      "funding certainty stated 152",
      "funding scope cumulative 1",
      "funding scope incl-non-budget 5",
      "funding scope part 13",
      "funding scope whole 149",
      "outputs bound about 5",
      "outputs bound at-least 9",
      "outputs bound exact 210",
      "outputs certainty inferred 8",
      "outputs certainty stated 216",
      "outputs scope cumulative 4",
      "outputs scope incl-non-budget 3",
      "outputs scope part 5",
      "outputs scope whole 212",
    ]);
  });

  it.each([
    ["north", 2024, "FY", "total", "plan", 170.8],
    ["north", 2024, "FY", "local", "plan", 99.2],
    ["north", 2024, "H1", "total", "estimated", 34.7],
    ["north", 2024, "H1", "national", "estimated", 8.5],
    ["north", 2024, "H1", "local", "estimated", 26.2],
    ["north", 2023, "FY", "total", "plan", 186.5],
    ["north", 2022, "FY", "total", "plan", 174.3],
    ["north", 2021, "FY", "total", "plan", 142.2],
    ["VN", 2016, "FY", "total", "plan", 230.9],
    ["VN", 2016, "FY", "national", "plan", 103.7],
    ["VN", 2024, "FY", "local", "plan", 202.3],
    ["VN", 2016, "9M", "national", "allocated", 90.1],
  ] as const)(
    "gives %s %i %s %s %s as %d billion VND",
    async (area, year, period, source, stage, expected) => {
      const rows = await warehouse.db
        .selectFrom("funding_fact")
        .select("amount_vnd")
        .where("area_id", "=", area)
        .where("year_from", "=", year)
        .where("year_to", "=", year)
        .where("period", "=", period)
        .where("funding_source", "=", source)
        .where("stage", "=", stage)
        .where("budget_level", "is", null)
        .where("activity_code", "is", null)
        .execute();
      expect(rows.map((r) => bn(r.amount_vnd))).toContain(expected);
    },
  );

  it("keeps both values when two sources disagree on the nationwide 2024 local plan", async () => {
    const rows = await warehouse.db
      .selectFrom("funding_fact")
      .select("amount_vnd")
      .where("area_id", "=", "VN")
      .where("year_from", "=", 2024)
      .where("funding_source", "=", "local")
      .where("stage", "=", "plan")
      .orderBy("amount_vnd")
      .execute();
    expect(rows.map((r) => bn(r.amount_vnd))).toEqual([202, 202.3]);
  });

  it("maps Hà Giang onto Tuyên Quang after the 2025 merger", async () => {
    const row = await warehouse.db
      .selectFrom("area")
      .select(["name_vi", "successor_id", "region_id"])
      .where("area_id", "=", "02")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name_vi: "Hà Giang", successor_id: "2025-08", region_id: "north" });
  });

  it("keeps reference population and CPI exactly", async () => {
    const pop = await warehouse.db
      .selectFrom("population")
      .select("population_thousands")
      .where("area_id", "=", "01")
      .where("year", "=", 2011)
      .executeTakeFirstOrThrow();
    expect(pop.population_thousands).toBe(6825.82);
    const cpi = await warehouse.db
      .selectFrom("cpi")
      .select("avg_change_pct")
      .where("year", "=", 2012)
      .executeTakeFirstOrThrow();
    expect(cpi.avg_change_pct).toBe(9.21);
  });

  it("cites a source for every fact", async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*) AS n FROM funding_fact f LEFT JOIN source s USING (source_id) WHERE s.source_id IS NULL`.execute(
      warehouse.db,
    );
    expect(rows).toEqual([{ n: 0 }]);
  });
});

describe("the consistency report on the published data", () => {
  const findings = async (kind: "claim" | "parts-vs-total" | "source-disagreement") =>
    warehouse.db
      .selectFrom("consistency_finding")
      .selectAll()
      .where("kind", "=", kind)
      .orderBy("finding_id")
      .execute();

  it("confirms the XVIII report's 41.9% national share of the north's 2024 plan", async () => {
    const claim = (await findings("claim")).find((f) =>
      f.subject.startsWith("KCQG share of northern regional plan"),
    );
    expect(claim).toMatchObject({ status: "confirmed", stated: 41.9 });
    expect(claim?.computed).toBeCloseTo(41.8618, 4);
  });

  it("flags the XVIII report's 8.5% fall as 8.42% by its own figures", async () => {
    const claim = (await findings("claim")).find((f) =>
      f.subject.startsWith("North plan change vs 2023 plan"),
    );
    expect(claim).toMatchObject({ status: "discrepancy", stated: -8.5 });
    expect(claim?.computed).toBeCloseTo(-8.4182, 4);
  });

  it("reports 71.5 + 99.2 = 170.7 against the 170.8 stated, within rounding", async () => {
    const parts = (await findings("parts-vs-total")).find((f) => f.subject.startsWith("north 2024 FY plan"));
    expect(parts).toMatchObject({ status: "within-rounding", stated: 170.8 });
    expect(parts?.gap).toBeCloseTo(-0.1, 9);
  });

  it("reports the sources that disagree on Đắk Lắk's 2021-2025 funding", async () => {
    const disagreement = (await findings("source-disagreement")).find((f) =>
      f.subject.includes("66 2021-2025"),
    );
    expect(disagreement?.message).toContain("48 billion VND");
    expect(disagreement?.message).toContain("104 billion VND");
  });

  it("flags the 2025 central region's 12.77% national execution, computed on the total plan, as truncated", async () => {
    const claim = (await findings("claim")).find((f) =>
      f.subject.startsWith("MT-TN KCQG executed as % of yearly plan"),
    );
    expect(claim).toMatchObject({ status: "discrepancy", stated: 12.77 });
    expect(claim?.computed).toBeCloseTo((7.775 / 60.84) * 100, 9);
  });
});

describe("reloading", () => {
  it("gives the same snapshot hash for unchanged inputs", async () => {
    const again = await runEtl({ dataDir: DATA, dbPath: join(dir, "again.duckdb") });
    expect(again.snapshotHash).toBe(report.snapshotHash);
  });

  it("records each run in the warehouse with its input files and their checksums", async () => {
    const runs = await warehouse.db.selectFrom("etl_run").selectAll().execute();
    expect(runs.map((r) => r.run_id)).toContain(report.runId);
    const run = runs.find((r) => r.run_id === report.runId)!;
    const files = JSON.parse(run.input_files) as { path: string; sha256: string }[];
    expect(files.find((f) => f.path === "published/funding.csv")?.sha256).toBe(
      await sha256(join(DATA, "published/funding.csv")),
    );
    expect(run.snapshot_hash).toBe(report.snapshotHash);
  });

  it("leaves the warehouse untouched on a dry run", async () => {
    const before = await sha256(dbPath);
    const dry = await runEtl({ dataDir: DATA, dbPath, dryRun: true });
    expect(dry.status).toBe("succeeded");
    expect(await sha256(dbPath)).toBe(before);
  });

  it("leaves the old warehouse readable when a load is killed mid-way", async () => {
    const bigData = join(dir, "big");
    await cp(DATA, bigData, { recursive: true });
    await writeFile(join(bigData, "published", "funding-bulk.csv"), bulkFundingCsv(150_000));
    const target = join(dir, "killed.duckdb");
    await runEtl({ dataDir: DATA, dbPath: target });
    const before = await sha256(target);

    const child = spawn(
      process.execPath,
      ["--import", "tsx", "etl/cli.ts", "--data", bigData, "--db", target],
      {
        cwd: join(import.meta.dirname, "../.."),
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("funding-bulk.csv")) resolve();
      });
      child.on("exit", () => reject(new Error("the load finished before it could be killed")));
    });
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));

    expect(await sha256(target)).toBe(before);
    const old = await openWarehouse(target, { readOnly: true });
    const count = await old.db
      .selectFrom("funding_fact")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .execute();
    await old.close();
    expect(count).toEqual([{ n: 168 }]);
    expect((await readdir(dir)).some((n) => n.startsWith(".killed.duckdb.next-"))).toBe(true);

    const next = await runEtl({ dataDir: DATA, dbPath: target });
    expect(next.status).toBe("succeeded");
    expect((await readdir(dir)).some((n) => n.startsWith(".killed.duckdb.next-"))).toBe(false);
  });
});

describe("preferring one fact per figure", () => {
  it("prefers the row read first when sources tie on printed digits and are both web articles", async () => {
    const data = join(dir, "tie");
    await cp(DATA, data, { recursive: true });
    // https://b.vn/y has the lower source id (1246585687 < 1599725007) but is read second.
    await writeFile(
      join(data, "published", "funding-tie.csv"),
      "year,period,geo_level,geo_code,geo_name,funding_source,measure,amount_billion_vnd,source_url,source_title,source_date\n" +
        "2009,FY,province,02,,local,plan,5.1,https://a.vn/x,First article,2009\n" +
        "2009,FY,province,02,,local,plan,5.2,https://b.vn/y,Second article,2009\n",
    );
    const target = join(dir, "tie.duckdb");
    const tie = await runEtl({ dataDir: data, dbPath: target });
    expect(tie.errors).toEqual([]);
    const loaded = await openWarehouse(target, { readOnly: true });
    const rows = await loaded.db
      .selectFrom("funding_fact")
      .select(["origin", "source_id", "preferred"])
      .where("area_id", "=", "02")
      .where("year_from", "=", 2009)
      .orderBy("fact_id")
      .execute();
    await loaded.close();
    expect(rows).toEqual([
      { origin: "published/funding-tie.csv:2", source_id: 1599725007, preferred: true },
      { origin: "published/funding-tie.csv:3", source_id: 1246585687, preferred: false },
    ]);
  });
});

describe("rejecting malformed inputs", async () => {
  const root = join(import.meta.dirname, "../fixtures/malformed");
  const faults = existsSync(root) ? (await readdir(root)).sort() : [];

  it("has at least 20 kinds of fault", () => {
    expect(faults.length).toBeGreaterThanOrEqual(20);
  });

  it.each(faults)(
    "rejects %s with a located message and leaves the warehouse byte for byte unchanged",
    async (fault) => {
      const expected = JSON.parse(await readFile(join(root, fault, "expected.json"), "utf8")) as {
        file: string;
        line?: number;
        column?: string;
        messageIncludes: string;
      };
      const target = join(dir, `fault-${fault}.duckdb`);
      // A copy of the published data's warehouse, loaded once for the file (a load per fault doubled the time).
      await copyFile(dbPath, target);
      const before = await sha256(target);
      const rejected = await runEtl({ dataDir: join(root, fault), dbPath: target });
      expect(rejected.status).toBe("failed");
      const error = rejected.errors.find((e) => e.message.includes(expected.messageIncludes));
      expect(error, rejected.errors.map((e) => e.message).join("\n")).toBeDefined();
      expect(error?.file).toBe(expected.file);
      if (expected.line !== undefined) expect(error?.line).toBe(expected.line);
      if (expected.column !== undefined) expect(error?.column).toBe(expected.column);
      expect(await sha256(target)).toBe(before);
    },
  );
});

/** Valid project-level funding rows, each a distinct figure (province × year × source × stage × activity). */
function bulkFundingCsv(rows: number): string {
  const header =
    "year,period,geo_level,geo_code,geo_name,funding_source,budget_level,measure,amount_billion_vnd,source_url,source_title,source_date,note,activity";
  const provinces = [
    "01",
    "02",
    "04",
    "06",
    "08",
    "10",
    "11",
    "12",
    "14",
    "15",
    "17",
    "19",
    "20",
    "22",
    "24",
    "25",
  ];
  const lines = [header];
  let n = 0;
  outer: for (let year = 2008; year <= 2025; year++)
    for (const p of provinces)
      for (const source of ["national", "local"])
        for (const stage of ["plan", "allocated", "estimated", "actual"])
          for (let a = 1; a <= 300; a++) {
            if (n++ >= rows) break outer;
            lines.push(
              `${year},FY,province,${p},,${source},,${stage},${(a % 97) / 10 + 0.1},synthetic:test/${a},SYNTHETIC test rows,2026,,`,
            );
          }
  return lines.join("\n") + "\n";
}
