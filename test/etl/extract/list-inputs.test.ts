import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { EtlIssue } from "../../../etl/etl-issue.js";
import { listInputs } from "../../../etl/extract/list-inputs.js";
import { readRows, rowValues, type InputTable } from "../../../etl/extract/raw-table.js";

const DATA = join(import.meta.dirname, "../../../data");
const VARIANTS = join(import.meta.dirname, "../../fixtures/valid-variants");
const temp = await mkdtemp(join(tmpdir(), "kc-extract-"));
afterAll(() => rm(temp, { recursive: true, force: true }));

/** Every row of a table, with its cells by column name. */
async function allRows(
  table: InputTable,
  issues: EtlIssue[] = [],
): Promise<Array<{ line: number; values: Record<string, string> }>> {
  const rows = [];
  for await (const row of readRows(table, issues)) rows.push({ line: row.line, values: rowValues(row) });
  return rows;
}

async function folder(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const dir = join(temp, name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

describe("listInputs", () => {
  it("lists the default data's seven CSV files sorted by path, with their kinds and hashes", async () => {
    const { tables, files, issues } = await listInputs(DATA);
    expect(issues).toEqual([]);
    expect(tables.map((t) => [t.file, t.kind, t.headerLine])).toEqual([
      ["published/activities.csv", "activities", 1],
      ["published/claims.csv", "claims", 1],
      ["published/funding.csv", "funding", 1],
      ["published/outputs.csv", "outputs", 1],
      ["published/provinces.csv", "provinces", 1],
      ["reference/cpi.csv", "cpi", 1],
      ["reference/population.csv", "population", 1],
    ]);
    expect((await files).map((f) => f.path)).toEqual(tables.map((t) => t.file));
    expect((await files).every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.bytes > 0)).toBe(true);
  });

  it("streams every row of the default data with its physical line", async () => {
    const { tables } = await listInputs(DATA);
    const counts = Object.fromEntries(
      await Promise.all(tables.map(async (t) => [t.kind, (await allRows(t)).length])),
    );
    expect(counts).toEqual({
      activities: 22,
      claims: 101,
      funding: 168,
      outputs: 224,
      provinces: 63,
      cpi: 15,
      population: 960,
    });
    const funding = await allRows(tables.find((t) => t.kind === "funding")!);
    expect(funding[0]?.line).toBe(2);
    expect(funding[117]?.line).toBe(119);
    expect(funding[117]?.values["amount_billion_vnd"]).toBe("71.5");
  });

  it("reads a BOM, CRLF line ends and a quoted field over two lines, keeping physical lines", async () => {
    const dir = await folder("crlf", {
      "cpi.csv":
        '\ufeffyear,cpi_avg_change_pct,note\r\n2023,3.25,"two\r\nlines"\r\n\r\n2024,3.63,after a blank line\r\n',
    });
    const { tables } = await listInputs(dir);
    expect(tables[0]?.header).toEqual(["year", "cpi_avg_change_pct", "note"]);
    expect(await allRows(tables[0]!)).toEqual([
      { line: 2, values: { year: "2023", cpi_avg_change_pct: "3.25", note: "two\nlines" } },
      { line: 5, values: { year: "2024", cpi_avg_change_pct: "3.63", note: "after a blank line" } },
    ]);
  });

  it("ignores README, source texts, workbooks' lock files and a built warehouse", async () => {
    const dir = await folder("ignored", {
      "README.md": "# x",
      "sources/report.txt": "text",
      "warehouse.duckdb": "x",
      "~$book.xlsx": "lock",
      "cpi-2024.csv": "year,cpi_avg_change_pct\n2024,3.63\n",
    });
    const { tables, files, issues } = await listInputs(dir);
    expect(issues).toEqual([]);
    expect(tables.map((t) => [t.file, t.kind])).toEqual([["cpi-2024.csv", "cpi"]]);
    expect((await files).map((f) => f.path)).toEqual(["cpi-2024.csv"]);
  });

  it("reports a file whose name has no known prefix", async () => {
    const dir = await folder("unknown", { "published/budget.csv": "year\n2024\n" });
    const { tables, issues } = await listInputs(dir);
    expect(tables).toEqual([]);
    expect(issues).toEqual([
      {
        severity: "error",
        file: "published/budget.csv",
        message:
          "Unknown input file published/budget.csv: a CSV file name must start with one of provinces, activities, funding, outputs, claims, population, cpi (for example funding-2024.csv).",
      },
    ]);
  });

  it("reports broken quoting at the line of the record that opens the quote", async () => {
    const dir = await folder("quote", {
      "cpi.csv": 'year,cpi_avg_change_pct,note\n2023,3.25,ok\n2024,3.63,"never closed\n2025,3.31,x\n',
    });
    const { tables } = await listInputs(dir);
    const issues: EtlIssue[] = [];
    const rows = await allRows(tables[0]!, issues);
    expect(rows.length).toBeLessThanOrEqual(1);
    expect(issues).toEqual([
      {
        severity: "error",
        file: "cpi.csv",
        line: 3,
        column: "note",
        message: "Malformed CSV in cpi.csv line 3, column note: a quoted field is never closed.",
      },
    ]);
  });

  it("reads each sheet of a workbook as a table named book.xlsx#Sheet, cells as text", async () => {
    const { tables } = await listInputs(VARIANTS);
    const cpi = tables.find((t) => t.file === "reference/workbook.xlsx#cpi")!;
    expect(cpi.kind).toBe("cpi");
    expect(await allRows(cpi)).toEqual([
      {
        line: 2,
        values: {
          year: "2023",
          cpi_avg_change_pct: "3.25",
          source_url: "https://example.org/cpi-2023",
          source_title: "CPI 2023 fixture",
          source_date: "2023-12-29",
          note: "numeric cells",
        },
      },
      {
        line: 3,
        values: {
          year: "2024",
          cpi_avg_change_pct: "3,63",
          source_url: "https://example.org/cpi-2024",
          source_title: "CPI 2024 fixture",
          source_date: "2025-01-06",
          note: "decimal comma as text",
        },
      },
    ]);
    expect(tables.find((t) => t.file === "reference/workbook.xlsx#funding-xlsx")?.kind).toBe("funding");
  });
});
