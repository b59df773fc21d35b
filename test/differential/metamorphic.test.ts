import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  FUNDING_DIMENSIONS,
  FUNDING_SOURCES,
  STAGES,
  areaId,
  filterArb,
  groupByArb,
  sometimes,
  universe,
  valuationArb,
  yearSpan,
} from "./arbitraries.js";
import {
  compareCall,
  shareCall,
  shareSliceIdentity,
  sliceCall,
  trendCall,
  type ApiCompare,
  type ApiSeries,
  type ApiShareSlice,
  type ApiSlice,
} from "./calls.js";
import {
  apiIdentity,
  close,
  Differences,
  openGenerated,
  openPublished,
  runBatch,
  runs,
  serverCause,
  type Call,
  type Dataset,
} from "./harness.js";
import { type SliceRequest, type TrendRequest } from "./reference.js";
import { referenceTotal } from "./reference-compare.js";
import type { FilterInput, Valuation } from "./reference-facts.js";

const datasets: Record<string, Dataset> = {};
beforeAll(async () => {
  const [published, generated] = await Promise.all([openPublished(), openGenerated()]);
  Object.assign(datasets, { published, generated });
});
afterAll(async () => {
  await Promise.all(Object.values(datasets).map((d) => d.close()));
});

/** Runs the calls as one request; throws on any error answer, naming the call. */
async function answers(dataset: Dataset, calls: ReadonlyArray<Call>): Promise<unknown[]> {
  const results = await runBatch(dataset.server, calls);
  results.forEach((r, i) => {
    if (r.error !== null) {
      throw new Error(
        `${calls[i].field} answered ${String(r.error.extensions?.["code"])} "${r.error.message}" to ` +
          `${JSON.stringify(calls[i].args)}${serverCause(dataset.server)}`,
      );
    }
  });
  return results.map((r) => r.data);
}

const TREND_DIMENSIONS = FUNDING_DIMENSIONS.filter((d) => d !== "YEAR" && d !== "PERIOD");

describe.each(["published", "generated"])("metamorphic relations on the %s data", (name) => {
  it("gives a trend point the value of the slice of its single year", async () => {
    const dataset = datasets[name];
    const u = universe(dataset.rows);
    const request = fc
      .record({
        filter: filterArb(u, { years: false, periods: false }),
        groupBy: groupByArb(TREND_DIMENSIONS, 2),
        span: yearSpan(u, 5),
        period: fc.constantFrom("FY", "H1", "9M"),
        valuation: valuationArb(u),
      })
      .map(({ filter, groupBy, span, period, valuation }): TrendRequest => ({
        filter,
        groupBy,
        from: span.from,
        to: span.to,
        period,
        ...valuation,
      }));
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const years = Array.from({ length: req.to - req.from + 1 }, (_, i) => req.from + i);
        const priceBaseYear = req.valueBasis === "CONSTANT" ? (req.priceBaseYear ?? req.from) : undefined;
        const slices = years.map((y): SliceRequest => ({
          ...req,
          priceBaseYear,
          filter: { ...req.filter, years: { from: y, to: y }, periods: [req.period as string] },
        }));
        const [trend, ...sliced] = (await answers(dataset, [trendCall(req), ...slices.map(sliceCall)])) as [
          { series: ApiSeries[] },
          ...ApiSlice[],
        ];
        const d = new Differences({ trend: req });
        for (const series of trend.series) {
          const id = apiIdentity(series.keys, req.groupBy, series.basis);
          series.points.forEach((p, i) => {
            const row = sliced[i].rows.find((r) => apiIdentity(r.keys, req.groupBy, r.basis) === id);
            if (p.factCount === 0) {
              d.expect(row === undefined, `${id} ${p.year}: a year without facts has no slice row`, p, row);
              return;
            }
            if (row === undefined) return d.expect(false, `${id} ${p.year} slice row`, p, "missing");
            d.number(`${id} ${p.year} value`, p.value, row.value);
            d.number(`${id} ${p.year} amount`, p.amount, row.amount);
            d.expect(p.factCount === row.factCount, `${id} ${p.year} factCount`, p.factCount, row.factCount);
            if (req.valueBasis === "PER_CAPITA" && p.value !== null) {
              d.number(`${id} ${p.year} populationThousands`, p.populationThousands, row.populationThousands);
            }
            if (req.valueBasis === "CONSTANT" && p.value !== null) {
              d.number(`${id} ${p.year} priceFactor`, p.priceFactor, row.priceFactors[0]?.factor ?? null);
            }
          });
        }
        d.throwIfAny();
      }),
      runs(8),
    );
  });

  it("compares a selection with itself: difference exactly 0 and ratio exactly 1 on every value basis", async () => {
    const dataset = datasets[name];
    const u = universe(dataset.rows);
    const selection = fc.record({
      areas: fc.tuple(areaId(u)),
      years: yearSpan(u, 1),
      periods: sometimes(0.9, fc.constantFrom(["FY"], ["H1"], ["9M"])),
      stages: fc.constantFrom(...STAGES.map((s) => [s])),
      fundingSources: fc.constantFrom(...FUNDING_SOURCES.map((s) => [s])),
    });
    const request = fc.record({ filter: selection, valuation: valuationArb(u) });
    await fc.assert(
      fc.asyncProperty(request, async ({ filter, valuation }) => {
        const priceBaseYear = valuation.priceBaseYear ?? u.cpiYears[u.cpiYears.length - 1];
        const bases: Valuation[] = [
          { ...valuation, valueBasis: "CURRENT", priceBaseYear: undefined },
          { ...valuation, valueBasis: "CONSTANT", priceBaseYear },
          { ...valuation, valueBasis: "PER_CAPITA", priceBaseYear: undefined },
        ];
        const selections = [{ filter }, { filter }];
        const results = (await answers(
          dataset,
          bases.map((v) => compareCall({ ...v, selections, reference: 0 })),
        )) as ApiCompare[];
        const d = new Differences({ compare: filter, with: "itself", ...valuation });
        results.forEach((result, i) => {
          const basis = bases[i];
          const reference = referenceTotal(dataset.rows, filter, basis);
          for (const s of result.selections) {
            d.expect(
              (s.total.value === null) === (reference.valueVnd === null),
              `${basis.valueBasis} selection ${s.index} has a value`,
              s.total.value,
              reference.valueVnd,
            );
            if (s.total.value === null) continue;
            d.expect(
              s.vsReference.difference === 0,
              `${basis.valueBasis} difference`,
              s.vsReference.difference,
              0,
            );
            d.expect(
              s.vsReference.ratio === 1 || s.total.value === 0,
              `${basis.valueBasis} ratio`,
              s.vsReference.ratio,
              1,
            );
          }
        });
        d.throwIfAny();
      }),
      runs(10),
    );
  });

  it("keeps the current-price amount on PER_CAPITA, and gives constant prices as amount × the factor", async () => {
    const dataset = datasets[name];
    const u = universe(dataset.rows);
    const request = fc.record({
      filter: filterArb(u, { regions: false, activities: false }),
      groupBy: groupByArb(TREND_DIMENSIONS, 2),
      span: yearSpan(u, 4),
      valuation: valuationArb(u),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ filter, groupBy, span, valuation }) => {
        const v = (valueBasis: Valuation["valueBasis"]): Valuation => ({
          ...valuation,
          valueBasis,
          priceBaseYear: valueBasis === "CONSTANT" ? (valuation.priceBaseYear ?? u.cpiYears[0]) : undefined,
        });
        const byYear: ReadonlyArray<Parameters<typeof sliceCall>[0]["groupBy"][number]> = [
          "YEAR",
          ...groupBy,
        ];
        const shareFilter: FilterInput = { ...filter, fundingSources: undefined };
        const calls: Call[] = [];
        for (const basis of ["CURRENT", "PER_CAPITA", "CONSTANT"] as const) {
          calls.push(
            sliceCall({ filter, groupBy: byYear, ...v(basis) }),
            trendCall({
              filter: { ...filter, years: undefined },
              groupBy,
              from: span.from,
              to: span.to,
              ...v(basis),
            }),
            shareCall({ partsBy: "FUNDING_SOURCE", filter: shareFilter, ...v(basis) }),
          );
        }
        const [slice, trend, share, slicePc, trendPc, sharePc, sliceK, trendK, shareK] = (await answers(
          dataset,
          calls,
        )) as [
          ApiSlice,
          { series: ApiSeries[] },
          { slices: ApiShareSlice[] },
          ApiSlice,
          { series: ApiSeries[] },
          { slices: ApiShareSlice[] },
          ApiSlice,
          { series: ApiSeries[] },
          { slices: ApiShareSlice[] },
        ];
        const d = new Differences({ filter, groupBy, span, ...valuation });
        const rowsOf = (s: ApiSlice) => new Map(s.rows.map((r) => [apiIdentity(r.keys, byYear, r.basis), r]));
        const current = rowsOf(slice);
        for (const [id, row] of rowsOf(slicePc))
          d.number(`slice ${id} PER_CAPITA amount`, row.amount, current.get(id)?.amount ?? null);
        for (const [id, row] of rowsOf(sliceK)) {
          d.number(`slice ${id} CONSTANT amount`, row.amount, current.get(id)?.amount ?? null);
          if (row.value !== null) {
            d.expect(
              row.priceFactors.length === 1,
              `slice ${id} one factor for one year`,
              row.priceFactors,
              "one",
            );
            d.number(
              `slice ${id} CONSTANT value = amount × factor`,
              row.value,
              (row.amount ?? 0) * (row.priceFactors[0]?.factor ?? NaN),
            );
          }
        }
        const pointsOf = (t: { series: ApiSeries[] }) =>
          new Map(
            t.series.flatMap((s) =>
              s.points.map((p) => [`${apiIdentity(s.keys, groupBy, s.basis)} ${p.year}`, p] as const),
            ),
          );
        const points = pointsOf(trend);
        for (const [id, p] of pointsOf(trendPc))
          d.number(`trend ${id} PER_CAPITA amount`, p.amount, points.get(id)?.amount ?? null);
        for (const [id, p] of pointsOf(trendK)) {
          d.number(`trend ${id} CONSTANT amount`, p.amount, points.get(id)?.amount ?? null);
          if (p.value !== null)
            d.number(
              `trend ${id} CONSTANT value = amount × priceFactor`,
              p.value,
              (p.amount ?? 0) * (p.priceFactor ?? NaN),
            );
        }
        const partsOf = (s: { slices: ApiShareSlice[] }) =>
          new Map(
            s.slices.flatMap((x) => x.parts.map((p) => [`${shareSliceIdentity(x)} ${p.key}`, p] as const)),
          );
        const parts = partsOf(share);
        for (const [id, p] of partsOf(sharePc))
          d.number(`share ${id} PER_CAPITA amount`, p.amount, parts.get(id)?.amount ?? null);
        for (const [id, p] of partsOf(shareK)) {
          d.number(`share ${id} CONSTANT amount`, p.amount, parts.get(id)?.amount ?? null);
          if (p.value !== null)
            d.expect(
              close(p.value, (p.amount ?? 0) * (p.factor ?? NaN)),
              `share ${id} CONSTANT value = amount × factor`,
              p.value,
              [p.amount, p.factor],
            );
        }
        d.throwIfAny();
      }),
      runs(5),
    );
  });
});
