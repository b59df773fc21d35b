import { notLikeForLikeReason, likeForLike, type FactQuality } from "../model/index.js";
import { aggregateKeys, type AggregateRow } from "./fact-aggregate.query.js";
import {
  compareGroupKeys,
  groupIdentity,
  readBasis,
  readGroupKeys,
  type FactBasis,
  type GroupKey,
} from "./group-keys.js";
import { NO_PROVENANCE, readProvenance, type Provenance, type SourceRef } from "./provenance.shape.js";
import { missingFigure, readSummedFigure, type SummedFigure } from "./summed-figure.js";
import type { TrendSpec } from "./trend.query.js";
import { inUnit, type AmountUnit } from "./units.js";

export interface TrendPoint extends SummedFigure {
  readonly year: number;
  /** Outputs: Σ quantity, the value the trend follows; null for funding. */
  readonly quantity: number | null;
  /** The latest earlier year of the span with data, which `change` compares against. */
  readonly previousYear: number | null;
  readonly change: number | null;
  readonly changePercent: number | null;
  readonly changeReason: string | null;
  /** Whether the change compares figures of the same scope (a part with a part, a whole with a whole). */
  readonly likeForLike: boolean | null;
  /** value / value(index base year) × 100. */
  readonly index: number | null;
  readonly indexReason: string | null;
  /** The factor applied to this year's amounts (constant prices). */
  readonly priceFactor: number | null;
  readonly provenance: Provenance;
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
  readonly year: number;
  readonly present: boolean;
  readonly figure: SummedFigure;
  /** What the trend follows, before the unit: value in VND (funding) or quantity (outputs); null when none. */
  readonly raw: number | null;
  readonly quantity: number | null;
}

/**
 * `trendSql` rows in series order: by the series keys (`aggregateKeys(spec).dimensions`), each ascending with nulls
 * last, then by year. `shapeTrend` lists its series in this order; a caller that shapes the rows in slices orders
 * them first.
 */
export function orderTrendRows(rows: ReadonlyArray<AggregateRow>, spec: TrendSpec): AggregateRow[] {
  const { dimensions } = aggregateKeys(spec);
  return [...rows].sort(
    (a, b) => compareGroupKeys(a, b, dimensions) || Number(a["year"]) - Number(b["year"]),
  );
}

/**
 * Shapes `trendSql` rows into one series per group, in series order (`orderTrendRows`), a point for every year of the span, each with its provenance
 * when the spec asked for it (sources named from `sources`, the snapshot's source list). Funding follows the value on the value basis; outputs follow the quantity.
 * - A year without facts is a null value with a reason, never a zero.
 * - Changes compare with the previous year that has data (named in `previousYear`): change = value − previous,
 *   changePercent = change / previous × 100 (null with a reason when previous is zero or either value is null).
 * - Index = value / value of `indexBaseYear` × 100 (null with a reason when the base year has no value or a zero
 *   one). CAGR over the first and last years with values (null when fewer than two, or the first is zero).
 * - Like for like: a change, index or CAGR between figures of different scope (a component of a plan against a
 *   whole plan) is null with a "not like for like" reason, not a growth rate.
 * - Coverage = years with data / years in span. Differences are taken in VND and converted to the unit last.
 * Example (north, total plan, FY, 2021–2025, BILLION_VND, base 2021): 2024 value 170.8, previousYear 2023,
 * change −15.7, changePercent −8.4182…, index 120.11…; 2025 value null, reason "No figure for 2025 …";
 * cagr (170.8/142.2)^(1/3) − 1 = 0.0630…; coverage 4/5, missingYears [2025].
 */
export function shapeTrend(
  rows: ReadonlyArray<AggregateRow>,
  spec: TrendSpec,
  unit: AmountUnit,
  sources: ReadonlyMap<number, SourceRef> = new Map(),
): ReadonlyArray<TrendSeries> {
  const keys = aggregateKeys(spec);
  const quantities = spec.table.hasOutputType;
  const scale = (raw: number | null): number | null => (quantities ? raw : inUnit(raw, unit));
  const provenanceOf = (row: AggregateRow | undefined): Provenance =>
    row === undefined || (spec.provenance ?? null) === null
      ? NO_PROVENANCE
      : readProvenance(row, (v) => (quantities ? v : v / unit.vnd), sources);
  const groups = new Map<string, AggregateRow[]>();
  for (const row of orderTrendRows(rows, spec)) {
    const id = groupIdentity(row, keys.dimensions);
    const list = groups.get(id) ?? [];
    list.push(row);
    groups.set(id, list);
  }
  const { from, to } = spec.yearly.span;
  const series: TrendSeries[] = [];
  for (const groupRows of groups.values()) {
    const first = groupRows[0];
    const byYear = new Map<number, AggregateRow>();
    let excludedSpanFacts = 0;
    for (const row of groupRows) {
      excludedSpanFacts += Number(row.span_fact_count ?? 0);
      if (Number(row.fact_count) > 0) byYear.set(Number(row["year"]), row);
    }
    const cells: YearCell[] = [];
    for (let year = from; year <= to; year++) cells.push(cellOf(byYear.get(year), year, spec, unit));
    const base = cells.find((c) => c.year === spec.indexBaseYear);
    const points: TrendPoint[] = [];
    let previous: YearCell | null = null;
    for (const cell of cells) {
      const change = changeOf(cell, previous);
      const index = indexOf(cell, base, spec.indexBaseYear);
      const factor = cell.figure.priceFactors.find((f) => f.year === cell.year)?.factor ?? null;
      points.push(
        Object.freeze({
          ...cell.figure,
          value: quantities ? cell.quantity : cell.figure.value,
          year: cell.year,
          quantity: cell.quantity,
          previousYear: cell.present ? (previous?.year ?? null) : null,
          change: scale(change.raw),
          changePercent: change.percent,
          changeReason: change.reason,
          likeForLike: change.likeForLike,
          index: index.index,
          indexReason: index.reason,
          priceFactor: factor,
          provenance: cell.present ? provenanceOf(byYear.get(cell.year)) : NO_PROVENANCE,
        }),
      );
      if (cell.present) previous = cell;
    }
    const missingYears = cells.filter((c) => !c.present).map((c) => c.year);
    series.push({
      keys: readGroupKeys(first, keys.shown),
      basis: readBasis(first, keys),
      points,
      ...cagrOf(cells.filter((c) => c.raw !== null)),
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

function cellOf(row: AggregateRow | undefined, year: number, spec: TrendSpec, unit: AmountUnit): YearCell {
  if (row === undefined) {
    return {
      year,
      present: false,
      figure: missingFigure(
        `No figure for ${year} (period ${spec.yearly.period}) in the warehouse: the year is missing, not zero (không có số liệu).`,
      ),
      raw: null,
      quantity: null,
    };
  }
  const figure = readSummedFigure(row, spec.basis, unit);
  const quantity = row.quantity === null || row.quantity === undefined ? null : Number(row.quantity);
  return {
    year,
    present: true,
    figure,
    raw: spec.table.hasOutputType ? quantity : figure.valueVnd,
    quantity,
  };
}

const label = (cell: YearCell): { label: string; quality: FactQuality } => ({
  label: String(cell.year),
  quality: cell.figure.quality,
});

function changeOf(
  cell: YearCell,
  previous: YearCell | null,
): { raw: number | null; percent: number | null; reason: string | null; likeForLike: boolean | null } {
  const none = (reason: string, likeForLike: boolean | null = null) => ({
    raw: null,
    percent: null,
    reason,
    likeForLike,
  });
  if (!cell.present) return none("No figure this year.");
  if (previous === null) return none("No earlier year with data in the span.");
  if (!likeForLike(cell.figure.quality, previous.figure.quality)) {
    return none(notLikeForLikeReason("change", label(cell), label(previous)), false);
  }
  if (cell.raw === null || previous.raw === null) {
    const year = cell.raw === null ? "this year" : String(previous.year);
    return none(`The value of ${year} is null.`, true);
  }
  const raw = cell.raw - previous.raw;
  if (previous.raw === 0) {
    return {
      raw,
      percent: null,
      reason: `The value of ${previous.year} is zero: no percent change.`,
      likeForLike: true,
    };
  }
  return { raw, percent: (raw / previous.raw) * 100, reason: null, likeForLike: true };
}

function indexOf(
  cell: YearCell,
  base: YearCell | undefined,
  baseYear: number,
): { index: number | null; reason: string | null } {
  if (cell.raw === null) return { index: null, reason: "No value this year." };
  if (base === undefined || base.raw === null) {
    return { index: null, reason: `The base year ${baseYear} has no value.` };
  }
  if (!likeForLike(cell.figure.quality, base.figure.quality)) {
    return { index: null, reason: notLikeForLikeReason("index", label(cell), label(base)) };
  }
  if (base.raw === 0) return { index: null, reason: `The base year ${baseYear} value is zero.` };
  return { index: (cell.raw / base.raw) * 100, reason: null };
}

function cagrOf(
  valued: ReadonlyArray<YearCell>,
): Pick<TrendSeries, "cagr" | "cagrFromYear" | "cagrToYear" | "cagrReason"> {
  if (valued.length < 2) {
    return {
      cagr: null,
      cagrFromYear: null,
      cagrToYear: null,
      cagrReason: "CAGR needs values in at least two years.",
    };
  }
  const first = valued[0];
  const last = valued[valued.length - 1];
  const years = { cagrFromYear: first.year, cagrToYear: last.year };
  if (!likeForLike(first.figure.quality, last.figure.quality)) {
    return { cagr: null, ...years, cagrReason: notLikeForLikeReason("CAGR", label(last), label(first)) };
  }
  if (first.raw === 0) {
    return { cagr: null, ...years, cagrReason: `The first value (${first.year}) is zero.` };
  }
  return {
    cagr: Math.pow((last.raw as number) / (first.raw as number), 1 / (last.year - first.year)) - 1,
    ...years,
    cagrReason: null,
  };
}
