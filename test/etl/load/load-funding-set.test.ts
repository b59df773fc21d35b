import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REPORTED_ROWS } from "../../../etl/load/load-funding-set.js";
import { LOOKUP_TEXTS } from "../../../etl/load/map-lookup.js";
import { LOADED_TABLES } from "../../../etl/load/load-inputs.js";
import { runEtl, type EtlReport } from "../../../etl/run-etl.js";
import { writeSyntheticFunding } from "../../../etl/synthetic/index.js";
import { openWarehouse } from "../../../src/warehouse/index.js";

const ROOT = join(import.meta.dirname, "../../..");
const DATA = join(ROOT, "data");
const MALFORMED = join(ROOT, "test/fixtures/malformed");

/** Every table an ETL run fills from its inputs and checks (the run history differs by its run id and times). */
const TABLES = [...LOADED_TABLES, "consistency_finding"] as const;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "load-funding-set-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface Run {
  readonly report: EtlReport;
  readonly log: ReadonlyArray<string>;
  readonly dbPath: string;
}

let runs = 0;
/** The ETL over `dataDir`, set-based (DuckDB reads the funding CSV files) or row by row. */
async function load(dataDir: string, setBased: boolean, dryRun = false): Promise<Run> {
  const dbPath = join(scratch, `run-${++runs}`, "warehouse.duckdb");
  const log: string[] = [];
  const report = await runEtl({ dataDir, dbPath, setBased, dryRun, log: (line) => log.push(line) });
  return { report, log, dbPath };
}

/** What a run reports, without what differs from run to run (its id, times and paths). */
function outcome(run: Run) {
  const { status, errors, warnings, rowsPerTable, inputFiles, findings, discrepancies, snapshotHash } =
    run.report;
  return { status, errors, warnings, rowsPerTable, inputFiles, findings, discrepancies, snapshotHash };
}

/** Every row of every table, in a fixed order. */
async function tablesOf(dbPath: string): Promise<Record<string, unknown[]>> {
  const warehouse = await openWarehouse(dbPath, { readOnly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const { rows } = await sql<
        Record<string, unknown>
      >`SELECT * FROM ${sql.table(table)} ORDER BY ALL`.execute(warehouse.db);
      out[table] = rows;
    }
    return out;
  } finally {
    await warehouse.close();
  }
}

/** Loads `dataDir` both ways and expects the same report and the same warehouse, row for row. */
async function expectSameBothWays(dataDir: string): Promise<{ setBased: Run; rowByRow: Run }> {
  const setBased = await load(dataDir, true);
  const rowByRow = await load(dataDir, false);
  expect(outcome(setBased)).toEqual(outcome(rowByRow));
  if (setBased.report.status === "succeeded")
    expect(await tablesOf(setBased.dbPath)).toEqual(await tablesOf(rowByRow.dbPath));
  return { setBased, rowByRow };
}

const readRowByRow = (run: Run): string[] => run.log.filter((l) => l.includes("is read row by row"));

/** A data folder with the published reference tables and `funding` as published/funding.csv. */
async function folderWith(name: string, funding: string): Promise<string> {
  const dir = join(scratch, name);
  await cp(join(DATA, "published/provinces.csv"), join(dir, "published/provinces.csv"));
  await cp(join(DATA, "published/activities.csv"), join(dir, "published/activities.csv"));
  await writeFile(join(dir, "published/funding.csv"), funding);
  return dir;
}

const HEADER =
  "year,period,geo_level,geo_code,geo_name,funding_source,measure,amount_billion_vnd,source_url,source_title,source_date";
const UNIT_MESSAGE =
  'Unknown unit "tỷ đồnng" in published/funding.csv line 4, column unit. Did you mean "ty dong" or "tỷ đồng"?';
const row = (cells: string): string => `${cells},https://example.org/a,Report A,2024-01-02`;

describe("the set-based funding load", () => {
  it("builds the same warehouse from data/ as the row-by-row load, row for row", async () => {
    const { setBased } = await expectSameBothWays(DATA);
    expect(setBased.report.status).toBe("succeeded");
    expect(readRowByRow(setBased)).toEqual([]);
    expect(setBased.report.inputFiles.find((f) => f.path === "published/funding.csv")?.rows).toBe(168);
  }, 120_000);

  it("builds the same warehouse from a synthetic sample, numbering facts and lines in file order", async () => {
    const dir = join(scratch, "synthetic");
    const written = await writeSyntheticFunding({ rows: 30_000, seed: 7, outDir: dir, rowsPerFile: 12_000 });
    expect(written.ok).toBe(true);
    const { setBased } = await expectSameBothWays(dir);
    expect(setBased.report.status).toBe("succeeded");
    expect(readRowByRow(setBased)).toEqual([]);
    const warehouse = await openWarehouse(setBased.dbPath, { readOnly: true });
    try {
      const { rows } = await sql<{ fact_id: number; origin: string }>`
        SELECT fact_id, origin FROM funding_fact WHERE fact_id IN (1, 12000, 12001, 30000) ORDER BY fact_id`.execute(
        warehouse.db,
      );
      expect(rows).toEqual([
        { fact_id: 1, origin: "funding-synthetic-0001.csv:2" },
        { fact_id: 12000, origin: "funding-synthetic-0001.csv:12001" },
        { fact_id: 12001, origin: "funding-synthetic-0002.csv:2" },
        { fact_id: 30000, origin: "funding-synthetic-0003.csv:6001" },
      ]);
    } finally {
      await warehouse.close();
    }
  }, 300_000);

  it("reports every malformed fixture with the same errors and warnings as the row-by-row load", async () => {
    const faults = (await readdir(MALFORMED)).sort();
    const readRowByRowIn: string[] = [];
    for (const fault of faults) {
      const setBased = await load(join(MALFORMED, fault), true, true);
      const rowByRow = await load(join(MALFORMED, fault), false, true);
      expect({ fault, ...outcome(setBased) }).toEqual({ fault, ...outcome(rowByRow) });
      if (readRowByRow(setBased).length > 0) readRowByRowIn.push(fault);
    }
    // Only the fixture whose quoting DuckDB would read differently goes down the row-by-row path.
    expect(readRowByRowIn).toEqual(["malformed-csv-quoting"]);
  }, 600_000);

  it("reads an ambiguous amount with the format a later value of its column shows", async () => {
    const dir = await folderWith(
      "ambiguous-settled",
      [
        HEADER,
        row("2020,FY,province,02,Hà Giang,national,plan,12.345"),
        row("2021,FY,province,02,Hà Giang,national,plan,0.5"),
      ].join("\n") + "\n",
    );
    const { setBased } = await expectSameBothWays(dir);
    expect(readRowByRow(setBased)).toEqual([]);
    const facts = await tablesOf(setBased.dbPath);
    expect((facts["funding_fact"] as { amount_vnd: number }[]).map((f) => f.amount_vnd)).toEqual([
      12_345_000_000, 500_000_000,
    ]);
  }, 60_000);

  it("reads a quoted amount with a decimal comma as the row-by-row load does", async () => {
    const dir = await folderWith(
      "decimal-comma",
      [
        HEADER,
        row('2020,FY,province,02,Hà Giang,national,plan,"1,5"'),
        row("2021,FY,province,02,Hà Giang,national,plan,2"),
      ].join("\n") + "\n",
    );
    const { setBased } = await expectSameBothWays(dir);
    expect(setBased.report.errors).toEqual([]);
    const facts = (await tablesOf(setBased.dbPath))["funding_fact"] as { amount_vnd: number }[];
    expect(facts.map((f) => f.amount_vnd)).toEqual([1_500_000_000, 2_000_000_000]);
  }, 60_000);

  it("joins a map whose key column has too many texts for a lookup, with the same rows as the row-by-row load", async () => {
    const sources = LOOKUP_TEXTS + 4;
    const rows = Array.from(
      { length: sources },
      (_, i) =>
        `${2008 + (i % 18)},FY,province,02,Hà Giang,national,plan,${i + 1},https://example.org/s${i},Report ${i},2024,DA-${i}`,
    );
    const dir = await folderWith("many-sources", [HEADER + ",project", ...rows].join("\n") + "\n");
    const { setBased } = await expectSameBothWays(dir);
    expect(setBased.report.status).toBe("succeeded");
    expect(readRowByRow(setBased)).toEqual([]);
    const tables = await tablesOf(setBased.dbPath);
    expect(tables["source"]).toHaveLength(sources);
    expect((tables["funding_fact"] as { origin: string }[]).at(-1)?.origin).toBe(
      `published/funding.csv:${sources + 1}`,
    );
  }, 60_000);

  it("refuses an ambiguous amount that nothing settles, with both readings, as the row-by-row load does", async () => {
    const dir = await folderWith(
      "ambiguous-unsettled",
      [HEADER, row("2020,FY,province,02,Hà Giang,national,plan,12.345")].join("\n") + "\n",
    );
    const { setBased } = await expectSameBothWays(dir);
    expect(setBased.report.errors.map((e) => [e.line, e.column])).toEqual([[2, "amount_billion_vnd"]]);
    expect(setBased.report.errors[0]?.message).toContain("it is 12.345 where numbers are written 1,234.5");
  }, 60_000);

  it("leaves out a total row with a warning and numbers the facts after it as the row-by-row load does", async () => {
    const dir = await folderWith(
      "total-row",
      [
        HEADER,
        row("2020,FY,province,02,Hà Giang,national,plan,1.5"),
        row("2020,FY,province,,Tổng cộng,national,plan,3"),
        row("2020,FY,province,04,Cao Bằng,national,plan,1.5"),
      ].join("\n") + "\n",
    );
    const { setBased } = await expectSameBothWays(dir);
    expect(setBased.report.warnings.map((w) => [w.line, w.column])).toEqual([[3, "geo_name"]]);
    const facts = (await tablesOf(setBased.dbPath))["funding_fact"] as { fact_id: number; origin: string }[];
    expect(facts.map((f) => [f.fact_id, f.origin])).toEqual([
      [1, "published/funding.csv:2"],
      [2, "published/funding.csv:4"],
    ]);
  }, 60_000);

  it("reads amounts in a unit, and warns about a source cited with another title, as the row-by-row load does", async () => {
    const dir = await folderWith(
      "units-and-titles",
      [
        "year,period,geo_level,geo_code,geo_name,funding_source,measure,amount,unit,source_url,source_title,source_date,project",
        '2020,FY,province,02,Hà Giang,national,plan,"1.234,5",triệu đồng,https://example.org/a,Report A,2024,DA-1',
        "2020,FY,province,04,Cao Bằng,national,plan,250,đồng,https://example.org/a,Report B,2024,Cộng",
        "2021,FY,province,04,Cao Bằng,local,actual, 7 ,tỷ,https://example.org/a,Report A,,DA-2",
      ].join("\n") + "\n",
    );
    const { setBased } = await expectSameBothWays(dir);
    expect(readRowByRow(setBased)).toEqual([]);
    expect(setBased.report.warnings.map((w) => [w.line, w.column])).toEqual([[3, "source_title"]]);
    const facts = (await tablesOf(setBased.dbPath))["funding_fact"] as {
      amount_vnd: number;
      project: string | null;
      detail: string;
    }[];
    expect(facts.map((f) => [f.amount_vnd, f.project, f.detail])).toEqual([
      [1_234_500_000, "DA-1", "project"],
      [250, null, "total"],
      [7_000_000_000, "DA-2", "project"],
    ]);
  }, 60_000);

  it("reports a fraction of a đồng, two amounts and an unknown unit as the row-by-row load does", async () => {
    const dir = await folderWith(
      "amount-errors",
      [
        "year,period,geo_level,geo_code,geo_name,funding_source,measure,amount_billion_vnd,amount,unit,source_url,source_title,source_date",
        "2020,FY,province,02,Hà Giang,national,plan,,0.5,đồng,https://example.org/a,Report A,2024",
        "2020,FY,province,02,Hà Giang,national,plan,1,2,tỷ,https://example.org/a,Report A,2024",
        "2020,FY,province,02,Hà Giang,national,plan,,3,tỷ đồnng,https://example.org/a,Report A,2024",
        "2020,FY,province,02,Hà Giang,national,plan,0.0000000001,,,https://example.org/a,Report A,2024",
      ].join("\n") + "\n",
    );
    const { setBased } = await expectSameBothWays(dir);
    expect(setBased.report.errors.map((e) => [e.line, e.column])).toEqual([
      [2, "amount"],
      [3, "amount"],
      [4, "unit"],
      [5, "amount_billion_vnd"],
    ]);
    expect(setBased.report.errors[2]?.message).toBe(UNIT_MESSAGE);
  }, 60_000);

  it("reads a file with a line break inside a quoted cell row by row, at the right lines", async () => {
    const dir = await folderWith(
      "quoted-line-break",
      [
        HEADER + ",note",
        row("2020,FY,province,02,Hà Giang,national,plan,1.5") + ',"two\nlines"',
        row("2020,FY,province,02,Hà Giang,nationall,plan,1.5") + ",x",
      ].join("\n") + "\n",
    );
    const { setBased } = await expectSameBothWays(dir);
    expect(readRowByRow(setBased)).toEqual([
      "  published/funding.csv is read row by row: a quoted field spans lines.",
    ]);
    expect(setBased.report.errors.map((e) => [e.line, e.column])).toEqual([[4, "funding_source"]]);
  }, 60_000);

  it(`lists the first ${MAX_REPORTED_ROWS} rows in error of a file, then counts the rest`, async () => {
    const bad = Array.from({ length: MAX_REPORTED_ROWS + 5 }, (_, i) =>
      row(`2020,FY,province,02,Hà Giang,national,plann,${i + 1}`),
    );
    const dir = await folderWith("many-errors", [HEADER, ...bad].join("\n") + "\n");
    const run = await load(dir, true, true);
    expect(run.report.errors).toHaveLength(MAX_REPORTED_ROWS + 1);
    expect(run.report.errors[0]?.line).toBe(2);
    expect(run.report.errors[MAX_REPORTED_ROWS - 1]?.line).toBe(MAX_REPORTED_ROWS + 1);
    expect(run.report.errors[MAX_REPORTED_ROWS]?.message).toBe(
      `5 more rows of published/funding.csv have errors or warnings; only the first ${MAX_REPORTED_ROWS.toLocaleString("en")} are listed. Fix those and load again to see the rest.`,
    );
  }, 120_000);
});
