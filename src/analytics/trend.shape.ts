import { aggregateKeys, type AggregateRow } from "./fact-aggregate.query.js";
import { groupIdentity, readBasis, readGroupKeys, type FactBasis, type GroupKey } from "./group-keys.js";
import { sourcesByGroup, type SourceRef } from "./sources.shape.js";
import type { TrendSpec } from "./trend.query.js";
import { inUnit, type AmountUnit } from "./units.js";
import { missingCpiReason } from "./value-basis.js";
import { valueReason } from "./value-reason.js";

export interface TrendPoint {
  readonly year: number;
  /** The value on the basis, in the unit; null with `reason` when the year has no data or no factor. */
  readonly value: number | null;
  readonly reason: string | null;
  /** Σ amount at current prices, in the unit. */
  readonly amount: number | null;
  readonly factCount: number;
  /** The latest earlier year of the span with data, which `change` compares against. */
  readonly previousYear: number | null;
  readonly change: number | null;
  readonly changePercent: number | null;
  readonly changeReason: string | null;
  /** value / value(index base year) × 100. */
  readonly index: number | null;
  readonly indexReason: string | null;
  readonly priceFactor: number | null;
  readonly populationThousands: number | null;
  readonly sources: ReadonlyArray<SourceRef> | null;
}

export interface TrendCoverage {
  readonly yearsInSpan: number;
  readonly yearsPresent: number;
  /** yearsPresent / yearsInSpan. */
  readonly ratio: number;
  readonly missingYears: ReadonlyArray<number>;
}

export interface TrendSeries {
  readonly keys: ReadonlyArray<GroupKey>;
  readonly basis: FactBasis;
  readonly points: ReadonlyArray<TrendPoint>;
  /** (last / first)^(1 / (lastYear − firstYear)) − 1 over the first and last years with a value. */
  readonly cagr: number | null;
  readonly cagrFromYear: number | null;
  readonly cagrToYear: number | null;
  readonly cagrReason: string | null;
  readonly coverage: TrendCoverage;
  /** Facts spanning several years (a 5-year total…) that matched the filter and overlap the span: not points. */
  readonly excludedSpanFacts: number;
}

interface YearCell {
  readonly present: boolean;
  readonly amountVnd: number | null;
  readonly valueVnd: number | null;
  readonly reason: string | null;
  readonly factCount: number;
  readonly factor: number | null;
  readonly population: number | null;
}

/**
 * Shapes `trendSql` rows (and `trendSourcesSql` rows, or null) into one series per group, a point for every
 * year of the span. A year without facts is a null value with a reason, never a zero. Changes compare with the
 * previous year that has data (named in `previousYear`): change = value − previous, changePercent = change /
 * previous × 100 (null with a reason when previous is zero or either value is null). Index = value / value of
 * `indexBaseYear` × 100 (null with a reason when the base year has no value or a zero one). CAGR over the first
 * and last years with values (null when fewer than two, or the first is zero). Coverage = years with data /
 * years in span. Differences are taken in VND and converted to the unit last.
 * Example (north, total plan, FY, 2021–2025, BILLION_VND, base 2021): 2024 value 170.8, previousYear 2023,
 * change −15.7, changePercent −8.4182…, index 120.11…; 2025 value null, reason "No figure for 2025 …";
 * cagr (170.8/142.2)^(1/3) − 1 = 0.0630…; coverage 4/5, missingYears [2025].
 */
export function shapeTrend(
  rows: ReadonlyArray<AggregateRow>,
  sourceRows: ReadonlyArray<AggregateRow> | null,
  spec: TrendSpec,
  unit: AmountUnit,
): ReadonlyArray<TrendSeries> {
  const keys = aggregateKeys(spec);
  const sources = sourceRows === null ? null : sourcesByGroup(sourceRows, keys.dimensions, true);
  const groups = new Map<string, AggregateRow[]>();
  for (const row of rows) {
    const id = groupIdentity(row, keys.dimensions);
    const list = groups.get(id) ?? [];
    list.push(row);
    groups.set(id, list);
  }
  const { from, to } = spec.yearly.span;
  const series: TrendSeries[] = [];
  for (const [id, groupRows] of groups) {
    const first = groupRows[0];
    const byYear = new Map<number, AggregateRow>();
    let excludedSpanFacts = 0;
    for (const row of groupRows) {
      excludedSpanFacts += Number(row["span_fact_count"] ?? 0);
      if (Number(row["fact_count"]) > 0) byYear.set(Number(row["year"]), row);
    }
    const cells = new Map<number, YearCell>();
    for (let year = from; year <= to; year++) cells.set(year, cellOf(byYear.get(year), year, spec));
    const base = cells.get(spec.indexBaseYear);
    const points: TrendPoint[] = [];
    let previous: { year: number; cell: YearCell } | null = null;
    for (let year = from; year <= to; year++) {
      const cell = cells.get(year) as YearCell;
      const change = changeOf(cell, previous);
      const index = indexOf(cell, base, spec.indexBaseYear);
      points.push({
        year,
        value: inUnit(cell.valueVnd, unit),
        reason: cell.reason,
        amount: inUnit(cell.amountVnd, unit),
        factCount: cell.factCount,
        previousYear: cell.present ? (previous?.year ?? null) : null,
        change: inUnit(change.changeVnd, unit),
        changePercent: change.percent,
        changeReason: change.reason,
        index: index.index,
        indexReason: index.reason,
        priceFactor: cell.factor,
        populationThousands: cell.population,
        sources:
          sources === null || !cell.present
            ? sources === null
              ? null
              : []
            : (sources.get(`${id}#${year}`) ?? []),
      });
      if (cell.present) previous = { year, cell };
    }
    const valued = [...cells.entries()].filter(([, c]) => c.valueVnd !== null);
    const cagr = cagrOf(valued);
    const missingYears = [...cells.entries()].filter(([, c]) => !c.present).map(([y]) => y);
    series.push({
      keys: readGroupKeys(first, keys.shown),
      basis: readBasis(first, keys),
      points,
      ...cagr,
      coverage: {
        yearsInSpan: to - from + 1,
        yearsPresent: to - from + 1 - missingYears.length,
        ratio: (to - from + 1 - missingYears.length) / (to - from + 1),
        missingYears,
      },
      excludedSpanFacts,
    });
  }
  return series;
}

function cellOf(row: AggregateRow | undefined, year: number, spec: TrendSpec): YearCell {
  if (row === undefined) {
    return {
      present: false,
      amountVnd: null,
      valueVnd: null,
      reason: `No figure for ${year} (period ${spec.yearly.period}) in the warehouse: the year is missing, not zero (không có số liệu).`,
      factCount: 0,
      factor: null,
      population: null,
    };
  }
  const amountVnd = row["amount_vnd"] === null ? null : Number(row["amount_vnd"]);
  const factCount = Number(row["fact_count"]);
  const population =
    row["population_thousands"] === null || row["population_thousands"] === undefined
      ? null
      : Number(row["population_thousands"]);
  if (amountVnd === null) {
    return {
      present: true,
      amountVnd,
      valueVnd: null,
      reason: "No amount is published for these facts (không có số tiền).",
      factCount,
      factor: null,
      population,
    };
  }
  if (spec.basis.kind === "CONSTANT") {
    const factor = spec.basis.factors.byYear.get(year);
    const f = factor?.factor ?? null;
    return f === null
      ? {
          present: true,
          amountVnd,
          valueVnd: null,
          reason: missingCpiReason(year, factor, spec.basis.baseYear),
          factCount,
          factor: null,
          population,
        }
      : { present: true, amountVnd, valueVnd: amountVnd * f, reason: null, factCount, factor: f, population };
  }
  if (spec.basis.kind === "PER_CAPITA") {
    const valueVnd = row["value_vnd"] === null ? null : Number(row["value_vnd"]);
    const missing = (row["missing"] as ReadonlyArray<string> | null | undefined) ?? [];
    return {
      present: true,
      amountVnd,
      valueVnd,
      reason: valueVnd === null ? valueReason(missing) : null,
      factCount,
      factor: null,
      population,
    };
  }
  return { present: true, amountVnd, valueVnd: amountVnd, reason: null, factCount, factor: null, population };
}

function changeOf(
  cell: YearCell,
  previous: { year: number; cell: YearCell } | null,
): { changeVnd: number | null; percent: number | null; reason: string | null } {
  if (!cell.present) return { changeVnd: null, percent: null, reason: "No figure this year." };
  if (previous === null)
    return { changeVnd: null, percent: null, reason: "No earlier year with data in the span." };
  if (cell.valueVnd === null || previous.cell.valueVnd === null) {
    const year = cell.valueVnd === null ? "this year" : String(previous.year);
    return { changeVnd: null, percent: null, reason: `The value of ${year} is null.` };
  }
  const changeVnd = cell.valueVnd - previous.cell.valueVnd;
  if (previous.cell.valueVnd === 0) {
    return { changeVnd, percent: null, reason: `The value of ${previous.year} is zero: no percent change.` };
  }
  return { changeVnd, percent: (changeVnd / previous.cell.valueVnd) * 100, reason: null };
}

function indexOf(
  cell: YearCell,
  base: YearCell | undefined,
  baseYear: number,
): { index: number | null; reason: string | null } {
  if (cell.valueVnd === null) return { index: null, reason: "No value this year." };
  if (base === undefined || base.valueVnd === null) {
    return { index: null, reason: `The base year ${baseYear} has no value.` };
  }
  if (base.valueVnd === 0) return { index: null, reason: `The base year ${baseYear} value is zero.` };
  return { index: (cell.valueVnd / base.valueVnd) * 100, reason: null };
}

function cagrOf(
  valued: ReadonlyArray<readonly [number, YearCell]>,
): Pick<TrendSeries, "cagr" | "cagrFromYear" | "cagrToYear" | "cagrReason"> {
  if (valued.length < 2) {
    return {
      cagr: null,
      cagrFromYear: null,
      cagrToYear: null,
      cagrReason: "CAGR needs values in at least two years.",
    };
  }
  const [firstYear, first] = valued[0];
  const [lastYear, last] = valued[valued.length - 1];
  const firstValue = first.valueVnd as number;
  const lastValue = last.valueVnd as number;
  if (firstValue === 0) {
    return {
      cagr: null,
      cagrFromYear: firstYear,
      cagrToYear: lastYear,
      cagrReason: `The first value (${firstYear}) is zero.`,
    };
  }
  return {
    cagr: Math.pow(lastValue / firstValue, 1 / (lastYear - firstYear)) - 1,
    cagrFromYear: firstYear,
    cagrToYear: lastYear,
    cagrReason: null,
  };
}
