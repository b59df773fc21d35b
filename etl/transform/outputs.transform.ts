import { convertToVnd, MONEY_UNITS } from "../../src/shared/money-unit.js";
import type { OutputFactTable } from "../../src/warehouse/tables.js";
import type { RawRow } from "../extract/raw-table.js";
import {
  at,
  cell,
  decimal,
  errorsSince,
  fail,
  fundingSource,
  optionalText,
  origin,
  period,
  publishedArea,
  requiredText,
  source,
  stage,
  yearSpan,
} from "./row-fields.js";
import { qualityFlags } from "./quality-flags.js";
import type { TransformContext } from "./transform-context.js";

export type OutputFactInput = Omit<
  OutputFactTable,
  "fact_id" | "preferred" | "preference" | "figure_id" | "quality_bits"
>;

/**
 * An outputs.csv row as an `output_fact` (without its id), or null when the row has errors. `quantity` must
 * be a number ≥ 0 with a unit; `amount_billion_vnd` (optional) becomes integer VND. A row that states only an
 * amount (empty quantity and unit, as the XVIII report's 98.1 bn of support) is kept with the amount as its
 * quantity in `billion VND`. The optional `scope`, `bound` and `certainty` columns default to whole, exact and
 * stated.
 */
export function transformOutputsRow(row: RawRow, ctx: TransformContext): OutputFactInput | null {
  const before = ctx.issues.length;
  const span = yearSpan(ctx, row);
  const periodCode = period(ctx, row, span);
  const geo = publishedArea(ctx, row);
  const outputType = requiredText(ctx, row, "output_type");
  const outputStage = stage(ctx, row, "stage", "outputs");
  const funding = fundingSource(ctx, row);
  const amountText = cell(row, "amount_billion_vnd");
  const amount =
    amountText === "" ? null : decimal(ctx, row, "amount_billion_vnd", "amount", { nonNegative: true });
  const amountOnly = cell(row, "quantity") === "" && cell(row, "unit") === "" && amount !== null;
  const quantity = amountOnly ? amount : decimal(ctx, row, "quantity", "quantity", { nonNegative: true });
  const unit = amountOnly ? MONEY_UNITS.billion.label : requiredText(ctx, row, "unit");
  let amountVnd: bigint | null = null;
  if (amount !== null) {
    const vnd = convertToVnd(amount, MONEY_UNITS.billion);
    if (vnd.ok) amountVnd = vnd.vnd;
    else
      fail(
        ctx,
        row,
        "amount_billion_vnd",
        amountText,
        `Bad amount "${amountText}" ${at(ctx, row, "amount_billion_vnd")}: ${vnd.reason}.`,
      );
  }
  const flags = qualityFlags(ctx, row, "outputs");
  const sourceId = source(ctx, row);
  if (errorsSince(ctx, before)) return null;
  if (flags === null) return null;
  if (span === null || periodCode === null || geo === null || outputType === null || outputStage === null)
    return null;
  if (funding === null || quantity === null || unit === null || sourceId === null) return null;
  return {
    area_id: geo.area.area_id,
    geo_level: geo.level,
    geo_name: geo.name,
    year_from: span.from,
    year_to: span.to,
    period: periodCode,
    output_type: outputType,
    stage: outputStage,
    funding_source: funding,
    quantity: Number(quantity),
    unit,
    amount_vnd: amountVnd,
    source_id: sourceId,
    note: optionalText(row, "note"),
    scope: flags.scope,
    bound: flags.bound,
    certainty: flags.certainty,
    origin: origin(ctx, row),
  };
}
