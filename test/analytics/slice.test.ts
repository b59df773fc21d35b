import { describe, expect, it } from "vitest";
import {
  AMOUNT_UNITS,
  AnalyticsInputError,
  FACT_TABLES,
  aggregateKeys,
  cpiFactors,
  factFilter,
  FULL_PROVENANCE,
  shapeSlice,
  sliceSql,
  type SliceSpec,
} from "../../src/analytics/index.js";
import { BN, rows, sourcesById, withFixture } from "./analytics-harness.js";

const sliceSpec = (parts: Partial<SliceSpec> = {}): SliceSpec => ({
  table: FACT_TABLES.funding,
  filter: factFilter({ stages: ["plan"], fundingSources: ["total"], periods: ["FY"] }),
  boundary: "HISTORICAL",
  groupBy: ["area"],
  basis: { kind: "CURRENT" },
  yearly: null,
  order: [],
  limit: 100,
  offset: 0,
  ...parts,
});

const FACTS = [
  { area_id: "north", year_from: 2024, amount_vnd: 170.8 * BN },
  { area_id: "35", year_from: 2024, amount_vnd: 2 * BN },
  { area_id: "36", year_from: 2024, amount_vnd: 3.5 * BN, source_id: 2 },
  { area_id: "37", year_from: 2023, amount_vnd: 1.25 * BN },
  { area_id: "02", year_from: 2024, amount_vnd: 0.6 * BN },
];

describe("slice", () => {
  it("does not group by a hidden basis dimension the table holds one value of, and reports that value", async () => {
    await withFixture({ funding: FACTS }, async (w) => {
      const spec = sliceSpec();
      const lean = sliceSpec({ constants: { detail: "total", budgetLevel: null } });
      expect(aggregateKeys(spec).dimensions.map((d) => d.name)).toContain("detail");
      expect(aggregateKeys(lean).dimensions.map((d) => d.name)).not.toContain("detail");
      expect(aggregateKeys(lean).dimensions.map((d) => d.name)).not.toContain("budgetLevel");
      expect(aggregateKeys(lean).pinned.detail).toBe("total");
      const full = shapeSlice(await rows(w, sliceSql(spec)), spec, AMOUNT_UNITS.BILLION_VND);
      const fewerKeys = shapeSlice(await rows(w, sliceSql(lean)), lean, AMOUNT_UNITS.BILLION_VND);
      const view = (r: (typeof full.rows)[number]) => [r.keys, r.basis, r.value, r.factCount];
      expect(fewerKeys.rows.map(view)).toEqual(full.rows.map(view));
      expect(fewerKeys.rows.map((r) => `${r.keys[0].value} ${r.value}`).sort()).toEqual([
        "02 0.6",
        "35 2",
        "36 3.5",
        "37 1.25",
        "north 170.8",
      ]);
    });
  });

  it("never sums a regional total with provinces: the level is a key of every row", async () => {
    await withFixture({ funding: FACTS }, async (w) => {
      const spec = sliceSpec({
        groupBy: ["region"],
        filter: factFilter({
          stages: ["plan"],
          fundingSources: ["total"],
          periods: ["FY"],
          years: { from: 2024, to: 2024 },
        }),
      });
      const result = shapeSlice(await rows(w, sliceSql(spec)), spec, AMOUNT_UNITS.BILLION_VND);
      expect(result.rows.map((r) => [r.keys[0].value, r.basis.level, r.value, r.factCount])).toEqual([
        ["north", "province", 6.1, 3],
        ["north", "region", 170.8, 1],
      ]);
      expect(result.totalCount).toBe(2);
    });
  });

  it("re-aggregates pre-2025 provinces onto their 2025 successor under MERGED_2025", async () => {
    await withFixture({ funding: FACTS }, async (w) => {
      const spec = sliceSpec({
        boundary: "MERGED_2025",
        groupBy: ["area", "year"],
        filter: factFilter({
          areaIds: ["2025-37"],
          levels: ["province"],
          stages: ["plan"],
          fundingSources: ["total"],
          periods: ["FY"],
        }),
      });
      const withSources = { ...spec, provenance: FULL_PROVENANCE };
      const result = shapeSlice(
        await rows(w, sliceSql(withSources)),
        withSources,
        AMOUNT_UNITS.BILLION_VND,
        null,
        await sourcesById(w),
      );
      expect(
        result.rows.map((r) => [r.keys.map((k) => k.value), r.keys[0].label, r.value, r.factCount]),
      ).toEqual([
        [["2025-37", "2023"], "Ninh Bình", 1.25, 1],
        [["2025-37", "2024"], "Ninh Bình", 5.5, 2],
      ]);
      expect(result.rows[1].provenance.sources.map((s) => s.id)).toEqual([1, 2]);
    });
  });

  it("orders by value and pages with a stable total count", async () => {
    await withFixture({ funding: FACTS }, async (w) => {
      const spec = sliceSpec({ order: [{ by: "value", direction: "DESC" }], limit: 2, offset: 1 });
      const result = shapeSlice(await rows(w, sliceSql(spec)), spec, AMOUNT_UNITS.MILLION_VND);
      expect(result.rows.map((r) => [r.keys[0].value, r.value])).toEqual([
        ["36", 3500],
        ["35", 2000],
      ]);
      expect(result.totalCount).toBe(5);
    });
  });

  it("refuses to order by a dimension that is not a key", () => {
    expect(() => sliceSql(sliceSpec({ order: [{ by: "activity", direction: "ASC" }] }))).toThrow(
      AnalyticsInputError,
    );
  });

  it("sums deflated amounts per year at constant prices and names a missing CPI year", async () => {
    const cpi = [
      { year: 2024, avg_change_pct: 4 },
      { year: 2012, avg_change_pct: 9.21 },
    ];
    await withFixture({ funding: FACTS, cpi }, async (w) => {
      const factors = cpiFactors(cpi, 2024, [2023, 2024]);
      const spec = sliceSpec({
        groupBy: ["region"],
        basis: { kind: "CONSTANT", baseYear: 2024, factors },
        filter: factFilter({
          levels: ["province"],
          stages: ["plan"],
          fundingSources: ["total"],
          periods: ["FY"],
        }),
      });
      const [row] = shapeSlice(await rows(w, sliceSql(spec)), spec, AMOUNT_UNITS.BILLION_VND).rows;
      expect(row.value).toBeCloseTo(6.1 + 1.25 * 1.04, 12);
      expect(row.amount).toBeCloseTo(7.35, 12);
      expect(row.priceFactors).toEqual([
        { year: 2023, factor: 1.04 },
        { year: 2024, factor: 1 },
      ]);
      const old = sliceSpec({
        basis: { kind: "CONSTANT", baseYear: 2010, factors: cpiFactors(cpi, 2010, [2023, 2024]) },
        filter: factFilter({ areaIds: ["37"] }),
      });
      const [oldRow] = shapeSlice(await rows(w, sliceSql(old)), old, AMOUNT_UNITS.BILLION_VND).rows;
      expect(oldRow.value).toBeNull();
      expect(oldRow.reason).toMatch(/^No CPI for 2011, 2013, 2014/);
    });
  });

  it("divides Σ amounts by Σ populations of the areas in the group per capita", async () => {
    const population = [
      { area_id: "35", year: 2024, population_thousands: 880 },
      { area_id: "36", year: 2024, population_thousands: 1900 },
    ];
    await withFixture({ funding: FACTS, population }, async (w) => {
      const spec = sliceSpec({
        groupBy: ["level"],
        basis: { kind: "PER_CAPITA" },
        filter: factFilter({ areaIds: ["35", "36", "02"] }),
      });
      const [row] = shapeSlice(await rows(w, sliceSql(spec)), spec, AMOUNT_UNITS.VND).rows;
      expect(row.value).toBeNull();
      expect(row.reason).toBe("No population for 02 in 2024 (thiếu dân số).");
      const two = sliceSpec({
        groupBy: ["level"],
        basis: { kind: "PER_CAPITA" },
        filter: factFilter({ areaIds: ["35", "36"] }),
      });
      const [ok] = shapeSlice(await rows(w, sliceSql(two)), two, AMOUNT_UNITS.VND).rows;
      expect(ok.populationThousands).toBe(2780);
      expect(ok.value).toBeCloseTo((5.5 * BN) / 2_780_000, 9);
    });
  });

  it("sums output quantities per unit with their amounts", async () => {
    await withFixture(
      {
        outputs: [
          { area_id: "35", year_from: 2024, output_type: "models", quantity: 3, amount_vnd: 1.5 * BN },
          { area_id: "36", year_from: 2024, output_type: "models", quantity: 2.5 },
          { area_id: "36", year_from: 2024, output_type: "trainees", quantity: 40, unit: "persons" },
        ],
      },
      async (w) => {
        const spec = sliceSpec({
          table: FACT_TABLES.outputs,
          groupBy: ["outputType"],
          filter: factFilter({ stages: ["actual"] }),
        });
        const result = shapeSlice(await rows(w, sliceSql(spec)), spec, AMOUNT_UNITS.BILLION_VND);
        expect(
          result.rows.map((r) => [
            r.keys[0].value,
            r.basis.unit,
            r.quantity,
            r.amount,
            r.amountFactCount,
            r.factCount,
          ]),
        ).toEqual([
          ["models", "models", 5.5, 1.5, 1, 2],
          ["trainees", "persons", 40, null, 0, 1],
        ]);
      },
    );
  });
});
