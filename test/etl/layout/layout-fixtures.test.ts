import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEtl, type EtlReport } from "../../../etl/run-etl.js";
import { openWarehouse, type Warehouse } from "../../../src/warehouse/index.js";

const ROOT = join(import.meta.dirname, "../../..");
const LAYOUTS = join(ROOT, "test/fixtures/layouts");
let dir: string;
let report: EtlReport;
let warehouse: Warehouse;

/** A data folder with the provinces, activities and local sources, and the three layout fixtures. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kc-layouts-"));
  const data = join(dir, "data");
  await mkdir(join(data, "published"), { recursive: true });
  for (const file of ["provinces.csv", "activities.csv"])
    await cp(join(ROOT, "data/published", file), join(data, "published", file));
  await cp(join(ROOT, "data/sources"), join(data, "sources"), { recursive: true });
  await cp(LAYOUTS, join(data, "layouts"), { recursive: true, filter: (src) => !src.endsWith(".ts") });
  report = await runEtl({ dataDir: data, dbPath: join(dir, "warehouse.duckdb") });
  warehouse = await openWarehouse(join(dir, "warehouse.duckdb"), { readOnly: true });
});

afterAll(async () => {
  await warehouse?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The funding facts of one input file, in input order, with amounts in billion VND. */
async function factsOf(file: string) {
  const rows = await warehouse.db
    .selectFrom("funding_fact")
    .select([
      "area_id",
      "geo_level",
      "year_from",
      "year_to",
      "period",
      "funding_source",
      "stage",
      "project",
      "amount_vnd",
      "origin",
    ])
    .where("origin", "like", `${file}%`)
    .orderBy("fact_id")
    .execute();
  return rows.map(({ amount_vnd, year_from, year_to, ...row }) => ({
    ...row,
    years: year_from === year_to ? `${year_from}` : `${year_from}-${year_to}`,
    billion: Number(amount_vnd) / 1e9,
  }));
}

describe("the three layout fixtures", () => {
  it("load without errors or warnings, every spec and file listed among the inputs", () => {
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.status).toBe("succeeded");
    expect(
      report.inputFiles.map((f) => [f.path, f.rows]).filter(([p]) => String(p).startsWith("layouts/")),
    ).toEqual([
      ["layouts/hoi-nghi-phia-bac-xviii.layout.yaml", 0],
      ["layouts/ke-hoach-kcqg-2017.layout.yaml", 0],
      ["layouts/lam-dong-2011-2017.layout.yaml", 0],
      ["layouts/hoi-nghi-phia-bac-xviii.xlsx", 8],
      ["layouts/ke-hoach-kcqg-2017.xlsx", 7],
      ["layouts/lam-dong-2011-2017.csv", 5],
    ]);
  });

  it("reads the ministry's plan table as province totals and their projects, without the table's own total", async () => {
    const common = {
      geo_level: "province",
      years: "2017",
      period: "FY",
      funding_source: "national",
      stage: "plan",
    };
    const sheet = "layouts/ke-hoach-kcqg-2017.xlsx#KH KCQG 2017";
    expect(await factsOf(sheet)).toEqual([
      { ...common, area_id: "08", project: null, billion: 1.4, origin: `${sheet}:5` },
      {
        ...common,
        area_id: "08",
        project: "Hỗ trợ xây dựng mô hình trình diễn kỹ thuật chế biến chè xanh",
        billion: 0.6,
        origin: `${sheet}:6`,
      },
      {
        ...common,
        area_id: "08",
        project: "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong chế biến gỗ",
        billion: 0.5,
        origin: `${sheet}:7`,
      },
      {
        ...common,
        area_id: "08",
        project: "Tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh",
        billion: 0.3,
        origin: `${sheet}:8`,
      },
      { ...common, area_id: "68", project: null, billion: 1.4, origin: `${sheet}:9` },
      {
        ...common,
        area_id: "68",
        project: "Hỗ trợ ứng dụng máy móc thiết bị trong sơ chế, bảo quản cà phê",
        billion: 0.8,
        origin: `${sheet}:10`,
      },
      {
        ...common,
        area_id: "68",
        project: "Hỗ trợ xây dựng mô hình trình diễn kỹ thuật sản xuất rượu vang",
        billion: 0.6,
        origin: `${sheet}:11`,
      },
    ]);
  });

  it("reads the province's years-as-columns report in triệu đồng with decimal-comma text numbers", async () => {
    const common = { area_id: "68", geo_level: "province", period: "FY", stage: "plan", project: null };
    const file = "layouts/lam-dong-2011-2017.csv";
    expect(await factsOf(file)).toEqual([
      { ...common, years: "2017", funding_source: "national", billion: 1.4, origin: `${file}:4` },
      { ...common, years: "2017", funding_source: "local", billion: 8.85, origin: `${file}:5` },
      { ...common, years: "2011", funding_source: "total", billion: 5.85, origin: `${file}:6` },
      { ...common, years: "2013", funding_source: "total", billion: 8, origin: `${file}:6` },
      { ...common, years: "2017", funding_source: "total", billion: 10.25, origin: `${file}:6` },
    ]);
  });

  it("reads the conference table's merged two-row header into stage, period, year and funding source", async () => {
    const north = { area_id: "north", geo_level: "region", project: null };
    const sheet = "layouts/hoi-nghi-phia-bac-xviii.xlsx#Kinh phí";
    const plan = { period: "FY", stage: "plan", origin: `${sheet}:5` };
    const h1 = { years: "2024", period: "H1", stage: "estimated", origin: `${sheet}:5` };
    expect(await factsOf(sheet)).toEqual([
      { ...north, ...plan, years: "2024", funding_source: "national", billion: 71.5 },
      { ...north, ...plan, years: "2024", funding_source: "local", billion: 99.2 },
      { ...north, ...plan, years: "2024", funding_source: "total", billion: 170.8 },
      { ...north, ...plan, years: "2023", funding_source: "total", billion: 186.5 },
      { ...north, ...h1, funding_source: "national", billion: 8.5 },
      { ...north, ...h1, funding_source: "local", billion: 26.2 },
      { ...north, ...h1, funding_source: "total", billion: 34.7 },
      {
        area_id: "VN",
        geo_level: "nation",
        project: null,
        years: "2024",
        period: "FY",
        stage: "plan",
        funding_source: "local",
        billion: 202.3,
        origin: `${sheet}:6`,
      },
    ]);
  });

  it("keeps the rows declared as totals for the parts-vs-total check", async () => {
    const findings = await warehouse.db
      .selectFrom("consistency_finding")
      .select(["subject", "status", "stated", "computed"])
      .where("kind", "=", "parts-vs-total")
      .orderBy("subject")
      .execute();
    expect(findings).toEqual([
      {
        subject: "68 2017 FY plan: national + local vs total",
        status: "confirmed",
        stated: 10.25,
        computed: 10.25,
      },
      {
        subject: "north 2024 FY plan: national + local vs total",
        status: "within-rounding",
        stated: 170.8,
        computed: 170.7,
      },
      {
        subject: "north 2024 H1 estimated: national + local vs total",
        status: "confirmed",
        stated: 34.7,
        computed: 34.7,
      },
    ]);
  });
});
