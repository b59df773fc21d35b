import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyticsInputError,
  FACT_TABLES,
  filterCatalogQueries,
  normalizeFactFilter,
  toFilterCatalog,
  type BoundaryName,
  type FactFilterInput,
  type FilterCatalog,
} from "../../src/analytics/index.js";
import { openWarehouse, type Warehouse } from "../../src/warehouse/index.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

const XVIII_FILE = "sources/2024-05-north-conference-xviii.txt";

let warehouse: Warehouse;
let catalog: FilterCatalog;
/** The source table's own ids, read with plain SQL: the oracle for `sourceUrls`. */
let sourceIdOf: (url: string) => number;
let firstSourceId: number;

beforeAll(async () => {
  warehouse = await openWarehouse(await buildTestWarehouse(), { readOnly: true });
  const q = filterCatalogQueries(warehouse.db);
  catalog = toFilterCatalog({
    areas: await q.areas.execute(),
    years: (await q.years.execute(warehouse.db)).rows,
    activities: await q.activities.execute(),
    outputTypes: await q.outputTypes.execute(),
    sources: await q.sources.execute(),
    cpi: await q.cpi.execute(),
  });
  const sources = await warehouse.db.selectFrom("source").select(["source_id", "url"]).execute();
  sourceIdOf = (url) => sources.find((s) => s.url === url)!.source_id;
  firstSourceId = Math.min(...sources.map((s) => s.source_id));
});
afterAll(() => warehouse?.close());

const normalize = (
  input: FactFilterInput,
  boundary: BoundaryName = "HISTORICAL",
  kind = "funding" as const,
) => normalizeFactFilter(input, { catalog, table: FACT_TABLES[kind], boundary, argument: "filter" });

const failure = (input: FactFilterInput, boundary: BoundaryName = "HISTORICAL") => {
  try {
    normalize(input, boundary);
  } catch (error) {
    if (error instanceof AnalyticsInputError) return { message: error.message, argument: error.argumentName };
    throw error;
  }
  throw new Error(`${JSON.stringify(input)} was accepted.`);
};

describe("normalizeFactFilter on the published areas", () => {
  it("accepts area ids in any case, post-merger ids too", () => {
    expect(normalize({ areas: ["North", "vn", "NORTH", "2025-08", "Central-Highlands"] }).areaIds).toEqual([
      "north",
      "VN",
      "2025-08",
      "central-highlands",
    ]);
    expect(normalize({ regions: ["SOUTH"] }).regionIds).toEqual(["south"]);
  });

  it.each([
    ["hanoi", "01", "2025-01"],
    ["Ha Noi", "01", "2025-01"],
    ["tphcm", "79", "2025-79"],
    ["hcm", "79", "2025-79"],
    ["TP.HCM", "79", "2025-79"],
    ["daklak", "66", "2025-66"],
    ["dak lak", "66", "2025-66"],
    ["tth", "46", "2025-46"],
  ])("resolves the name %j to %s, or %s under the 2025 boundaries", (name, historical, merged) => {
    expect(normalize({ areas: [name] }).areaIds).toEqual([historical]);
    expect(normalize({ areas: [name] }, "MERGED_2025").areaIds).toEqual([merged]);
  });

  it("refuses initials that fit several places, naming them", () => {
    expect(failure({ areas: ["hn"] })).toEqual({
      message:
        'Area "hn" in argument "filter.areas" is ambiguous: it may be "Hà Nội" (01) or "Hà Nam" (35). Give the area\'s id or full name.',
      argument: "filter.areas",
    });
  });

  it.each([
    ["Tây Nguyên", '"Khu vực miền Trung - Tây Nguyên" (central-highlands)'],
    ["vùng Tây Nguyên", '"Khu vực miền Trung - Tây Nguyên" (central-highlands)'],
    ["khu vực Tây Nguyên", '"Khu vực miền Trung - Tây Nguyên" (central-highlands)'],
    ["Miền Trung", '"Khu vực miền Trung - Tây Nguyên" (central-highlands)'],
    ["mien bac bo", '"Khu vực phía Bắc" (north)'],
    ["nort", '"Khu vực phía Bắc" (north)'],
    ["tỉnh Tây Nguyên", '"Thái Nguyên" (19)'],
    ["Ha Giangg", '"Hà Giang" (02)'],
  ])("suggests for the unknown %j the area of the level it names: %s", (name, suggestion) => {
    expect(failure({ areas: [name] })).toEqual({
      message: `Unknown area ${JSON.stringify(name)} in argument "filter.areas". Did you mean ${suggestion}?`,
      argument: "filter.areas",
    });
  });
});

describe("normalizeFactFilter's sources", () => {
  it("finds a source by its address, trimmed", () => {
    expect(normalize({ sourceUrls: [` ${XVIII_FILE} `] }).sourceIds).toEqual([sourceIdOf(XVIII_FILE)]);
  });

  it("takes the union of ids and addresses", () => {
    expect(normalize({ sources: [firstSourceId], sourceUrls: [XVIII_FILE] }).sourceIds).toEqual([
      firstSourceId,
      sourceIdOf(XVIII_FILE),
    ]);
    expect(normalize({ sources: [sourceIdOf(XVIII_FILE)], sourceUrls: [XVIII_FILE] }).sourceIds).toEqual([
      sourceIdOf(XVIII_FILE),
    ]);
    expect(normalize({}).sourceIds).toBeNull();
  });

  it("refuses an unknown address with the closest known one", () => {
    expect(failure({ sourceUrls: ["sources/2024-05-north-conference-xvii.txt"] })).toEqual({
      message:
        'Unknown source address "sources/2024-05-north-conference-xvii.txt" in argument "filter.sourceUrls". Did you mean "sources/2024-05-north-conference-xviii.txt"?',
      argument: "filter.sourceUrls",
    });
  });

  it("refuses an unknown id without assuming ids are consecutive", () => {
    expect(catalog.sourceIds.has(2_000_000_046)).toBe(false);
    expect(failure({ sources: [2_000_000_046] })).toEqual({
      message:
        'Unknown source 2000000046 in argument "filter.sources"; list the sources with the sources query, or filter by address with "filter.sourceUrls".',
      argument: "filter.sources",
    });
  });
});

describe("normalizeFactFilter's vocabulary filters", () => {
  it("passes every vocabulary filter of the model through, budget levels included", () => {
    const filter = normalize({
      levels: ["province"],
      fundingSources: ["local"],
      budgetLevels: ["district"],
      stages: ["actual"],
    });
    expect([filter.levels, filter.fundingSources, filter.budgetLevels, filter.stages]).toEqual([
      ["province"],
      ["local"],
      ["district"],
      ["actual"],
    ]);
    expect(normalize({}).budgetLevels).toBeNull();
  });
});
