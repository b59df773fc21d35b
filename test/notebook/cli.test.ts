import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { runNotebookCli } from "../../src/server/notebook-cli/run-notebook-cli.js";
import { buildTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";

const run = promisify(execFile);
const CLI = join(PROJECT_ROOT, "src/server/notebook-cli/main.ts");

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let warehouse: string;
let outDir: string;

/**
 * `npm run notebook -- …` in this process: the same `runNotebookCli` that src/server/notebook-cli/main.ts calls,
 * with its output collected (one test below runs main.ts itself as a child process, for the exit code).
 */
async function notebookCli(...args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runNotebookCli(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    now: () => new Date(),
  });
  return { code, stdout, stderr };
}

/** `npm run notebook -- …` as a child process (node + tsx), from the project root. */
async function notebookCliProcess(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", CLI, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TZ: "UTC", NODE_NO_WARNINGS: "1" },
      maxBuffer: 20 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** Runs an example notebook on the test warehouse into a report file and returns the report's text. */
async function report(name: string, file: string, ...args: string[]): Promise<string> {
  const out = join(outDir, file);
  const source = args.includes("--url") ? [] : ["--db", warehouse];
  const result = await notebookCli(
    "run",
    `notebooks/${name}.md`,
    ...source,
    "--out",
    out,
    "--no-timestamp",
    ...args,
  );
  expect(result.stderr).toContain(`notebooks/${name}.md:`);
  expect(result.code, result.stderr).toBe(0);
  return readFile(out, "utf8");
}

beforeAll(async () => {
  warehouse = await buildTestWarehouse();
  outDir = await mkdtemp(join(PROJECT_ROOT, "test/.tmp/notebook-cli-"));
});

afterAll(async () => {
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
});

describe("npm run notebook -- run", () => {
  it("reproduces the XVIII report's percentages in Vietnamese number format", async () => {
    const text = await report("xviii-north-report", "xviii.md");
    expect(text).toMatch(
      /\| 2024 \| PUBLISHED_TOTAL \| 170,8 \| 170,8 \| 170,7 \| -0,1 \| national \| 71,5 \| 41,86 \|/,
    );
    expect(text).toMatch(
      /\| 2024 \| PUBLISHED_TOTAL \| 170,8 \| 170,8 \| 170,7 \| -0,1 \| local \| 99,2 \| 58,08 \|/,
    );
    expect(text).toContain("| 2024 | LOCAL | VN | 202,3 | north | 99,2 | 49,04 |");
    expect(text).toContain("| TOTAL | H1 | 34,7 | 170,8 | 20,32 |  |");
    expect(text).toContain("| NATIONAL | H1 | 8,5 | 71,5 | 11,89 |  |");
    expect(text).toContain("| NATIONAL | ALLOCATED | 18,3 | 71,5 | 25,59 |");
    expect(text).toContain("| 98,1 |  | 57,44 |");
    expect(text).toContain("| report year (năm báo cáo) | 170,8 | -15,7 | -8,42 |");
    expect(text).toContain(
      "| North plan change vs 2023 plan | CHANGE | -8,5 | -8,42 | 0,0818 | DISCREPANCY |",
    );
    expect(text).toContain("All cells ran without errors.");
    expect(text).toMatch(/^Snapshot \(bản dữ liệu\): hash [0-9a-f]{64}, ETL run \S+, loaded \S+\.$/m);
    expect(text).not.toContain("Ran at");
  });

  it("writes the north's plan trend with missing 2025 shown as missing", async () => {
    const text = await report("north-plan-trend", "trend.md", "--locale", "en");
    expect(text).toContain("| 2021 | 142.2 |  |  | 100 |  |");
    expect(text).toContain("| 2024 | 170.8 | -15.7 | -8.42 | 120.11 |  |");
    expect(text).toMatch(/\| 2025 \|  \|  \|  \|  \| No figure for 2025 .*not zero/);
    expect(text).toContain("| 6.3 | 2021 | 2024 |  | 5 | 4 | 2025 |");
    expect(text).toContain("| national | 2024 | 71.5 | 2021 | 41.3 |");
  });

  it("compares the three regions and takes parameter overrides", async () => {
    const text = await report("regions-compared", "regions.md");
    expect(text).toContain("| south | Khu vực phía Nam | 6 | 2019 | 85,5 |");
    expect(text).toContain("| south (phía Nam) | 56,3 |  | south | -4,54 | 92,54 |");
    const in2024 = await report("regions-compared", "regions-2024.md", "--param", "year=2024");
    expect(in2024).toContain("| Year compared (năm so sánh) (year) | 2024 |");
    expect(in2024).toContain("| north (phía Bắc) | 170,8 |  | north | 118,77 | 328,3 |");
  });

  it("shows a province on historical and on merged-2025 boundaries", async () => {
    const text = await report("province-boundaries", "provinces.md");
    expect(text).toContain("| 67 | Đắk Nông | 2011 | 2011 | FY |  | 1,2 |");
    expect(text).toContain("| 68 | Lâm Đồng | 2011 | 2011 | FY |  | 5,85 |");
    expect(text).toContain("| 2025-68 | Lâm Đồng | 2011 | 2011 | FY |  | 7,05 | 2 |");
  });

  it("writes a standalone HTML report with inline SVG charts, embedded fonts and no external requests", async () => {
    const html = await report("xviii-north-report", "xviii.html", "--locale", "en");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<td class="num">41.86</td>');
    expect(html).toContain("<svg");
    // Headings from the schema's descriptions and the unit, the column path in the title; tooltips as <title>.
    expect(html).toContain('<th title="parts.sharePercent">Share (%)</th>');
    expect(html).toContain('<th title="whole.publishedTotal">Published total (billion VND)</th>');
    expect(html).toMatch(/<rect [^>]*><title>Part key: \w+\nShare \(%\): [\d.]+<\/title><\/rect>/);
    expect(html).not.toMatch(/<script|<link|src="http|href="http|url\(http|@import/);
    // The Latin and Vietnamese subsets of the text and code fonts (src/notebook/report/report-fonts.ts).
    const faces = html.match(/@font-face \{ font-family: "(?:Noto Sans|JetBrains Mono) Variable";/g);
    expect(faces).toHaveLength(4);
  });

  it("gives byte-identical reports for two runs on the same snapshot with --no-timestamp", async () => {
    const [first, second] = await Promise.all([
      report("regions-compared", "same-1.html"),
      report("regions-compared", "same-2.html"),
    ]);
    expect(second).toBe(first);
  });

  it("puts the run time on one header line of its own unless --no-timestamp", async () => {
    const result = await notebookCli("run", "notebooks/north-plan-trend.md", "--db", warehouse);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^> Ran at \(chạy lúc\): \d{4}-\d\d-\d\dT[\d:.]+Z$/gm)).toHaveLength(1);
  });

  it("exits non-zero and names each failing cell with the error's position in its query", async () => {
    const path = join(outDir, "failing.md");
    await writeFile(
      path,
      [
        "---",
        "title: Failing",
        "---",
        "",
        "```graphql id=good",
        "{ snapshot { hash } }",
        "```",
        "",
        "```graphql id=bad-field",
        "{",
        "  snapshot { nope }",
        "}",
        "```",
        "",
        "```graphql id=bad-area",
        '{ area(id: "nort") { name } }',
        "```",
        "",
      ].join("\n"),
    );
    const out = join(outDir, "failing-report.md");
    const result = await notebookCli("run", path, "--db", warehouse, "--out", out, "--no-timestamp");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'cell "bad-field" failed: line 2, column 14: Cannot query field "nope" on type "Snapshot". [GRAPHQL_VALIDATION_FAILED]',
    );
    expect(result.stderr).toMatch(
      /cell "bad-area" failed: line 1, column 3: Unknown area "nort".*\[BAD_USER_INPUT\] at area/,
    );
    expect(result.stderr).toContain("2 of 3 query cell(s) failed.");
    expect(await readFile(out, "utf8")).toContain("2 cell(s) failed: bad-field, bad-area.");
  });

  it("refuses an unknown parameter with a suggestion and exit code 2 (main.ts in a process of its own)", async () => {
    const result = await notebookCliProcess(
      "run",
      "notebooks/regions-compared.md",
      "--db",
      warehouse,
      "--param",
      "yaer=2024",
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown parameter "yaer". Did you mean "year"?');
  });

  it("writes narrative values in the report's number format, the same in Markdown and HTML", async () => {
    const sentence = "In short: from 2021 to 2024 the plan grew by\n6,3% a year (bình quân mỗi năm).";
    expect(await report("north-plan-trend", "trend-vi.md")).toContain(sentence);
    const html = await report("north-plan-trend", "trend-vi.html");
    expect(html).toContain(`<p>${sentence}</p>`);
    expect(
      await report("north-plan-trend", "trend-2023.md", "--param", "years=2021-2023", "--locale", "en"),
    ).toContain("In short: from 2021 to 2023 the plan grew by\n14.52% a year");
  });

  it("refuses parameters that break the notebook's constraint, with exit code 2", async () => {
    const result = await notebookCli(
      "run",
      "notebooks/north-plan-trend.md",
      "--db",
      warehouse,
      "--param",
      "years=2022-2024",
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Index base year (năm gốc) (2021) must lie within Years (năm) (2022–2024): change one of them ("baseYear in years").',
    );
  });

  describe("against a server (--url)", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ warehousePath: warehouse });
    });
    afterAll(async () => {
      await server?.close();
    });

    it("writes the same report as the local warehouse on the same snapshot", async () => {
      const local = await report("xviii-north-report", "local.md");
      const remote = await report(
        "xviii-north-report",
        "remote.md",
        "--url",
        new URL("graphql", server.url).href,
      );
      // The same report, plus the link to the same view in the server's notebook page.
      const link = new URL(
        "/#/xviii-north-report?region=north&year=2024&previousYear=2023&number-format=vi",
        server.url,
      ).href;
      expect(remote).toBe(
        local.replace("\nSnapshot (bản dữ liệu)", `\nView (xem): <${link}>\n\nSnapshot (bản dữ liệu)`),
      );
    });

    it("records the link to the view, with the parameter values and number format, in the HTML report", async () => {
      const html = await report(
        "north-plan-trend",
        "linked.html",
        "--url",
        new URL("graphql", server.url).href,
        "--param",
        "years=2021-2023",
        "--locale",
        "en",
      );
      const link = new URL(
        "/#/north-plan-trend?region=north&years=2021-2023&baseYear=2021&number-format=en",
        server.url,
      ).href;
      const escaped = link.replace(/&/g, "&amp;");
      expect(html).toContain(`<p class="meta view-link">View (xem): <code>${escaped}</code></p>`);
    });
  });
});
