import { describe, expect, it } from "vitest";
import { factFilter } from "../../src/analytics/fact-filter.js";
import { FULL_PROVENANCE } from "../../src/analytics/fact-aggregate.query.js";
import { shapeShares, shareQuery, type ShareBasis, type ShareSpec } from "../../src/analytics/share/index.js";
import { AMOUNT_UNITS } from "../../src/analytics/units.js";
import type { Warehouse } from "../../src/warehouse/index.js";
import { XVIII_FACTS, fact, withShareWarehouse } from "./share-warehouse.js";

const CURRENT = { kind: "CURRENT" } as const;
const BN = AMOUNT_UNITS.BILLION_VND;
const OTHER_SOURCE = { id: 2, title: "Another source", url: "https://example.org/other" };
const common = { years: { from: 2024, to: 2024 }, periods: ["FY"], stages: ["plan" as const] };

const byFundingSource: ShareSpec = {
  partsBy: "fundingSource",
  parts: factFilter({ ...common, areaIds: ["north"], fundingSources: ["national", "local"] }),
  whole: factFilter({ ...common, areaIds: ["north"], fundingSources: ["total"] }),
  boundary: "HISTORICAL",
  basis: CURRENT,
};

/** The shares of `spec` in billion VND on `basis`, with the provenance of every part and whole. */
async function shares(w: Warehouse, spec: ShareSpec, basis: ShareBasis | null = null) {
  const { rows } = await shareQuery({ ...spec, provenance: FULL_PROVENANCE }).execute(w.db);
  const sources = await w.db.selectFrom("source").select(["source_id", "title", "url"]).execute();
  return shapeShares(rows, {
    partsBy: spec.partsBy,
    basis,
    unit: BN,
    valueBasis: spec.basis,
    sources: new Map(sources.map((r) => [r.source_id, { id: r.source_id, title: r.title, url: r.url }])),
  });
}

describe("shareQuery", () => {
  it("gives national and local shares of the north's 2024 plan against its published total", () =>
    withShareWarehouse(XVIII_FACTS, async (w) => {
      const [slice] = await shares(w, byFundingSource);
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
    withShareWarehouse(XVIII_FACTS, async (w) => {
      const [slice] = await shares(w, byFundingSource, "SUM_OF_PARTS");
      expect(slice.whole.basis).toBe("SUM_OF_PARTS");
      expect(slice.parts[1].sharePct).toBeCloseTo((71.5 / 170.7) * 100, 9);
    }));

  it("reads the preferred figure when sources disagree on the whole and lists the other version", () =>
    withShareWarehouse(XVIII_FACTS, async (w) => {
      const [slice] = await shares(w, {
        partsBy: "area",
        parts: factFilter({ ...common, areaIds: ["north"], fundingSources: ["local"] }),
        whole: factFilter({ ...common, areaIds: ["VN"], fundingSources: ["local"] }),
        boundary: "HISTORICAL",
        basis: CURRENT,
      });
      expect(slice.whole.value.value).toBeCloseTo(202.3, 9);
      expect(slice.whole.provenance.sources.map((s) => s.id)).toStrictEqual([1]);
      expect(slice.whole.provenance.alternatives).toStrictEqual([
        { source: OTHER_SOURCE, value: 202, chosen: 202.3, difference: -0.3, figureCount: 1 },
      ]);
    }));

  it("takes the best-ranked version among the sources the caller picks, not the source giving most figures", () =>
    withShareWarehouse(
      [
        fact("north", 2024, "FY", "local", "plan", 99.2),
        fact("VN", 2024, "FY", "local", "plan", 202, { preferred: false }),
        fact("VN", 2024, "FY", "local", "plan", 202.3, { sourceId: 2 }),
      ],
      async (w) => {
        const [slice] = await shares(w, {
          partsBy: "area",
          parts: factFilter({ ...common, areaIds: ["north"], fundingSources: ["local"], sourceIds: [1, 2] }),
          whole: factFilter({ ...common, areaIds: ["VN"], fundingSources: ["local"], sourceIds: [1, 2] }),
          boundary: "HISTORICAL",
          basis: CURRENT,
        });
        expect(slice.whole.value.value).toBeCloseTo(202.3, 9);
        expect(slice.whole.provenance.sources.map((s) => s.id)).toStrictEqual([2]);
        expect(
          slice.whole.provenance.alternatives.map((a) => [a.source.id, a.value, a.difference]),
        ).toStrictEqual([[1, 202, -0.3]]);
        expect(slice.parts[0].sharePct).toBeCloseTo(49.0361, 4);
      },
    ));

  it("uses a version that is not preferred when it is the only one among the sources picked", () =>
    withShareWarehouse(XVIII_FACTS, async (w) => {
      const [slice] = await shares(w, {
        partsBy: "area",
        parts: factFilter({ ...common, areaIds: ["north"], fundingSources: ["local"], sourceIds: [1] }),
        whole: factFilter({ ...common, areaIds: ["VN"], fundingSources: ["local"], sourceIds: [2] }),
        boundary: "HISTORICAL",
        basis: CURRENT,
      });
      expect(slice.whole.value.value).toBe(202);
      expect(slice.whole.provenance.sources).toStrictEqual([OTHER_SOURCE]);
      expect(slice.parts[0].sharePct).toBeCloseTo((99.2 / 202) * 100, 9);
    }));

  it("never adds the region's published total to its provinces", () =>
    withShareWarehouse(XVIII_FACTS, async (w) => {
      const [slice] = await shares(w, {
        partsBy: "area",
        parts: factFilter({
          ...common,
          regionIds: ["north"],
          levels: ["province"],
          fundingSources: ["total"],
        }),
        whole: factFilter({ ...common, areaIds: ["north"], fundingSources: ["total"] }),
        boundary: "HISTORICAL",
        basis: CURRENT,
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
    withShareWarehouse(XVIII_FACTS, async (w) => {
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
        basis: CURRENT,
      };
      const [slice] = await shares(w, spec, "SUM_OF_PARTS");
      expect(slice.parts.map((p) => [p.key, p.value.value, p.sharePct])).toStrictEqual([["2025-08", 8, 100]]);
    }));

  it("returns a null share with a reason when the published total is missing", () =>
    withShareWarehouse(
      [fact("north", 2024, "FY", "national", "plan", 71.5), fact("north", 2024, "FY", "local", "plan", 99.2)],
      async (w) => {
        const [slice] = await shares(w, byFundingSource, "PUBLISHED_TOTAL");
        expect(slice.whole.basis).toBeNull();
        expect(slice.parts[0].sharePct).toBeNull();
        expect(slice.parts[0].reason).toMatch(/has no published total/);
      },
    ));

  it("returns a null share when the whole is zero", () =>
    withShareWarehouse(
      [fact("north", 2024, "FY", "total", "plan", 0), fact("north", 2024, "FY", "local", "plan", 0)],
      async (w) => {
        const [slice] = await shares(w, byFundingSource);
        expect(slice.parts[0].sharePct).toBeNull();
        expect(slice.parts[0].reason).toMatch(/is zero/);
      },
    ));

  it("has no slice for a year without facts", () =>
    withShareWarehouse(XVIII_FACTS, async (w) => {
      const slices = await shares(w, {
        ...byFundingSource,
        parts: factFilter({ ...byFundingSource.parts, years: { from: 2022, to: 2024 } }),
        whole: factFilter({ ...byFundingSource.whole, years: { from: 2022, to: 2024 } }),
      });
      expect(slices.map((s) => [s.yearFrom, s.parts.length])).toStrictEqual([
        [2023, 0],
        [2024, 2],
      ]);
    }));
});
