import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AreaByIdDocument,
  AreaSearchDocument,
  RegionProvincesDocument,
} from "../../src/generated/graphql.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

const XVIII_FILE = "sources/2024-05-north-conference-xviii.txt";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

interface SliceData {
  readonly funding?: SliceResult;
  readonly outputs?: SliceResult;
}
interface SliceResult {
  readonly totalCount: number;
  readonly rows: ReadonlyArray<{
    readonly keys: ReadonlyArray<{ readonly dimension: string; readonly value: string | null }>;
    readonly value?: number | null;
    readonly factCount: number;
  }>;
}

const SLICE = `query Slice($filter: FactFilterInput, $groupBy: [Dimension!] = [], $boundary: Boundary = HISTORICAL) {
  funding(filter: $filter, groupBy: $groupBy, boundary: $boundary, orderBy: [{ by: VALUE, direction: DESC }]) {
    totalCount
    rows { keys { dimension value } value factCount }
  }
}`;

const OUTPUT_SLICE = `query OutputSlice($filter: FactFilterInput) {
  outputs(filter: $filter) { totalCount rows { keys { dimension value } factCount } }
}`;

/** `[values of the groupBy keys…, value]` per row of a funding slice, with no errors. */
async function slice(filter: Record<string, unknown>, groupBy: string[], boundary = "HISTORICAL") {
  const { data, errors } = await server.execute<SliceData>(SLICE, { filter, groupBy, boundary });
  expect(errors).toBeUndefined();
  return data!.funding!.rows.map((r) => [
    ...r.keys.filter((k) => groupBy.includes(k.dimension)).map((k) => k.value),
    r.value,
  ]);
}

async function sliceError(filter: Record<string, unknown>) {
  const { errors } = await server.execute<SliceData>(SLICE, { filter });
  expect(errors).toHaveLength(1);
  return { message: errors![0].message, extensions: errors![0].extensions };
}

describe("area ids in any case", () => {
  it.each([
    ["NORTH", "north"],
    ["vn", "VN"],
    ["Central-Highlands", "central-highlands"],
    ["2025-08", "2025-08"],
  ])("finds the area %j as %j", async (id, expected) => {
    const { data, errors } = await server.execute(AreaByIdDocument, { id });
    expect(errors).toBeUndefined();
    expect(data?.area.id).toBe(expected);
  });

  it("takes a region id in any case", async () => {
    const { data, errors } = await server.execute(RegionProvincesDocument, { regionId: "North", year: 2024 });
    expect(errors).toBeUndefined();
    expect(data?.areas).toHaveLength(28);
  });

  it("filters facts by an area id in any case, as by the id itself", async () => {
    const filter = {
      fundingSources: ["TOTAL"],
      stages: ["PLAN"],
      periods: ["FY"],
      years: { from: 2022, to: 2023 },
    };
    const expected = [
      ["2023", 186.5],
      ["2022", 174.3],
    ];
    expect(await slice({ ...filter, areas: ["north"] }, ["YEAR"])).toEqual(expected);
    expect(await slice({ ...filter, areas: ["North"] }, ["YEAR"])).toEqual(expected);
    expect(await slice({ ...filter, areas: ["NORTH"] }, ["YEAR"])).toEqual(expected);
  });
});

describe("area search without diacritics, spaces or full names", () => {
  it.each([
    ["hanoi", ["01", "2025-01"]],
    ["Ha Noi", ["01", "2025-01"]],
    ["tphcm", ["2025-79", "79"]],
    ["hcm", ["2025-79", "79"]],
    ["TP.HCM", ["2025-79", "79"]],
    ["daklak", ["2025-66", "66"]],
    ["dak lak", ["2025-66", "66"]],
    ["2025-08", ["2025-08"]],
    ["NORTH", ["north"]],
    ["tay nguyen", ["central-highlands"]],
  ])("finds %j: %j", async (search, ids) => {
    const { data, errors } = await server.execute(AreaSearchDocument, { search });
    expect(errors).toBeUndefined();
    expect(data?.areas.map((a) => a.id)).toEqual(ids);
  });

  it("resolves the same spellings in filters", async () => {
    const byId = await slice({ areas: ["01", "79", "66"], levels: ["PROVINCE"] }, ["AREA"]);
    expect(byId.length).toBeGreaterThan(0);
    expect(await slice({ areas: ["hanoi", "tphcm", "daklak"], levels: ["PROVINCE"] }, ["AREA"])).toEqual(
      byId,
    );
    expect(await slice({ areas: ["Ha Noi", "TP.HCM", "dak lak"], levels: ["PROVINCE"] }, ["AREA"])).toEqual(
      byId,
    );
  });
});

describe("suggestions for an unknown area prefer the level its words name", () => {
  it("suggests the central-highlands region for 'Tây Nguyên', not the province Thái Nguyên", async () => {
    const { errors } = await server.execute(AreaByIdDocument, { id: "Tây Nguyên" });
    expect(errors?.[0]).toMatchObject({
      message:
        'Unknown area "Tây Nguyên" in argument "id". Did you mean "central-highlands" (Khu vực miền Trung - Tây Nguyên)?',
      extensions: { code: "BAD_USER_INPUT", argumentName: "id" },
    });
    expect(await sliceError({ areas: ["vùng Tây Nguyên"] })).toEqual({
      message:
        'Unknown area "vùng Tây Nguyên" in argument "filter.areas". Did you mean "Khu vực miền Trung - Tây Nguyên" (central-highlands)?',
      extensions: { code: "BAD_USER_INPUT", argumentName: "filter.areas" },
    });
  });

  it("suggests the province when the text says 'tỉnh'", async () => {
    expect((await sliceError({ areas: ["tỉnh Tây Nguyên"] })).message).toBe(
      'Unknown area "tỉnh Tây Nguyên" in argument "filter.areas". Did you mean "Thái Nguyên" (19)?',
    );
  });
});

describe("sources by address", () => {
  const NORTH_2024_PLAN = {
    areas: ["north"],
    years: { from: 2024, to: 2024 },
    periods: ["FY"],
    stages: ["PLAN"],
  };

  it("filters facts by a source's address", async () => {
    expect(await slice({ ...NORTH_2024_PLAN, sourceUrls: [XVIII_FILE] }, ["FUNDING_SOURCE"])).toEqual([
      ["total", 170.8],
      ["local", 99.2],
      ["national", 71.5],
    ]);
  });

  it("refuses an unknown address with the closest known one", async () => {
    expect(await sliceError({ sourceUrls: ["sources/2024-05-north-conference-xvii.txt"] })).toEqual({
      message:
        'Unknown source address "sources/2024-05-north-conference-xvii.txt" in argument "filter.sourceUrls". Did you mean "sources/2024-05-north-conference-xviii.txt"?',
      extensions: { code: "BAD_USER_INPUT", argumentName: "filter.sourceUrls" },
    });
  });

  it("refuses an unknown source id, pointing to the sources query and to addresses", async () => {
    expect(await sliceError({ sources: [46] })).toEqual({
      message:
        'Unknown source 46 in argument "filter.sources"; list the sources with the sources query, or filter by address with "filter.sourceUrls".',
      extensions: { code: "BAD_USER_INPUT", argumentName: "filter.sources" },
    });
  });
});

describe("budget levels, a vocabulary filter declared from the model", () => {
  it("keeps the district budgets of local funding", async () => {
    expect(await slice({ budgetLevels: ["DISTRICT"] }, ["AREA"])).toEqual([
      ["24", 8.57],
      ["40", 2.6],
    ]);
    expect(await slice({ budgetLevels: ["PROVINCE", "DISTRICT"], areas: ["24"] }, ["AREA"])).toEqual([
      ["24", 16.15],
      ["24", 8.57],
    ]);
  });

  it("matches no outputs, which have no budget level", async () => {
    const { data, errors } = await server.execute<SliceData>(OUTPUT_SLICE, {
      filter: { budgetLevels: ["PROVINCE"] },
    });
    expect(errors).toBeUndefined();
    expect(data!.outputs!.totalCount).toBe(0);
  });
});
