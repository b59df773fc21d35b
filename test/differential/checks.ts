import {
  rateIdentity,
  shareSliceIdentity,
  type ApiCompare,
  type ApiOutputRow,
  type ApiRate,
  type ApiSeries,
  type ApiShareSlice,
  type ApiSlice,
} from "./calls.js";
import { apiIdentity, close, Differences } from "./harness.js";
import {
  referenceOutputSlice,
  referenceSlice,
  referenceTrend,
  type SliceRequest,
  type TrendRequest,
} from "./reference.js";
import { referenceShare, type ShareRequest } from "./reference-share.js";
import {
  referenceCompare,
  referenceExecutionRates,
  type CompareRequest,
  type ExecutionRateRequest,
} from "./reference-compare.js";
import { UNIT_VND } from "./reference-facts.js";
import type { WarehouseRows } from "./warehouse-rows.js";

/**
 * One check per analysis: the API's answer to a request against the reference's, every difference recorded
 * (see `Differences`). Per capita divides by the population of the facts' own area-years, under MERGED_2025
 * too (2025-68 in 2011 with facts of 67 and 68 only: their two populations, not Bình Thuận's as well).
 */

/** A difference taken between two values: its tolerance scales with the operands, not with the result. */
function closeDifference(api: number | null | undefined, reference: number | null, scale: number): boolean {
  if (api === null || api === undefined || reference === null) return (api ?? null) === reference;
  return Math.abs(api - reference) <= 1e-9 * Math.max(scale, Math.abs(reference));
}

export function checkSlice(rows: WarehouseRows, request: SliceRequest, api: ApiSlice): Differences {
  const d = new Differences({ funding: request });
  const reference = new Map(referenceSlice(rows, request).map((r) => [r.identity, r]));
  d.expect(api.totalCount === reference.size, "row count (totalCount)", api.totalCount, reference.size);
  const seen = new Set<string>();
  for (const row of api.rows) {
    const id = apiIdentity(row.keys, request.groupBy, row.basis);
    seen.add(id);
    const ref = reference.get(id);
    if (ref === undefined) {
      d.expect(
        false,
        `row ${id}`,
        { value: row.value, amount: row.amount, factCount: row.factCount },
        "no such group",
      );
      continue;
    }
    d.number(`row ${id} amount`, row.amount, ref.amount);
    d.number(`row ${id} value`, row.value, ref.value);
    d.expect(row.factCount === ref.factCount, `row ${id} factCount`, row.factCount, ref.factCount);
    if (row.value === null)
      d.expect(!!row.reason, `row ${id} reason of a null value`, row.reason, "a sentence");
    if (request.valueBasis === "PER_CAPITA" && ref.value !== null) {
      d.number(`row ${id} populationThousands`, row.populationThousands, ref.populationThousands);
    }
    if (request.valueBasis === "CONSTANT" && ref.value !== null) {
      const factors = [...ref.factors].sort(([a], [b]) => a - b);
      const apiFactors = [...row.priceFactors].sort((a, b) => a.year - b.year);
      d.expect(
        apiFactors.length === factors.length &&
          apiFactors.every((f, i) => f.year === factors[i][0] && close(f.factor, factors[i][1])),
        `row ${id} priceFactors`,
        apiFactors,
        factors.map(([year, factor]) => ({ year, factor })),
      );
    }
  }
  if (api.totalCount === api.rows.length) {
    for (const [id, ref] of reference) {
      if (!seen.has(id)) d.expect(false, `row ${id}`, "missing", { value: ref.value, amount: ref.amount });
    }
  }
  return d;
}

export function checkOutputSlice(
  rows: WarehouseRows,
  request: SliceRequest,
  api: { totalCount: number; rows: ReadonlyArray<ApiOutputRow> },
): Differences {
  const d = new Differences({ outputs: request });
  const reference = new Map(referenceOutputSlice(rows, request).map((r) => [r.identity, r]));
  d.expect(api.totalCount === reference.size, "row count (totalCount)", api.totalCount, reference.size);
  for (const row of api.rows) {
    const id = apiIdentity(row.keys, request.groupBy, row.basis);
    const ref = reference.get(id);
    if (ref === undefined) {
      d.expect(false, `row ${id}`, { quantity: row.quantity, amount: row.amount }, "no such group");
      continue;
    }
    d.number(`row ${id} quantity`, row.quantity, ref.quantity);
    d.number(`row ${id} amount (on the value basis)`, row.amount, ref.value);
    d.expect(row.factCount === ref.factCount, `row ${id} factCount`, row.factCount, ref.factCount);
    if (row.amount === null)
      d.expect(!!row.amountReason, `row ${id} amountReason`, row.amountReason, "a sentence");
  }
  return d;
}

export function checkTrend(
  rows: WarehouseRows,
  request: TrendRequest,
  api: { series: ReadonlyArray<ApiSeries> },
): Differences {
  const d = new Differences({ trend: request });
  const reference = new Map(referenceTrend(rows, request).map((s) => [s.identity, s]));
  const matched = new Set<string>();
  for (const series of api.series) {
    const id = apiIdentity(series.keys, request.groupBy, series.basis);
    const ref = reference.get(id);
    if (ref === undefined) {
      // A series of span facts only (which are never points): every point must be a null with a reason.
      const valued = series.points.filter((p) => p.value !== null || !p.reason);
      d.expect(
        valued.length === 0,
        `series ${id}`,
        valued,
        "no single-year facts: every point null with a reason",
      );
      continue;
    }
    matched.add(id);
    d.expect(
      series.points.length === ref.points.length,
      `series ${id} points`,
      series.points.length,
      ref.points.length,
    );
    ref.points.forEach((r, i) => {
      const p = series.points[i];
      if (p === undefined) return;
      const at = `series ${id} ${r.year}`;
      d.expect(p.year === r.year, `${at} year`, p.year, r.year);
      d.number(`${at} value`, p.value, r.value);
      if (!r.hasData) {
        d.expect(
          p.value === null && !!p.reason,
          `${at} a year without facts is null with a reason`,
          [p.value, p.reason],
          [null, "a sentence"],
        );
        return;
      }
      d.number(`${at} amount`, p.amount, r.amount);
      d.expect(p.factCount === r.factCount, `${at} factCount`, p.factCount, r.factCount);
      d.expect(p.previousYear === r.previousYear, `${at} previousYear`, p.previousYear, r.previousYear);
      const previous = r.previousYear === null ? null : ref.points[r.previousYear - request.from];
      const scale = Math.max(Math.abs(r.value ?? 0), Math.abs(previous?.value ?? 0));
      d.expect(closeDifference(p.change, r.change, scale), `${at} change`, p.change, r.change);
      const pctScale = previous?.value ? (scale / Math.abs(previous.value)) * 100 : 0;
      d.expect(
        closeDifference(p.changePercent, r.changePercent, pctScale),
        `${at} changePercent`,
        p.changePercent,
        r.changePercent,
      );
      d.number(`${at} index`, p.index, r.index);
      if (request.valueBasis === "CONSTANT" && r.value !== null)
        d.number(`${at} priceFactor`, p.priceFactor, r.factor);
      if (request.valueBasis === "PER_CAPITA" && r.value !== null) {
        d.number(`${at} populationThousands`, p.populationThousands, r.populationThousands);
      }
    });
    d.number(`series ${id} cagr`, series.cagr, ref.cagr, 1e-7);
    d.expect(
      series.cagrFromYear === ref.cagrFromYear && series.cagrToYear === ref.cagrToYear,
      `series ${id} CAGR years`,
      [series.cagrFromYear, series.cagrToYear],
      [ref.cagrFromYear, ref.cagrToYear],
    );
  }
  for (const [id, ref] of reference) {
    if (!matched.has(id))
      d.expect(
        false,
        `series ${id}`,
        "missing",
        ref.points.map((p) => p.value),
      );
  }
  return d;
}

export function checkShare(
  rows: WarehouseRows,
  request: ShareRequest,
  api: { slices: ReadonlyArray<ApiShareSlice> },
): Differences {
  const d = new Differences({ share: request });
  const reference = new Map(referenceShare(rows, request).map((s) => [s.identity, s]));
  const unit = UNIT_VND[request.unit];
  const seen = new Set<string>();
  for (const slice of api.slices) {
    const id = shareSliceIdentity(slice);
    seen.add(id);
    const ref = reference.get(id);
    if (ref === undefined) {
      d.expect(false, `slice ${id}`, slice.whole, "no such slice");
      continue;
    }
    const keys = slice.parts.map((p) => p.key.toLowerCase()).sort();
    const refKeys = [...ref.parts.keys()].map((k) => k.toLowerCase()).sort();
    d.expect(JSON.stringify(keys) === JSON.stringify(refKeys), `slice ${id} parts`, keys, refKeys);
    d.expect(
      slice.whole.basis === ref.wholeBasis,
      `slice ${id} whole basis`,
      slice.whole.basis,
      ref.wholeBasis,
    );
    d.number(
      `slice ${id} whole amount`,
      slice.whole.amount,
      ref.wholeVnd === null ? null : ref.wholeVnd / unit,
    );
    const published = ref.publishedValued;
    const sum = ref.sumOfPartsVnd;
    if (request.valueBasis === "CURRENT") {
      d.number(
        `slice ${id} publishedTotal`,
        slice.whole.publishedTotal,
        ref.publishedVnd === null ? null : ref.publishedVnd / unit,
      );
      d.number(`slice ${id} sumOfParts`, slice.whole.sumOfParts, sum === null ? null : sum / unit);
    } else if (published !== null) {
      d.number(
        `slice ${id} publishedTotal on the value basis`,
        slice.whole.publishedTotal,
        published.valueVnd === null ? null : published.valueVnd / unit,
      );
    }
    const gap = ref.publishedVnd !== null && sum !== null ? (sum - ref.publishedVnd) / unit : null;
    const gapScale = Math.max(ref.publishedVnd ?? 0, sum ?? 0) / unit;
    d.expect(closeDifference(slice.whole.gap, gap, gapScale), `slice ${id} gap`, slice.whole.gap, gap);
    let shareSum = 0;
    for (const part of slice.parts) {
      const r = [...ref.parts.values()].find((p) => p.key.toLowerCase() === part.key.toLowerCase());
      if (r === undefined) continue;
      d.number(`slice ${id} part ${part.key} amount`, part.amount, r.amountVnd / unit);
      d.number(`slice ${id} part ${part.key} sharePercent`, part.sharePercent, ref.shares.get(r.key) ?? null);
      if (part.sharePercent === null)
        d.expect(!!part.reason, `slice ${id} part ${part.key} reason`, part.reason, "a sentence");
      d.number(
        `slice ${id} part ${part.key} value`,
        part.value,
        r.valued.valueVnd === null ? null : r.valued.valueVnd / unit,
      );
      shareSum += part.sharePercent ?? 0;
    }
    if (ref.wholeBasis === "SUM_OF_PARTS" && ref.wholeVnd !== null && ref.wholeVnd > 0) {
      d.number(`slice ${id} parts sum to the whole (Σ share %)`, shareSum, 100, 1e-9);
    }
  }
  for (const [id, ref] of reference) {
    if (!seen.has(id))
      d.expect(false, `slice ${id}`, "missing", {
        parts: [...ref.parts.keys()],
        published: ref.publishedVnd,
      });
  }
  return d;
}

export function checkCompare(rows: WarehouseRows, request: CompareRequest, api: ApiCompare): Differences {
  const d = new Differences({ compare: request });
  const reference = referenceCompare(rows, request);
  const unit = UNIT_VND[request.unit];
  reference.forEach((ref, i) => {
    const sel = api.selections[i];
    if (sel === undefined) {
      d.expect(false, `selection ${i}`, "missing", ref.total);
      return;
    }
    d.number(
      `selection ${i} total.amount`,
      sel.total.amount,
      ref.total.amountVnd === null ? null : ref.total.amountVnd / unit,
    );
    d.expect(
      sel.total.factCount === ref.total.factCount,
      `selection ${i} factCount`,
      sel.total.factCount,
      ref.total.factCount,
    );
    d.number(
      `selection ${i} total.value`,
      sel.total.value,
      ref.total.valueVnd === null ? null : ref.total.valueVnd / unit,
    );
    if (sel.total.value === null)
      d.expect(!!sel.total.reason, `selection ${i} reason`, sel.total.reason, "a sentence");
    const referenceValue = reference[request.reference].total.valueVnd;
    if (request.valueBasis === "CURRENT") {
      // Amounts are integer VND: the difference taken in VND and then divided is exact.
      d.expect(
        sel.vsReference.difference === ref.difference,
        `selection ${i} difference (exact)`,
        sel.vsReference.difference,
        ref.difference,
      );
    } else {
      const scale = Math.max(Math.abs(ref.total.valueVnd ?? 0), Math.abs(referenceValue ?? 0)) / unit;
      d.expect(
        closeDifference(sel.vsReference.difference, ref.difference, scale),
        `selection ${i} difference`,
        sel.vsReference.difference,
        ref.difference,
      );
    }
    d.number(`selection ${i} ratio`, sel.vsReference.ratio, ref.ratio);
  });
  return d;
}

export function checkExecutionRates(
  rows: WarehouseRows,
  request: ExecutionRateRequest,
  api: { rates: ReadonlyArray<ApiRate> },
): Differences {
  const d = new Differences({ executionRate: request });
  const reference = new Map(referenceExecutionRates(rows, request).map((r) => [r.identity, r]));
  const seen = new Set<string>();
  for (const rate of api.rates) {
    const id = rateIdentity(rate);
    seen.add(id);
    const ref = reference.get(id);
    if (ref === undefined) {
      d.expect(false, `rate ${id}`, rate, "no such executed figure");
      continue;
    }
    d.number(`rate ${id} executedAmount`, rate.executedAmount, ref.executedAmount);
    d.number(`rate ${id} ratePercent`, rate.ratePercent, ref.ratePercent);
    if (rate.ratePercent === null) d.expect(!!rate.reason, `rate ${id} reason`, rate.reason, "a sentence");
    d.number(`rate ${id} executed (value basis)`, rate.executed, ref.executed);
    d.number(`rate ${id} plan (value basis)`, rate.plan, ref.plan);
    d.number(`rate ${id} lastYear (value basis)`, rate.lastYear, ref.lastYear);
    d.number(
      `rate ${id} changeVsLastYearPercent`,
      rate.changeVsLastYearPercent,
      ref.changeVsLastYearPercent,
      1e-7,
    );
  }
  for (const [id, ref] of reference) {
    if (!seen.has(id)) d.expect(false, `rate ${id}`, "missing", ref);
  }
  return d;
}
