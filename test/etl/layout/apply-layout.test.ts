import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { transformFolder } from "../transform/transform-harness.js";
import { listInputs } from "../../../etl/extract/list-inputs.js";

const ROOT = join(import.meta.dirname, "../../..");
const temp = await mkdtemp(join(tmpdir(), "kc-layout-"));
afterAll(() => rm(temp, { recursive: true, force: true }));

/** A data folder with the provinces and activities, and `files`. */
async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(temp, name);
  await mkdir(join(dir, "published"), { recursive: true });
  for (const file of ["provinces.csv", "activities.csv"])
    await cp(join(ROOT, "data/published", file), join(dir, "published", file));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** Errors and warnings as `file:line column: message`. */
async function problemsOf(dir: string): Promise<string[]> {
  const { allIssues } = await transformFolder(dir);
  return allIssues.map((i) => `${i.file}:${i.line ?? ""} ${i.column ?? ""}: ${i.message}`);
}

const SPEC = `kind: funding
header: 2
find: ["Đơn vị: {unit}"]
set:
  period: FY
  geo_level: province
  stage: plan
  funding_source: local
  source_url: https://example.org/report
  source_title: Report
  source_date: 2024-01-01
columns:
  geo_name: "Tỉnh"
values:
  field: amount
  columns: ["Năm {year}"]
`;

describe("a layout spec applied to its file", () => {
  it("reads a file of another layout into rows of ours", async () => {
    const dir = await folder("plain", {
      "report.csv": "Đơn vị: triệu đồng,,\nTỉnh,Năm 2023,Năm 2024\nHà Giang,1500,\nCao Bằng,,2500\n",
      "report.layout.yaml": SPEC,
    });
    const { funding, allIssues } = await transformFolder(dir);
    expect(allIssues).toEqual([]);
    expect(funding.map((f) => [f.area_id, f.year_from, f.amount_vnd, f.origin])).toEqual([
      ["02", 2023, 1_500_000_000n, "report.csv:3"],
      ["04", 2024, 2_500_000_000n, "report.csv:4"],
    ]);
  });

  it("names the source cell in a row's error: file, line and the column's letter or header", async () => {
    const dir = await folder("bad-province", {
      "report.csv": "Đơn vị: triệu đồng,,\nTỉnh,Năm 2023,Năm 2024\nHà Giangg,1500,\n",
      "report.layout.yaml": SPEC,
    });
    expect(await problemsOf(dir)).toEqual([
      'report.csv:3 "Tỉnh": Unknown province "Hà Giangg" in report.csv line 3, column "Tỉnh". Did you mean "Hà Giang" (02)?',
    ]);
  });

  it("refuses an ambiguous number when the spec declares no number format, giving both readings", async () => {
    const dir = await folder("ambiguous", {
      "report.csv": 'Đơn vị: triệu đồng,,\nTỉnh,Năm 2023,Năm 2024\nHà Giang,"1.500",\n',
      "report.layout.yaml": SPEC,
    });
    const problems = await problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^report\.csv:3 "Năm 2023": Ambiguous number "1\.500" in report\.csv line 3, column "Năm 2023": it is 1\.500 where numbers are written 1,234\.5 and 1500 where they are written 1\.234,5/,
    );
  });

  it("reads the same number by the format the spec declares", async () => {
    const dir = await folder("declared", {
      "report.csv": 'Đơn vị: triệu đồng,,\nTỉnh,Năm 2023,Năm 2024\nHà Giang,"1.500","2,5"\n',
      "report.layout.yaml": `${SPEC}number_format: decimal-comma\n`,
    });
    const { funding, allIssues } = await transformFolder(dir);
    expect(allIssues).toEqual([]);
    expect(funding.map((f) => f.amount_vnd)).toEqual([1_500_000_000n, 2_500_000n]);
  });

  it("reports a header no column has, in the file and the spec, with a did-you-mean", async () => {
    const dir = await folder("no-column", {
      "report.csv": "Đơn vị: triệu đồng,,\nTỉnh thành,Năm 2023,Năm 2024\nHà Giang,1500,\n",
      "report.layout.yaml": SPEC,
    });
    expect(await problemsOf(dir)).toEqual([
      'report.csv:2 : No column of report.csv has the header "Tỉnh" that the layout spec report.layout.yaml line 13 gives for geo_name. Did you mean "Tỉnh thành"?',
    ]);
  });

  it("reports a header value its field cannot take at the header cell", async () => {
    const dir = await folder("bad-year", {
      "report.csv": "Đơn vị: triệu đồng,,\nTỉnh,Năm 2023,Năm 20x4\nHà Giang,1500,\n",
      "report.layout.yaml": SPEC,
    });
    expect(await problemsOf(dir)).toEqual([
      'report.csv:2 "Năm 20x4": Bad year "20x4" in the header of report.csv column "Năm 20x4" (layout spec report.layout.yaml line 16): "20x4" is not a year: a year is four digits (2024) or a span of two (2021-2025).',
    ]);
  });

  it("reports a title the spec expects above the data and does not find", async () => {
    const dir = await folder("no-unit", {
      "report.csv": "Đơn vị tính: triệu đồng,,\nTỉnh,Năm 2023,Năm 2024\nHà Giang,1500,\n",
      "report.layout.yaml": SPEC,
    });
    expect(await problemsOf(dir)).toEqual([
      'report.csv: : No cell above the data of report.csv (rows 1 to 2) reads "Đơn vị: {unit}", as the layout spec report.layout.yaml line 3 expects: is this the file the spec is for?',
    ]);
  });

  it("reports a sheet the spec names and the workbook lacks", async () => {
    const dir = await folder("no-sheet", {
      "plan.layout.yaml": (
        await import("node:fs/promises").then((fs) =>
          fs.readFile(join(ROOT, "test/fixtures/layouts/ke-hoach-kcqg-2017.layout.yaml"), "utf8"),
        )
      ).replace('sheets: "KH KCQG 2017"', 'sheets: "KH KCQG 2018"'),
    });
    await cp(join(ROOT, "test/fixtures/layouts/ke-hoach-kcqg-2017.xlsx"), join(dir, "plan.xlsx"));
    expect(await problemsOf(dir)).toEqual([
      'plan.xlsx: : No sheet of plan.xlsx is named "KH KCQG 2018", as the layout spec plan.layout.yaml line 3 expects. Did you mean "KH KCQG 2017"?',
    ]);
  });

  it("reports a spec beside no file, and does not read a file whose spec has errors as our own layout", async () => {
    const dir = await folder("orphan", {
      "other.layout.yaml": SPEC,
      "report.csv": "Đơn vị: triệu đồng,,\nTỉnh,Năm 2023,Năm 2024\n",
      "report.layout.yaml": SPEC.replace("kind: funding", "kind: fundin"),
    });
    expect(await problemsOf(dir)).toEqual([
      "other.layout.yaml: : The layout spec other.layout.yaml sits beside no file it could read: name it after its file (other.xlsx or other.csv beside it), or pass it with --layout and list its files.",
      'report.layout.yaml:1 7: Unknown kind "fundin" in report.layout.yaml line 1, column 7. Did you mean "funding"?',
    ]);
  });
});

describe("a layout spec named on the command line", () => {
  it("reads the files it lists", async () => {
    const dir = await folder("named", {
      "reports/report-2024.csv": "Đơn vị: triệu đồng,,\nTỉnh,Năm 2023,Năm 2024\nHà Giang,1500,\n",
    });
    const spec = join(temp, "named.layout.yaml");
    await writeFile(spec, `files: ["reports/report-*.csv"]\n${SPEC}`);
    const listed = await listInputs(dir, { layouts: [spec] });
    expect(listed.issues).toEqual([]);
    expect(listed.tables.map((t) => [t.file, t.kind])).toContainEqual(["reports/report-2024.csv", "funding"]);
    expect((await listed.files).map((f) => f.path)).toContain(spec);
  });

  it("must list its files", async () => {
    const dir = await folder("named-no-files", {});
    const spec = join(temp, "no-files.layout.yaml");
    await writeFile(spec, SPEC);
    const listed = await listInputs(dir, { layouts: [spec] });
    expect(listed.issues.map((i) => i.message)).toEqual([
      `The layout spec ${spec}, passed with --layout, lists no files: add files: with the paths (relative to the data folder) it reads, such as files: ["plans/*.xlsx"].`,
    ]);
  });
});
