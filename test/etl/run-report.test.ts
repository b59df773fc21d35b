import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatEtlReport } from "../../etl/format-etl-report.js";
import { runEtl, type EtlReport } from "../../etl/run-etl.js";
import { qualityPagePath } from "../../src/warehouse/index.js";

const DATA = join(import.meta.dirname, "../../data");
let dir: string;
let report: EtlReport;
const lines: string[] = [];

/** Every CSV under the data folder, relative, sorted: what a run must list. */
async function csvFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".csv"))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}
const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kc-run-report-"));
  report = await runEtl({ dataDir: DATA, dbPath: join(dir, "w.duckdb"), log: (line) => lines.push(line) });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the run report", () => {
  it("says it reads every input file, provinces.csv and activities.csv included", async () => {
    expect(lines.filter((l) => l.startsWith("Reading ")).sort()).toEqual(
      (await csvFiles(DATA)).map((file) => `Reading ${file}`),
    );
  });

  it("lists every input file with its rows, size and sha256, in the report and in what the CLI prints", async () => {
    const files = await csvFiles(DATA);
    expect(report.inputFiles.map((f) => f.path)).toEqual(files);
    for (const f of report.inputFiles) expect(f.sha256).toBe(await sha256(join(DATA, f.path)));
    expect(report.inputFiles.find((f) => f.path === "published/provinces.csv")?.rows).toBe(63);
    const printed = formatEtlReport(report);
    for (const f of report.inputFiles)
      expect(printed).toContain(`- ${f.path}: ${f.rows} rows, ${f.bytes} bytes, sha256 ${f.sha256}`);
  });
});

describe("the data-quality page of a run", () => {
  it("is written beside the warehouse with the counts per table, the inputs and their checksums, and the findings", async () => {
    expect(lines).toContain(`Data-quality page: ${qualityPagePath(join(dir, "w.duckdb"), report.runId)}`);
    const page = await readFile(qualityPagePath(join(dir, "w.duckdb"), report.runId), "utf8");
    expect(page).toContain(`<h1>Data quality: ETL run <code>${report.runId}</code></h1>`);
    expect(page).toContain('<tr><td>funding_fact</td><td class="n">168</td></tr>');
    const provinces = report.inputFiles.find((f) => f.path === "published/provinces.csv")!;
    expect(page).toContain(
      `<tr><td>published/provinces.csv</td><td class="n">63</td><td class="n">${provinces.bytes.toLocaleString("en")}</td><td>${provinces.sha256}</td></tr>`,
    );
    expect(page).toContain(`<h2>Inputs (${report.inputFiles.length} files,`);
    expect(page).toContain("<h2>Errors (0)</h2>");
    const discrepancy = report.discrepancies[0]!;
    expect(page).toContain(
      `<h3>Discrepancies and gaps within rounding (${report.discrepancies.length})</h3>`,
    );
    expect(page).toContain(
      discrepancy.message.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;"),
    );
    expect(page).not.toContain(DATA); // no server folder in a page anyone may read
  });

  it("is written for a rejected run too, naming each error's place, with the input's text escaped", async () => {
    const data = join(dir, "hostile");
    await cp(join(import.meta.dirname, "../fixtures/malformed/unknown-province-name"), data, {
      recursive: true,
    });
    const funding = join(data, "published/funding.csv");
    await writeFile(
      funding,
      (await readFile(funding, "utf8")).replace("Ha Giangg", "<script>alert(1)</script>"),
    );
    const rejected = await runEtl({ dataDir: data, dbPath: join(dir, "r.duckdb") });
    expect(rejected.status).toBe("failed");
    const page = await readFile(qualityPagePath(join(dir, "r.duckdb"), rejected.runId), "utf8");
    expect(page).toContain("REJECTED: the warehouse was left unchanged");
    // (the path-like "/script>" is cut by redactPaths; what matters is that no tag survives)
    expect(page).toContain(
      "<tr><td>published/funding.csv</td><td>3</td><td>geo_name</td><td>Unknown province &quot;&lt;script&gt;alert(1)&lt;",
    );
    expect(page).not.toContain("<script>");
  });
});
