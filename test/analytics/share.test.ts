import { describe, expect, it } from "vitest";
import { factFilter } from "../../src/analytics/fact-filter.js";
import { shapeShares, shareQuery, type ShareSpec } from "../../src/analytics/share/index.js";
import { AMOUNT_UNITS } from "../../src/analytics/units.js";
import { XVIII_FACTS, fact, withShareWarehouse } from "./share-warehouse.js";

const CURRENT = { kind: "CURRENT" } as const;
const BN = AMOUNT_UNITS.BILLION_VND;
const common = { years: { from: 2024, to: 2024 }, periods: ["FY"], stages: ["plan" as const] };

const byFundingSource: ShareSpec = {
  partsBy: "fundingSource",
  parts: factFilter({ ...common, areaIds: ["north"], fundingSources: ["national", "local"] }),
  whole: factFilter({ ...common, areaIds: ["north"], fundingSources: ["total"] }),
  boundary: "HISTORICAL",
  perCapita: false,
};

describe("shareQuery", () => {
  it("gives national and local shares of the north's 2024 plan against its published total", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const { rows } = await shareQuery(byFundingSource).execute(db);
      const [slice] = shapeShares(rows, { basis: null, unit: BN, valueBasis: CURRENT });
      expect(slice.whole.basis).toBe("PUBLISHED_TOTAL");
      expect(slice.whole.value.value).toBeCloseTo(170.8, 9);
      expect(slice.whole.sumOfParts?.value).toBeCloseTo(170.7, 9);
      expect(slice.whole.gap).toBeCloseTo(-0.1, 9);
      expect(slice.parts.map((p) => [p.key, p.rank])).toStrictEqual([
        ["local", 1],
        ["national", 2],
      ]);
      expect(slice.parts[0].sharePct).toBeCloseTo(58.0796, 4);
      expect(slice.parts[1].sharePct).toBeCloseTo(41.8618, 4);
    }));

  it("uses the sum of the parts when asked, with the gap to the published total", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const { rows } = await shareQuery(byFundingSource).execute(db);
      const [slice] = shapeShares(rows, { basis: "SUM_OF_PARTS", unit: BN, valueBasis: CURRENT });
      expect(slice.whole.basis).toBe("SUM_OF_PARTS");
      expect(slice.parts[1].sharePct).toBeCloseTo((71.5 / 170.7) * 100, 9);
    }));

  it("reads the preferred figure when sources disagree on the whole", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const spec: ShareSpec = {
        partsBy: "area",
        parts: factFilter({ ...common, areaIds: ["north"], fundingSources: ["local"] }),
        whole: factFilter({ ...common, areaIds: ["VN"], fundingSources: ["local"] }),
        boundary: "HISTORICAL",
        perCapita: false,
      };
      const [slice] = shapeShares((await shareQuery(spec).execute(db)).rows, {
        basis: null,
        unit: BN,
        valueBasis: CURRENT,
      });
      expect(slice.whole.value.value).toBeCloseTo(202.3, 9);
      expect(slice.whole.alternatives).toBe(0);
    }));

  it("prefers the source that gives most figures of the slice when the caller picks two sources", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const spec: ShareSpec = {
        partsBy: "area",
        parts: factFilter({ ...common, areaIds: ["north"], fundingSources: ["local"], sourceIds: [1, 2] }),
        whole: factFilter({ ...common, areaIds: ["VN"], fundingSources: ["local"], sourceIds: [2, 1] }),
        boundary: "HISTORICAL",
        perCapita: false,
      };
      const [slice] = shapeShares((await shareQuery(spec).execute(db)).rows, {
        basis: null,
        unit: BN,
        valueBasis: CURRENT,
      });
      expect(slice.whole.value.value).toBeCloseTo(202.3, 9);
      expect(slice.whole.alternatives).toBe(1);
      expect(slice.parts[0].sharePct).toBeCloseTo(49.0361, 4);
    }));

  it("never adds the region's published total to its provinces", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const spec: ShareSpec = {
        partsBy: "area",
        parts: factFilter({
          ...common,
          regionIds: ["north"],
          levels: ["province"],
          fundingSources: ["total"],
        }),
        whole: factFilter({ ...common, areaIds: ["north"], fundingSources: ["total"] }),
        boundary: "HISTORICAL",
        perCapita: false,
      };
      const [slice] = shapeShares((await shareQuery(spec).execute(db)).rows, {
        basis: null,
        unit: BN,
        valueBasis: CURRENT,
      });
      expect(slice.whole.sumOfParts?.value).toBeCloseTo(8, 9);
      expect(slice.whole.gap).toBeCloseTo(8 - 170.8, 9);
      expect(slice.parts.map((p) => [p.key, p.rank])).toStrictEqual([
        ["02", 1],
        ["08", 2],
      ]);
      expect(slice.parts[0].sharePct).toBeCloseTo((5 / 170.8) * 100, 9);
    }));

  it("re-aggregates provinces onto the 2025 units with MERGED_2025", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const spec: ShareSpec = {
        partsBy: "area",
        parts: factFilter({
          ...common,
          regionIds: ["north"],
          levels: ["province"],
          fundingSources: ["total"],
        }),
        whole: factFilter({ ...common, areaIds: ["north"], fundingSources: ["total"] }),
        boundary: "MERGED_2025",
        perCapita: false,
      };
      const [slice] = shapeShares((await shareQuery(spec).execute(db)).rows, {
        basis: "SUM_OF_PARTS",
        unit: BN,
        valueBasis: CURRENT,
      });
      expect(slice.parts.map((p) => [p.key, p.value.value, p.sharePct])).toStrictEqual([["2025-08", 8, 100]]);
    }));

  it("returns a null share with a reason when the published total is missing", () =>
    withShareWarehouse(
      [fact("north", 2024, "FY", "national", "plan", 71.5), fact("north", 2024, "FY", "local", "plan", 99.2)],
      async ({ db }) => {
        const [slice] = shapeShares((await shareQuery(byFundingSource).execute(db)).rows, {
          basis: "PUBLISHED_TOTAL",
          unit: BN,
          valueBasis: CURRENT,
        });
        expect(slice.whole.basis).toBeNull();
        expect(slice.parts[0].sharePct).toBeNull();
        expect(slice.parts[0].reason).toMatch(/has no published total/);
      },
    ));

  it("returns a null share when the whole is zero", () =>
    withShareWarehouse(
      [fact("north", 2024, "FY", "total", "plan", 0), fact("north", 2024, "FY", "local", "plan", 0)],
      async ({ db }) => {
        const [slice] = shapeShares((await shareQuery(byFundingSource).execute(db)).rows, {
          basis: null,
          unit: BN,
          valueBasis: CURRENT,
        });
        expect(slice.parts[0].sharePct).toBeNull();
        expect(slice.parts[0].reason).toMatch(/is zero/);
      },
    ));

  it("has no slice for a year without facts", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const spec = {
        ...byFundingSource,
        parts: factFilter({ ...byFundingSource.parts, years: { from: 2022, to: 2024 } }),
        whole: factFilter({ ...byFundingSource.whole, years: { from: 2022, to: 2024 } }),
      };
      const slices = shapeShares((await shareQuery(spec).execute(db)).rows, {
        basis: null,
        unit: BN,
        valueBasis: CURRENT,
      });
      expect(slices.map((s) => [s.yearFrom, s.parts.length])).toStrictEqual([
        [2023, 0],
        [2024, 2],
      ]);
    }));
});
