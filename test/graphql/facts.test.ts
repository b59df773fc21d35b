import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operation } from "../support/operations.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

interface Fact {
  id: number;
  area: string;
  areaName: string;
  level: string;
  year: string;
  yearFrom: number;
  yearTo: number;
  period: string;
  fundingSource: string;
  budgetLevel: string | null;
  stage: string;
  activity: string | null;
  project: string | null;
  amount: number | null;
  source: { id: number; title?: string; url: string };
  preferred: boolean;
  preference: number;
  note: string | null;
  scope: string;
  bound: string;
  certainty: string;
  caveat: string | null;
  origin: string;
}
interface Page<F = Fact> {
  totalCount: number;
  limit: number;
  offset: number;
  facts: F[];
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

const MOIT =
  "https://moit.gov.vn/tin-tuc/phat-trien-cong-nghiep/khuyen-cong-cong-cu-chinh-sach-then-chot-cho-phat-trien-cong-nghiep-nong-thon.html";
const LAO_DONG =
  "https://ja.laodong.vn/kinh-doanh/hon-100-ti-dong-thuc-day-phat-trien-cong-nghiep-nong-thon-dak-lak-1629343.ldo";
const DAK_LAK_5Y = { areas: ["66"], years: { from: 2021, to: 2025 }, periods: ["5Y"] };
const NORTH_TOTAL_PLAN = { areas: ["north"], fundingSources: ["TOTAL"], stages: ["PLAN"], periods: ["FY"] };

const fundingFacts = async (name: string, variables: Record<string, unknown> = {}) => {
  const { data, errors } = await server.execute<{ fundingFacts: Page }>(operation("facts", name), variables);
  expect(errors).toBeUndefined();
  return data!.fundingFacts;
};
const versions = (page: Page) => page.facts.map((f) => [f.id, f.amount, f.preferred, f.preference]);

describe("fundingFacts over HTTP on the published data", () => {
  it("lists every source's version of Đắk Lắk's 2021–2025 figure, the preferred one first, with notes and caveats", async () => {
    const page = await fundingFacts("DakLakFundingFacts");
    expect(page.totalCount).toBe(3);
    expect(page.facts.map((f) => [f.id, f.year, f.period, f.amount])).toEqual([
      [84, "2020", "FY", 2],
      [86, "2021-2025", "5Y", 104],
      [85, "2021-2025", "5Y", 48],
    ]);
    const [, preferred, other] = page.facts;
    expect(preferred).toEqual({
      id: 86,
      area: "66",
      areaName: "Đắk Lắk",
      level: "PROVINCE",
      year: "2021-2025",
      yearFrom: 2021,
      yearTo: 2025,
      period: "5Y",
      fundingSource: "TOTAL",
      budgetLevel: null,
      stage: "ACTUAL",
      activity: null,
      project: null,
      amount: 104,
      source: {
        id: 709509129,
        title:
          "Hơn 100 tỉ đồng thúc đẩy phát triển công nghiệp nông thôn Đắk Lắk (Lao Động, Japanese edition)",
        url: LAO_DONG,
      },
      preferred: true,
      preference: 1,
      note: 'Japanese edition: total KC budget "exceeds 104 billion VND" for 142 projects; conflicts with 48 bn (MOIT portal)',
      scope: "INCL_NON_BUDGET",
      bound: "AT_LEAST",
      certainty: "STATED",
      caveat:
        "Not a whole figure: includes non-budget money (gồm vốn ngoài ngân sách). A lower bound (ít nhất): the source says “more than”.",
      origin: "published/funding.csv:87",
    });
    expect(other).toMatchObject({
      id: 85,
      amount: 48,
      source: { id: 459370667, url: MOIT },
      preferred: false,
      preference: 2,
      note: '"hơn 48 tỷ" for 142 đề án (7 KCQG + 135 KCĐP); conflicts with >104 bn in Lao Động report (likely incl. counterpart)',
      scope: "WHOLE",
      bound: "AT_LEAST",
      caveat: "A lower bound (ít nhất): the source says “more than”.",
      origin: "published/funding.csv:86",
    });
    expect(page.facts[0]).toMatchObject({
      scope: "WHOLE",
      bound: "EXACT",
      certainty: "STATED",
      caveat: null,
    });
  });

  it("keeps only the versions the sums use with preferredOnly", async () => {
    const page = await fundingFacts("DakLakFundingFacts", { filter: DAK_LAK_5Y, preferredOnly: true });
    expect(page.totalCount).toBe(1);
    expect(versions(page)).toEqual([[86, 104, true, 1]]);
  });

  it("picks versions by source as the analyses do", async () => {
    const picked = { ...DAK_LAK_5Y, sourceUrls: [MOIT] };
    expect(versions(await fundingFacts("DakLakFundingFacts", { filter: picked }))).toEqual([
      [85, 48, false, 2],
    ]);
    const best = await fundingFacts("DakLakFundingFacts", { filter: picked, preferredOnly: true });
    expect(versions(best)).toEqual([[85, 48, false, 2]]);
  });

  it("shows the north's 2013 plan as one component of the plan, with its note", async () => {
    const page = await fundingFacts("DakLakFundingFacts", {
      filter: { ...NORTH_TOTAL_PLAN, years: { from: 2013, to: 2013 } },
    });
    expect(page.totalCount).toBe(1);
    const [fact] = page.facts;
    expect(fact).toMatchObject({
      id: 12,
      area: "north",
      level: "REGION",
      amount: 30.81,
      scope: "PART",
      bound: "EXACT",
      certainty: "STATED",
      caveat: "Not a whole figure: part only (một phần).",
      origin: "published/funding.csv:13",
    });
    expect(fact.note?.startsWith("COMPONENT ONLY")).toBe(true);
  });

  it("returns amounts in the unit asked for", async () => {
    const page = await fundingFacts("DakLakFundingFacts", { filter: DAK_LAK_5Y, unit: "MILLION_VND" });
    expect(page.facts.map((f) => f.amount)).toEqual([104_000, 48_000]);
  });

  it("agrees with the slice: the preferred facts of each year are the slice's values", async () => {
    const page = await fundingFacts("DakLakFundingFacts", { filter: NORTH_TOTAL_PLAN, preferredOnly: true });
    expect(page.facts.map((f) => [f.year, f.amount])).toEqual([
      ["2013", 30.81],
      ["2016", 125],
      ["2021", 142.2],
      ["2022", 174.3],
      ["2023", 186.5],
      ["2024", 170.8],
    ]);
    const slice = await server.execute<{ funding: { rows: { keys: { value: string }[]; value: number }[] } }>(
      operation("slice", "FundingSlice"),
      { filter: NORTH_TOTAL_PLAN, groupBy: ["YEAR"] },
    );
    expect(slice.data?.funding.rows.map((r) => [r.keys[0].value, r.value])).toEqual(
      page.facts.map((f) => [f.year, f.amount]),
    );
  });

  it("lists only part figures with scopes [PART]", async () => {
    const page = await fundingFacts("NotWholeFundingFacts", { scopes: ["PART"] });
    expect(page.totalCount).toBe(13);
    expect(page.facts).toHaveLength(13);
    expect(new Set(page.facts.map((f) => f.scope))).toEqual(new Set(["PART"]));
    expect(page.facts.every((f) => f.caveat?.startsWith("Not a whole figure: part only (một phần)."))).toBe(
      true,
    );
  });

  it("lists every figure that is not whole in one query", async () => {
    const page = await fundingFacts("NotWholeFundingFacts");
    expect(page.totalCount).toBe(19);
    const counts = Object.fromEntries(
      ["PART", "CUMULATIVE", "INCL_NON_BUDGET"].map((s) => [
        s,
        page.facts.filter((f) => f.scope === s).length,
      ]),
    );
    expect(counts).toEqual({ PART: 13, CUMULATIVE: 1, INCL_NON_BUDGET: 5 });
  });

  it("filters by bound and certainty", async () => {
    const page = await fundingFacts("DakLakFundingFacts", { bounds: ["AT_LEAST"], certainties: ["STATED"] });
    expect(versions(page)).toEqual([
      [86, 104, true, 1],
      [85, 48, false, 2],
    ]);
  });

  it("pages stably and counts every fact even past the end", async () => {
    const first = await fundingFacts("DakLakFundingFacts", { limit: 2 });
    const second = await fundingFacts("DakLakFundingFacts", { limit: 2, offset: 2 });
    expect([...first.facts, ...second.facts].map((f) => f.id)).toEqual([84, 86, 85]);
    expect([first.totalCount, second.totalCount]).toEqual([3, 3]);
    const past = await fundingFacts("DakLakFundingFacts", { offset: 10 });
    expect(past).toEqual({ totalCount: 3, limit: 100, offset: 10, facts: [] });
  });

  it("refuses a limit of 0 and a negative offset with BAD_USER_INPUT", async () => {
    const limit = await server.execute(operation("facts", "DakLakFundingFacts"), { limit: 0 });
    expect(limit.errors?.[0]).toMatchObject({
      message: 'The limit 0 is outside 1–1000. Ask for at most 1000 rows and page with "offset".',
      extensions: { code: "BAD_USER_INPUT", argumentName: "limit" },
    });
    const offset = await server.execute(operation("facts", "DakLakFundingFacts"), { offset: -1 });
    expect(offset.errors?.[0]).toMatchObject({
      message: "The offset -1 is negative. Start at 0.",
      extensions: { code: "BAD_USER_INPUT", argumentName: "offset" },
    });
  });

  it("refuses an unknown area as the analyses do", async () => {
    const { errors } = await server.execute(operation("facts", "DakLakFundingFacts"), {
      filter: { areas: ["Ha Giangg"] },
    });
    expect(errors?.[0]).toMatchObject({
      message: 'Unknown area "Ha Giangg" in argument "filter.areas". Did you mean "Hà Giang" (02)?',
      extensions: { code: "BAD_USER_INPUT", argumentName: "filter.areas" },
    });
  });
});

interface OutputFact {
  id: number;
  area: string;
  year: string;
  outputType: string;
  quantity: number;
  quantityUnit: string;
  amount: number | null;
  scope: string;
  note: string | null;
  caveat: string | null;
}

describe("outputFacts over HTTP on the published data", () => {
  it("lists running totals with their quantity, unit and amount when one is published", async () => {
    const { data, errors } = await server.execute<{ outputFacts: Page<OutputFact> }>(
      `query { outputFacts(scopes: [CUMULATIVE]) {
        totalCount limit offset
        facts { id area year outputType quantity quantityUnit amount scope note caveat }
      } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.outputFacts.totalCount).toBe(4);
    expect(
      data?.outputFacts.facts.map((f) => [f.id, f.area, f.year, f.quantity, f.quantityUnit, f.amount]),
    ).toEqual([
      [168, "12", "2011-2024", 21, "projects", 3.5],
      [188, "15", "2016-2020", 40, "products", null],
      [221, "80", "2021", 21, "products", null],
      [222, "80", "2021", 5, "products", null],
    ]);
    expect(data?.outputFacts.facts[0]).toMatchObject({
      outputType: "kc_projects_de_an",
      scope: "CUMULATIVE",
      note: "since 2011",
      caveat: "Not a whole figure: running total (lũy kế).",
    });
  });
});
