import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listInputs } from "../../../etl/extract/list-inputs.js";
import { rawRow, type InputTable, type RawRow } from "../../../etl/extract/raw-table.js";
import { NumberColumns, settledBatches } from "../../../etl/transform/number-columns.js";
import { transformInputs } from "../../../etl/transform/transform-inputs.js";

const VARIANTS = join(import.meta.dirname, "../../fixtures/valid-variants/published");
const HEADER =
  "year,period,geo_level,geo_code,geo_name,funding_source,budget_level,measure,amount_billion_vnd,project,source_url,source_title,source_date";
const folders: string[] = [];
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

/** A data folder with the fixture provinces and activities and a funding.csv of Hà Giang rows (amount, project). */
async function fundingFolder(rows: ReadonlyArray<readonly [string, string?]>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kc-numbers-"));
  folders.push(dir);
  await mkdir(join(dir, "published"));
  for (const name of ["provinces.csv", "activities.csv"])
    await copyFile(join(VARIANTS, name), join(dir, "published", name));
  const lines = rows.map(
    ([amount, project = ""], i) =>
      `${2010 + (i % 10)},FY,province,02,Hà Giang,local,,plan,"${amount}",${project},https://example.org/n,N,2024`,
  );
  await writeFile(join(dir, "published/funding.csv"), [HEADER, ...lines].join("\n") + "\n");
  return dir;
}

async function transform(dir: string, declare?: (table: InputTable) => InputTable) {
  const listed = await listInputs(dir);
  const tables = declare ? listed.tables.map(declare) : listed.tables;
  const result = await transformInputs(dir, tables);
  return {
    amounts: result.funding.map((f) => [f.origin.split(":")[1], f.amount_vnd] as const),
    issues: result.issues.map((i) => [i.severity, i.line, i.column, i.message] as const),
    funding: result.funding,
  };
}

describe("number formats per column", () => {
  it("refuses an ambiguous amount when no other value of the column shows the format, with both readings", async () => {
    const { amounts, issues } = await transform(await fundingFolder([["12.345"], ["3"]]));
    expect(amounts).toEqual([["3", 3_000_000_000n]]);
    expect(issues).toEqual([
      [
        "error",
        2,
        "amount_billion_vnd",
        'Ambiguous number "12.345" in published/funding.csv line 2, column amount_billion_vnd: it is 12.345 where ' +
          "numbers are written 1,234.5 and 12345 where they are written 1.234,5 (Vietnamese), and no other value " +
          "of the column shows which format it uses (such as 170.8 or 1.234,5). Declare the number format of the " +
          "file or column in its layout spec, or write the number without a thousands separator.",
      ],
    ]);
  });

  it("reads ambiguous amounts with a decimal point when the column's other values write one, even later in the file", async () => {
    const { amounts, issues } = await transform(
      await fundingFolder([["1.234"], ["17.816"], ["230.9"], ["5"]]),
    );
    expect(issues).toEqual([]);
    expect(amounts).toEqual([
      ["2", 1_234_000_000n],
      ["3", 17_816_000_000n],
      ["4", 230_900_000_000n],
      ["5", 5_000_000_000n],
    ]);
  });

  it("reads ambiguous amounts with dots between thousands when the column writes decimals with a comma", async () => {
    const { amounts, issues } = await transform(await fundingFolder([["12.345"], ["1.234,5"], ["1.234"]]));
    expect(issues).toEqual([]);
    expect(amounts).toEqual([
      ["2", 12_345_000_000_000n],
      ["3", 1_234_500_000_000n],
      ["4", 1_234_000_000_000n],
    ]);
  });

  it("keeps 1.234,5 as 1234.5 and a point-decimal 170.8 as 170.8 in a column that mixes them, but refuses 12.345 there", async () => {
    const { amounts, issues } = await transform(await fundingFolder([["1.234,5"], ["170.8"], ["12.345"]]));
    expect(amounts).toEqual([
      ["2", 1_234_500_000_000n],
      ["3", 170_800_000_000n],
    ]);
    expect(issues).toEqual([
      [
        "error",
        4,
        "amount_billion_vnd",
        'Ambiguous number "12.345" in published/funding.csv line 4, column amount_billion_vnd: it is 12.345 where ' +
          "numbers are written 1,234.5 and 12345 where they are written 1.234,5 (Vietnamese), and the column mixes " +
          'formats (line 3 writes "170.8", line 2 "1.234,5"). Declare the number format of the file or column in ' +
          "its layout spec, or write the number without a thousands separator.",
      ],
    ]);
  });

  it("reports an ambiguous value already read when a later value of its column shows the other format", async () => {
    // 20,000 neutral rows between them: the contradiction comes in a later chunk, after line 3 was loaded.
    const padding = Array.from({ length: 20_000 }, () => ["3"] as const);
    const { issues } = await transform(await fundingFolder([["230.9"], ["12.345"], ...padding, ["1.234,5"]]));
    expect(issues).toEqual([
      [
        "error",
        3,
        "amount_billion_vnd",
        'Ambiguous number "12.345" in published/funding.csv line 3, column amount_billion_vnd: it was read as ' +
          'decimal-point because line 2 writes "230.9", but line 20004 writes "1.234,5" (decimal-comma), so the column ' +
          "mixes formats. Write the column in one format, or declare its number format in the file's layout spec.",
      ],
    ]);
  });

  it("reads every value with the format a table declares, and refuses one written in the other format", async () => {
    const dir = await fundingFolder([["12.345"], ["1.234"], ["170.8"]]);
    const { amounts, issues } = await transform(dir, (table) =>
      table.kind === "funding" ? { ...table, numberFormats: { file: "decimal-comma" } } : table,
    );
    expect(amounts).toEqual([
      ["2", 12_345_000_000_000n],
      ["3", 1_234_000_000_000n],
    ]);
    expect(issues).toEqual([
      [
        "error",
        4,
        "amount_billion_vnd",
        'Bad number "170.8" in published/funding.csv line 4, column amount_billion_vnd: it is written with a ' +
          "decimal point, but the numbers here are declared decimal-comma.",
      ],
    ]);
  });

  it("reads the published data's 3-decimal amounts as decimals, as their columns write points", async () => {
    const data = join(import.meta.dirname, "../../../data");
    const result = await transformInputs(data, (await listInputs(data)).tables);
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(result.funding.filter((f) => f.amount_vnd === 17_816_000_000n).length).toBeGreaterThan(0);
  });
});

describe("settledBatches", () => {
  const rows = (...amounts: string[]): RawRow[] =>
    amounts.map((amount, i) => rawRow(i + 2, { amount_billion_vnd: amount }));
  async function* batches(...parts: RawRow[][]): AsyncGenerator<ReadonlyArray<RawRow>> {
    yield* parts;
  }
  const settle = async (holdLimit: number, ...parts: RawRow[][]) => {
    const issues: never[] = [];
    const numbers = new NumberColumns("published/funding.csv", "funding", issues);
    const out: string[][] = [];
    for await (const batch of settledBatches(batches(...parts), numbers, holdLimit))
      out.push(
        batch.map((row) => `${row.line}:${numbers.read(row, "amount_billion_vnd", row.cells[0]!).ok}`),
      );
    return out;
  };

  it("passes batches through whole when no value waits", async () => {
    expect(await settle(10, rows("1", "2.5"), rows("3"))).toEqual([["2:true", "3:true"], ["2:true"]]);
  });

  it("holds a row with an ambiguous value, and every row after it, until a later batch shows the format", async () => {
    const [first, second] = [
      rows("7", "12.345", "4"),
      rows("9", "0.5").map((r) => ({ ...r, line: r.line + 3 })),
    ];
    expect(await settle(10, first, second)).toEqual([["2:true"], ["3:true", "4:true", "5:true", "6:true"]]);
  });

  it("stops holding at the limit: the ambiguous values held are then errors", async () => {
    const more = rows("1", "2", "3").map((r) => ({ ...r, line: r.line + 2 }));
    expect(await settle(3, rows("12.345", "8"), more)).toEqual([
      ["2:false", "3:true", "4:true"],
      ["5:true", "6:true"],
    ]);
  });
});

describe("total rows", () => {
  it("stores a project list's total row as the figure of no one project, and skips an area total row with a warning", async () => {
    const dir = await fundingFolder([
      ["1.5", "Đề án A"],
      ["2.5", "Đề án B"],
      ["4", "Cộng"],
    ]);
    await writeFile(
      join(dir, "published/funding-total.csv"),
      `${HEADER}\n2024,FY,province,,Tổng cộng,local,,plan,4,,https://example.org/n,N,2024\n`,
    );
    const { funding, issues } = await transform(dir);
    expect(funding.map((f) => [f.origin, f.project, f.amount_vnd])).toEqual([
      ["published/funding.csv:2", "Đề án A", 1_500_000_000n],
      ["published/funding.csv:3", "Đề án B", 2_500_000_000n],
      ["published/funding.csv:4", null, 4_000_000_000n],
    ]);
    expect(issues).toEqual([
      [
        "warning",
        2,
        "geo_name",
        'Total row "Tổng cộng" in published/funding-total.csv line 2, column geo_name was not loaded: it is the sum ' +
          "of the rows above, not an area. To keep it as a published total, give its area's code in geo_code (VN, " +
          "a region such as north).",
      ],
    ]);
  });
});
