import { describe, expect, it } from "vitest";
import {
  compareQuery,
  executionRateQuery,
  shapeComparison,
  shapeExecutionRates,
} from "../../src/analytics/compare/index.js";
import { factFilter, type FactFilter } from "../../src/analytics/fact-filter.js";
import { FACT_TABLES } from "../../src/analytics/fact-table.js";
import { AMOUNT_UNITS } from "../../src/analytics/units.js";
import { cpiFactors } from "../../src/analytics/value-basis.js";
import { XVIII_FACTS, fact, withShareWarehouse } from "./share-warehouse.js";

const CURRENT = { kind: "CURRENT" } as const;
const BN = AMOUNT_UNITS.BILLION_VND;
const north = (year: number, extra: Partial<FactFilter> = {}) =>
  factFilter({
    areaIds: ["north"],
    years: { from: year, to: year },
    periods: ["FY"],
    stages: ["plan"],
    fundingSources: ["total"],
    ...extra,
  });
const funding = (filter: FactFilter) => ({ table: FACT_TABLES.funding, filter });

describe("compareQuery", () => {
  it("gives difference, ratio and percent difference against the first selection", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const spec = {
        selections: [funding(north(2023)), funding(north(2024))],
        boundary: "HISTORICAL" as const,
        basis: CURRENT,
      };
      const items = shapeComparison((await compareQuery(spec).execute(db)).rows, {
        count: 2,
        withLastYear: false,
        reference: 0,
        unit: BN,
        valueBasis: CURRENT,
      });
      expect(items[0].vsReference.ratio).toBe(1);
      expect(items[1].total.value).toBe(170.8);
      expect(items[1].vsReference.difference).toBe(-15.7);
      expect(items[1].vsReference.ratio).toBeCloseTo(170.8 / 186.5, 12);
      expect(items[1].vsReference.percentDifference).toBeCloseTo(-8.4182, 4);
    }));

  it("compares with the same period last year and says why when it is missing", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const h1 = north(2024, { periods: ["H1"], stages: ["estimated"] });
      const spec = {
        selections: [funding(h1), funding(factFilter({ ...h1, years: { from: 2023, to: 2023 } }))],
        boundary: "HISTORICAL" as const,
        basis: CURRENT,
      };
      const [item] = shapeComparison((await compareQuery(spec).execute(db)).rows, {
        count: 1,
        withLastYear: true,
        reference: 0,
        unit: BN,
        valueBasis: CURRENT,
      });
      expect(item.total.value).toBeCloseTo(34.7, 9);
      expect(item.lastYear?.value).toBeNull();
      expect(item.vsLastYear?.reason).toMatch(/No value for the same period last year/);
    }));

  it("refuses to add national and total funding in one selection", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const spec = {
        selections: [funding(north(2024, { fundingSources: null }))],
        boundary: "HISTORICAL" as const,
        basis: CURRENT,
      };
      const [item] = shapeComparison((await compareQuery(spec).execute(db)).rows, {
        count: 1,
        withLastYear: false,
        reference: 0,
        unit: BN,
        valueBasis: CURRENT,
      });
      expect(item.total.value).toBeNull();
      expect(item.total.reason).toMatch(/mixes the funding sources "local" and "national" and "total"/);
    }));

  it("gives a selection whose filter pins every key one row with facts and none without, on every basis", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const factors = cpiFactors([{ year: 2024, avg_change_pct: 3.63 }], 2023, [2023, 2024]);
      for (const basis of [CURRENT, { kind: "CONSTANT", baseYear: 2023, factors } as const]) {
        // Level, stage, period, funding source and (all-activity) detail each named once: nothing to group by.
        const spec = {
          selections: [
            funding(north(2024, { levels: ["region"] })),
            funding(north(2030, { levels: ["region"] })),
          ],
          boundary: "HISTORICAL" as const,
          basis,
        };
        const { rows } = await compareQuery(spec).execute(db);
        expect(
          rows.map((r) => [r.sel, r.k_level, r.k_stage, r.k_period, r.k_funding_source, r.k_detail]),
        ).toEqual([[0, "region", "plan", "FY", "total", "total"]]);
        expect(rows[0].amount_vnd).toBe(170.8e9);
        const [, missing] = shapeComparison(rows, {
          count: 2,
          withLastYear: false,
          reference: 0,
          unit: BN,
          valueBasis: basis,
        });
        expect(missing.total.reason).toBe(
          "No figure matches the second selection (selections[1]): no fact passes its filter.",
        );
      }
    }));

  it("deflates to constant prices with the CPI factor of each year", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const factors = cpiFactors([{ year: 2024, avg_change_pct: 3.63 }], 2023, [2023, 2024]);
      const basis = { kind: "CONSTANT", baseYear: 2023, factors } as const;
      const spec = { selections: [funding(north(2024))], boundary: "HISTORICAL" as const, basis };
      const [item] = shapeComparison((await compareQuery(spec).execute(db)).rows, {
        count: 1,
        withLastYear: false,
        reference: 0,
        unit: BN,
        valueBasis: basis,
      });
      expect(item.total.value).toBeCloseTo(170.8 / 1.0363, 9);
      expect(item.total.amount).toBeCloseTo(170.8, 9);
    }));
});

describe("executionRateQuery", () => {
  it("divides the H1 estimate by the full-year plan of the same funding source", () =>
    withShareWarehouse(XVIII_FACTS, async ({ db }) => {
      const filter = factFilter({
        areaIds: ["north"],
        years: { from: 2024, to: 2024 },
        periods: ["H1"],
        stages: ["estimated"],
      });
      const rates = shapeExecutionRates(
        (await executionRateQuery({ filter, boundary: "HISTORICAL", basis: CURRENT }).execute(db)).rows,
        BN,
        CURRENT,
      );
      expect(rates.map((r) => [r.fundingSource, Number(r.ratePct?.toFixed(4))])).toStrictEqual([
        ["local", 26.4113],
        ["national", 11.8881],
        ["total", 20.3162],
      ]);
      expect(rates[2].lastYearReason).toMatch(/No estimated figure for H1 2023/);
    }));

  it("gives a null rate with a reason when the plan is missing", () =>
    withShareWarehouse([fact("south", 2024, "9M", "total", "actual", 8.3)], async ({ db }) => {
      const filter = factFilter({ areaIds: ["south"], years: { from: 2024, to: 2024 } });
      const [rate] = shapeExecutionRates(
        (await executionRateQuery({ filter, boundary: "HISTORICAL", basis: CURRENT }).execute(db)).rows,
        BN,
        CURRENT,
      );
      expect(rate.ratePct).toBeNull();
      expect(rate.reason).toBe("No full-year 2024 plan for south total, so no execution rate.");
    }));

  it("compares with the same period of the previous year", () =>
    withShareWarehouse(
      [fact("south", 2024, "9M", "total", "actual", 8.3), fact("south", 2023, "9M", "total", "actual", 10)],
      async ({ db }) => {
        const filter = factFilter({ areaIds: ["south"], years: { from: 2024, to: 2024 } });
        const [rate] = shapeExecutionRates(
          (await executionRateQuery({ filter, boundary: "HISTORICAL", basis: CURRENT }).execute(db)).rows,
          BN,
          CURRENT,
        );
        expect(rate.changeVsLastYearPct).toBeCloseTo(-17, 9);
      },
    ));
});
