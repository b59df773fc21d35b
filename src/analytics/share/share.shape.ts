import { combineQuality, type DimensionName, type FactQuality } from "../../model/index.js";
import { DIMENSIONS, decodeYearKey } from "../dimensions.js";
import {
  NO_PROVENANCE,
  mergeProvenance,
  readProvenance,
  type Provenance,
  type SourceRef,
} from "../provenance.shape.js";
import { readSummedFigure, type SummedFigure } from "../summed-figure.js";
import type { AmountUnit } from "../units.js";
import type { ValueBasis } from "../value-basis.js";
import { shareSliceKeys, type SharePartsBy, type ShareRow } from "./share.query.js";

/** Where the whole of a share comes from: its published total, or the sum of the parts present. */
export type ShareBasis = "PUBLISHED_TOTAL" | "SUM_OF_PARTS";

export interface SharePart {
  readonly key: string;
  readonly level: string | null;
  readonly value: SummedFigure;
  /** part ÷ whole × 100 on current amounts, or null with `reason`. */
  readonly sharePct: number | null;
  readonly reason: string | null;
  /** The quality of the part's own figures (the whole's is the whole's). */
  readonly quality: FactQuality;
  /** 1 for the largest part (ties share a rank). */
  readonly rank: number;
  readonly provenance: Provenance;
}

export interface ShareWhole {
  readonly area: string | null;
  /** The basis the shares use, or null when neither basis gives a usable whole. */
  readonly basis: ShareBasis | null;
  readonly value: SummedFigure;
  readonly publishedTotal: SummedFigure | null;
  readonly sumOfParts: SummedFigure | null;
  /** sum of parts − published total, in the unit at current prices; null unless both exist. */
  readonly gap: number | null;
  /** gap ÷ published total × 100; null unless both exist and the total is not zero. */
  readonly gapPct: number | null;
  readonly partCount: number;
  readonly mixedLevels: boolean;
  readonly provenance: Provenance;
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
  readonly partsBy: SharePartsBy;
  /** The basis asked for; null picks the published total when there is one, else the sum of the parts. */
  readonly basis: ShareBasis | null;
  readonly unit: AmountUnit;
  readonly valueBasis: ValueBasis;
  /** The snapshot's sources by id, when the rows carry provenance (`ShareSpec.provenance`); else none is read. */
  readonly sources?: ReadonlyMap<number, SourceRef> | null;
}

/** The key of a share row over `names`: values as text. */
function shareRowKey(row: Readonly<Record<string, unknown>>, names: ReadonlyArray<DimensionName>): string {
  return JSON.stringify(
    names.map((n) => {
      const v = row[DIMENSIONS[n].column];
      return v === null || v === undefined ? null : String(v);
    }),
  );
}

/**
 * Turns `shareQuery` rows into one slice per year span, period, stage (and area or funding source), with the
 * share of every part.
 *
 * - Formula: share % = part ÷ whole × 100, on current amounts (a same-year deflator cancels out; per-capita
 *   values are shown beside the amounts). The whole is the published total (PUBLISHED_TOTAL) or the sum of the
 *   parts present (SUM_OF_PARTS); with no basis asked, the published total when it exists, else the sum. Both are
 *   returned when they exist, with gap = sum − published.
 * - Zero or missing whole: every share is null with a reason (no published total for PUBLISHED_TOTAL; parts at
 *   different levels, whose sum would count amounts twice, for SUM_OF_PARTS; a whole of zero).
 * - Missing years: a slice without parts or whole does not exist; a whole without parts is a slice with no parts.
 * - Values: every value (part, published total, sum of parts) is a core aggregate on the value basis.
 *
 * Example: the north's 2024 FY plan by funding source (71.5 national, 99.2 local, 170.8 published) in
 * BILLION_VND → whole { basis: PUBLISHED_TOTAL, value 170.8, sumOfParts 170.7, gap −0.1 (≈ −0.0585%) },
 * parts [local 99.2, 58.0796…%, rank 1; national 71.5, 41.8618…%, rank 2].
 */
export function shapeShares(rows: ReadonlyArray<ShareRow>, options: ShareShapeOptions): ShareSlice[] {
  const sliceKeys = shareSliceKeys(options.partsBy);
  const partColumn = DIMENSIONS[options.partsBy].column;
  const slices = new Map<string, { part: ShareRow[]; sum: ShareRow[]; whole: ShareRow[] }>();
  for (const row of rows) {
    const key = shareRowKey(row, sliceKeys);
    const slice = slices.get(key) ?? { part: [], sum: [], whole: [] };
    slice[row.role].push(row);
    slices.set(key, slice);
  }
  const shaped = [...slices.values()].map((s) => shapeSlice(s, options, partColumn));
  return shaped.sort(
    (a, b) =>
      a.yearFrom - b.yearFrom ||
      a.yearTo - b.yearTo ||
      a.period.localeCompare(b.period) ||
      a.stage.localeCompare(b.stage) ||
      (a.area ?? "").localeCompare(b.area ?? "") ||
      (a.fundingSource ?? "").localeCompare(b.fundingSource ?? ""),
  );
}

function shapeSlice(
  rows: { part: ShareRow[]; sum: ShareRow[]; whole: ShareRow[] },
  options: ShareShapeOptions,
  partColumn: string,
): ShareSlice {
  const { unit, valueBasis } = options;
  const first = rows.whole[0] ?? rows.part[0] ?? rows.sum[0];
  const span = decodeYearKey(Number(first[DIMENSIONS.year.column]));
  const text = (row: ShareRow, name: DimensionName): string | null => {
    const v = row[DIMENSIONS[name].column];
    return v === null || v === undefined ? null : String(v);
  };
  const area = options.partsBy === "area" ? null : text(first, "area");
  const fundingSource = options.partsBy === "fundingSource" ? null : text(first, "fundingSource");
  const wholeArea = options.partsBy === "area" ? (rows.whole[0] ? text(rows.whole[0], "area") : null) : area;
  const wholeLabel = `The whole (${wholeArea ?? "the whole"}, ${fundingSource ?? "total"}, ${span.from === span.to ? span.from : `${span.from}-${span.to}`} ${text(first, "period")} ${text(first, "stage")})`;
  const published = rows.whole.length === 1 ? readSummedFigure(rows.whole[0], valueBasis, unit) : null;
  const levels = new Set(rows.part.map((r) => text(r, "level")));
  const mixed = levels.size > 1 || rows.sum.length > 1;
  const summed = rows.sum.length === 1 ? readSummedFigure(rows.sum[0], valueBasis, unit) : null;

  let basis: ShareBasis | null;
  let reason: string | null = null;
  if (options.basis === "PUBLISHED_TOTAL" || (options.basis === null && published !== null)) {
    basis = published === null ? null : "PUBLISHED_TOTAL";
    if (published === null) {
      reason = `${wholeLabel} has no published total; ask for the basis SUM_OF_PARTS to use the sum of the parts present.`;
    }
  } else if (rows.part.length === 0) {
    basis = null;
    reason = `${wholeLabel} has neither a published total nor any part present.`;
  } else if (mixed) {
    basis = null;
    reason = `The parts of ${wholeLabel} are published at different levels (for example a region and its provinces), so their sum would count amounts twice; narrow the parts to one level.`;
  } else {
    basis = "SUM_OF_PARTS";
  }
  const whole = basis === "PUBLISHED_TOTAL" ? published : basis === "SUM_OF_PARTS" ? summed : null;
  const wholeVnd = whole?.amountVnd ?? null;
  if (wholeVnd === 0) reason = `${wholeLabel} is zero, so no share can be computed.`;
  const partsSumVnd =
    rows.part.length === 0 ? null : rows.part.reduce((n, r) => n + (Number(r.amount_vnd) || 0), 0);
  const gapVnd =
    published?.amountVnd != null && partsSumVnd !== null ? partsSumVnd - published.amountVnd : null;
  const provenanceOf = (row: ShareRow | undefined): Provenance =>
    row === undefined || options.sources === null || options.sources === undefined
      ? NO_PROVENANCE
      : readProvenance(row, (v) => v / unit.vnd, options.sources);

  const figures = rows.part
    .map((r) => ({ row: r, figure: readSummedFigure(r, valueBasis, unit) }))
    .sort(
      (a, b) =>
        (b.figure.amountVnd ?? -Infinity) - (a.figure.amountVnd ?? -Infinity) ||
        String(a.row[partColumn]).localeCompare(String(b.row[partColumn])),
    );
  const parts: SharePart[] = figures.map(({ row, figure }) => {
    const amount = figure.amountVnd;
    const sharePct =
      reason === null && wholeVnd !== null && amount !== null ? (amount / wholeVnd) * 100 : null;
    const rank = 1 + figures.filter((o) => (o.figure.amountVnd ?? -Infinity) > (amount ?? -Infinity)).length;
    return Object.freeze({
      key: String(row[partColumn]),
      level: text(row, "level"),
      value: figure,
      sharePct,
      reason: sharePct === null ? (reason ?? `${String(row[partColumn])} has no amount.`) : null,
      quality: figure.quality,
      rank,
      provenance: provenanceOf(row),
    });
  });
  return Object.freeze({
    yearFrom: span.from,
    yearTo: span.to,
    period: String(text(first, "period")),
    stage: String(text(first, "stage")),
    area,
    fundingSource,
    whole: Object.freeze({
      area: wholeArea,
      basis,
      value:
        whole === null || reason !== null
          ? missingWhole(reason ?? `${wholeLabel} is missing.`, whole)
          : whole,
      publishedTotal: published,
      sumOfParts: mixed ? null : summed,
      gap: gapVnd === null ? null : gapVnd / unit.vnd,
      gapPct:
        gapVnd === null || published?.amountVnd == null || published.amountVnd === 0
          ? null
          : (gapVnd / published.amountVnd) * 100,
      partCount: rows.part.length,
      mixedLevels: mixed,
      // The whole used is the parts' sum: its figures are the parts'.
      provenance:
        basis === "SUM_OF_PARTS"
          ? mergeProvenance(parts.map((p) => p.provenance))
          : provenanceOf(rows.whole[0]),
    }),
    parts: Object.freeze(parts),
  });
}

/** A whole that gives no share keeps its figures, with the reason and no value. */
function missingWhole(reason: string, whole: SummedFigure | null): SummedFigure {
  return Object.freeze({
    value: null,
    reason,
    amount: whole?.amount ?? null,
    valueVnd: null,
    amountVnd: whole?.amountVnd ?? null,
    factCount: whole?.factCount ?? 0,
    populationThousands: whole?.populationThousands ?? null,
    priceFactors: whole?.priceFactors ?? Object.freeze([]),
    quality: whole?.quality ?? combineQuality([]),
  });
}
