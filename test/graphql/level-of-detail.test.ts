import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSyntheticWarehouse, type SyntheticWarehouse } from "../support/synthetic-warehouse.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/**
 * The level of detail a filter names (`details`) on a project register (etl/synthetic: every figure a project's,
 * no activity or area totals): share and compare sum the project figures of that level, as a naive sum of the
 * listed facts does; without it they take all-activity totals, of which the register has none.
 */

let warehouse: SyntheticWarehouse;
let server: TestServer;

beforeAll(async () => {
  // 2008 only: 63 provinces × 22 activities × 2 funding sources × 4 stages.
  warehouse = await buildSyntheticWarehouse(11_088);
  server = await startTestServer({ warehousePath: warehouse.path });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await warehouse?.remove();
});

const PLAN_2008 = {
  years: { from: 2008, to: 2008 },
  periods: ["FY"],
  stages: ["PLAN"],
  fundingSources: ["NATIONAL"],
};
const NORTH = { regions: ["north"], levels: ["PROVINCE"] };

async function data<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const { data: answer, errors } = await server.execute<T>(query, variables);
  expect(errors).toBeUndefined();
  return answer!;
}

/** The listed facts' amounts per area, in thousandths of a billion VND (exact integers), and their count. */
async function listedByArea(filter: Record<string, unknown>): Promise<Map<string, number>> {
  const { fundingFacts } = await data<{
    fundingFacts: { totalCount: number; facts: Array<{ area: string; amount: number; project: string }> };
  }>(
    `query($filter: FactFilterInput) { fundingFacts(filter: $filter, limit: 1000) { totalCount facts { area amount project } } }`,
    { filter },
  );
  expect(fundingFacts.totalCount).toBe(fundingFacts.facts.length);
  const byArea = new Map<string, number>();
  for (const f of fundingFacts.facts) {
    expect(f.project).not.toBeNull();
    byArea.set(f.area, (byArea.get(f.area) ?? 0) + Math.round(f.amount * 1000));
  }
  return byArea;
}

const thousandths = (bn: number | null) => (bn === null ? null : Math.round(bn * 1000));
const total = (byArea: Map<string, number>) => [...byArea.values()].reduce((a, b) => a + b, 0);

describe("a filter naming the level of detail", () => {
  it("gives the north's provinces their share of the north's project funding, each part the sum of its projects", async () => {
    const listed = await listedByArea({ ...PLAN_2008, ...NORTH, details: ["PROJECT"] });
    expect(listed.size).toBe(28);
    const { share } = await data<{
      share: {
        slices: Array<{
          whole: { basis: string; value: number; partCount: number };
          parts: Array<{ key: string; value: number }>;
        }>;
      };
    }>(
      `query($filter: FactFilterInput) { share(partsBy: AREA, wholeArea: "north", filter: $filter) {
        slices { whole { basis value partCount } parts { key value } } } }`,
      { filter: { ...PLAN_2008, details: ["PROJECT"] } },
    );
    expect(share.slices).toHaveLength(1);
    const [slice] = share.slices;
    expect(slice.whole.basis).toBe("SUM_OF_PARTS");
    expect(slice.whole.partCount).toBe(28);
    expect(thousandths(slice.whole.value)).toBe(total(listed));
    expect(new Map(slice.parts.map((p) => [p.key, thousandths(p.value)]))).toEqual(listed);
  });

  it("compares the north's project funding with the south's, each the sum of its projects", async () => {
    const north = await listedByArea({ ...PLAN_2008, ...NORTH, details: ["PROJECT"] });
    const south = await listedByArea({
      ...PLAN_2008,
      regions: ["south"],
      levels: ["PROVINCE"],
      details: ["PROJECT"],
    });
    const compare = async (details: string[] | undefined) =>
      (
        await data<{
          compare: {
            selections: Array<{ total: { value: number | null; reason: string | null; details: string[] } }>;
          };
        }>(
          `query($selections: [CompareSelectionInput!]!) { compare(selections: $selections) {
            selections { total { value reason details } } } }`,
          {
            selections: [
              { label: "north", filter: { ...PLAN_2008, ...NORTH, details } },
              { label: "south", filter: { ...PLAN_2008, regions: ["south"], levels: ["PROVINCE"], details } },
            ],
          },
        )
      ).compare.selections.map((s) => s.total);
    const [northTotal, southTotal] = await compare(["PROJECT"]);
    expect(thousandths(northTotal.value)).toBe(total(north));
    expect(thousandths(southTotal.value)).toBe(total(south));
    expect(northTotal.details).toEqual(["PROJECT"]);
    // Without the level named: all-activity totals, which a project register does not have.
    const [withoutDetails] = await compare(undefined);
    expect(withoutDetails.value).toBeNull();
    expect(withoutDetails.reason).toBe(
      "No figure matches the first selection (selections[0]): no fact passes its filter.",
    );
  });
});
