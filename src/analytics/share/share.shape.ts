import { inUnit, type AmountUnit } from "../units.js";
import type { ValueBasis } from "../value-basis.js";
import type { ShareRow, ShareSourceRow } from "./share.query.js";
import { valueOnBasis, type BasisValue } from "./value-on-basis.js";

/** Where the whole of a share comes from: its published total, or the sum of the parts present. */
export type ShareBasis = "PUBLISHED_TOTAL" | "SUM_OF_PARTS";

export type ShareValue = BasisValue;

export interface SharePart {
  readonly key: string;
  readonly level: string | null;
  readonly value: ShareValue;
  /** part ÷ whole × 100 on current amounts, or null with `reason`. */
  readonly sharePct: number | null;
  readonly reason: string | null;
  /** 1 for the largest part (ties share a rank). */
  readonly rank: number;
  readonly sources: ReadonlyArray<ShareSourceRow>;
  readonly alternatives: number;
}

export interface ShareWhole {
  readonly area: string | null;
  /** The basis the shares use, or null when neither basis gives a usable whole. */
  readonly basis: ShareBasis | null;
  readonly value: ShareValue;
  readonly publishedTotal: ShareValue | null;
  readonly sumOfParts: ShareValue | null;
  /** sum of parts − published total, in the unit at current prices; null unless both exist. */
  readonly gap: number | null;
  /** gap ÷ published total × 100; null unless both exist and the total is not zero. */
  readonly gapPct: number | null;
  readonly partCount: number;
  readonly mixedLevels: boolean;
  readonly sources: ReadonlyArray<ShareSourceRow>;
  readonly alternatives: number;
}

export interface ShareSlice {
  readonly yearFrom: number;
  readonly yearTo: number;
  readonly period: string;
  readonly stage: string;
  readonly area: string | null;
  readonly fundingSource: string | null;
  readonly whole: ShareWhole;
  readonly parts: ReadonlyArray<SharePart>;
}

export interface ShareShapeOptions {
  /** The basis asked for; null picks the published total when there is one, else the sum of the parts. */
  readonly basis: ShareBasis | null;
  readonly unit: AmountUnit;
  readonly valueBasis: ValueBasis;
}

/**
 * Turns `shareQuery` rows into one slice per year span, period, stage (and area or funding source), with the
 * share of every part.
 *
 * - Formula: share % = part ÷ whole × 100, on current amounts (a same-year deflator cancels out; per-capita
 *   values are shown beside the amounts but are not parts of a whole). The whole is the published total
 *   (PUBLISHED_TOTAL) or the sum of the parts present (SUM_OF_PARTS); with no basis asked, the published total
 *   when it exists, else the sum. Both are returned when they exist, with gap = sum − published.
 * - Zero or missing whole: every share is null with a reason (no published total for PUBLISHED_TOTAL; parts at
 *   different levels, whose sum would count amounts twice, for SUM_OF_PARTS; a whole of zero).
 * - Missing years: a slice without parts or whole does not exist; a whole without parts is a slice with no parts.
 * - Values: in `unit`, unrounded; CONSTANT multiplies by the CPI factor of the slice's year, PER_CAPITA divides
 *   by the area's population (thousands × 1000); a multi-year slice or a missing factor gives a null value with
 *   a reason.
 *
 * Example: the north's 2024 FY plan by funding source (71.5 national, 99.2 local, 170.8 published) in
 * BILLION_VND → whole { basis: PUBLISHED_TOTAL, value 170.8, sumOfParts 170.7, gap −0.1 (≈ −0.0585%) },
 * parts [local 99.2, 58.0796…%, rank 1; national 71.5, 41.8618…%, rank 2].
 */
export function shapeShares(rows: ReadonlyArray<ShareRow>, options: ShareShapeOptions): ShareSlice[] {
  const slices: ShareSlice[] = [];
  let current: { first: ShareRow; rows: ShareRow[] } | null = null;
  const flush = () => {
    if (current !== null) slices.push(shapeSlice(current.first, current.rows, options));
  };
  for (const row of rows) {
    if (current === null || !sameSlice(current.first, row)) {
      flush();
      current = { first: row, rows: [] };
    }
    current.rows.push(row);
  }
  flush();
  return slices;
}

function shapeSlice(first: ShareRow, rows: ReadonlyArray<ShareRow>, options: ShareShapeOptions): ShareSlice {
  const span = { from: first.year_from, to: first.year_to };
  const wholeLabel = describeWhole(first);
  const published = first.whole_vnd;
  const summed = first.part_count > 0 ? first.parts_sum_vnd : null;
  const mixed = first.mixed_levels;
  const wholePopulation = first.whole_population_thousands;

  let basis: ShareBasis | null;
  let reason: string | null = null;
  if (options.basis === "PUBLISHED_TOTAL" || (options.basis === null && published !== null)) {
    basis = published === null ? null : "PUBLISHED_TOTAL";
    if (published === null) {
      reason = `${wholeLabel} has no published total; ask for the basis SUM_OF_PARTS to use the sum of the parts present.`;
    }
  } else if (summed === null) {
    basis = null;
    reason = `${wholeLabel} has neither a published total nor any part present.`;
  } else if (mixed) {
    basis = null;
    reason = `The parts of ${wholeLabel} are published at different levels (for example a region and its provinces), so their sum would count amounts twice; narrow the parts to one level.`;
  } else {
    basis = "SUM_OF_PARTS";
  }
  const wholeVnd = basis === "PUBLISHED_TOTAL" ? published : basis === "SUM_OF_PARTS" ? summed : null;
  if (wholeVnd === 0) reason = `${wholeLabel} is zero, so no share can be computed.`;

  const gapVnd = published !== null && summed !== null ? summed - published : null;
  const parts: SharePart[] = rows
    .filter((r) => r.part_key !== null)
    .map((r) => {
      const amount = r.part_vnd;
      const sharePct =
        reason === null && wholeVnd !== null && amount !== null ? (amount / wholeVnd) * 100 : null;
      return Object.freeze({
        key: r.part_key as string,
        level: r.part_level,
        value: valueOnBasis(amount, span, r.part_population_thousands, options.unit, options.valueBasis),
        sharePct,
        reason: sharePct === null ? (reason ?? `${r.part_key} has no amount.`) : null,
        rank: r.rank ?? 0,
        sources: Object.freeze([...(r.part_sources ?? [])]),
        alternatives: r.part_alternatives ?? 0,
      });
    });
  return Object.freeze({
    yearFrom: first.year_from,
    yearTo: first.year_to,
    period: first.period,
    stage: first.stage,
    area: first.slice_area,
    fundingSource: first.slice_funding_source,
    whole: Object.freeze({
      area: first.whole_area,
      basis,
      value:
        wholeVnd === null
          ? nullValue(reason ?? `${wholeLabel} is missing.`)
          : valueOnBasis(wholeVnd, span, wholePopulation, options.unit, options.valueBasis),
      publishedTotal:
        published === null
          ? null
          : valueOnBasis(published, span, wholePopulation, options.unit, options.valueBasis),
      sumOfParts:
        summed === null
          ? null
          : valueOnBasis(summed, span, wholePopulation, options.unit, options.valueBasis),
      gap: gapVnd === null ? null : inUnit(gapVnd, options.unit),
      gapPct: gapVnd === null || published === null || published === 0 ? null : (gapVnd / published) * 100,
      partCount: first.part_count,
      mixedLevels: mixed,
      sources: Object.freeze([...(first.whole_sources ?? [])]),
      alternatives: first.whole_alternatives ?? 0,
    }),
    parts: Object.freeze(parts),
  });
}

function nullValue(reason: string): ShareValue {
  return Object.freeze({ value: null, amount: null, factor: null, reason });
}

function sameSlice(a: ShareRow, b: ShareRow): boolean {
  return (
    a.year_from === b.year_from &&
    a.year_to === b.year_to &&
    a.period === b.period &&
    a.stage === b.stage &&
    a.slice_area === b.slice_area &&
    a.slice_funding_source === b.slice_funding_source
  );
}

function describeWhole(row: ShareRow): string {
  const years = row.year_from === row.year_to ? `${row.year_from}` : `${row.year_from}-${row.year_to}`;
  const area = row.whole_area ?? row.slice_area ?? "the whole";
  const source = row.slice_funding_source ?? "total";
  return `The whole (${area}, ${source}, ${years} ${row.period} ${row.stage})`;
}
