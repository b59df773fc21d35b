import { decimalPlaces } from "../../src/shared/vietnamese-number.js";
import type { ClaimKind, ClaimTable } from "../../src/warehouse/tables.js";
import type { RawRow } from "../extract/raw-table.js";
import { cell, decimal, errorsSince, origin, period, requiredText, yearSpan } from "./row-fields.js";
import type { TransformContext } from "./transform-context.js";

export type ClaimInput = Omit<ClaimTable, "claim_id">;

/**
 * A claims.csv row as a `claim` (without its id), or null when the row has errors.
 * - `kind`: `ratio` when the claim text mentions a ratio; `change` when it mentions growth or change, or the
 *   value is negative; `share` otherwise.
 * - `decimals`: digits after the point as printed (`8.0` → 1).
 * - `numerator_bn` / `denominator_bn`: the number written right before ` bn` in the description (English
 *   separators: `1,436 bn` → 1436, `north KCQG plan 71.5 bn` → 71.5), null when there is none or the text
 *   says "not given".
 */
export function transformClaimsRow(row: RawRow, ctx: TransformContext): ClaimInput | null {
  const before = ctx.issues.length;
  const span = yearSpan(ctx, row);
  const periodCode = period(ctx, row, span);
  const claim = requiredText(ctx, row, "claim");
  const value = decimal(ctx, row, "value_pct", "percentage");
  const numerator = requiredText(ctx, row, "numerator_desc");
  const denominator = requiredText(ctx, row, "denominator_desc");
  const sourceId = ctx.sources.intern(
    {
      url: cell(row, "source_url"),
      title: cell(row, "source_title") || null,
      published: cell(row, "source_date") || null,
    },
    { file: ctx.file, line: row.line, column: "source_url" },
    ctx.issues,
  );
  if (errorsSince(ctx, before)) return null;
  if (span === null || periodCode === null || claim === null || value === null) return null;
  if (numerator === null || denominator === null || sourceId === null) return null;
  return {
    year_from: span.from,
    year_to: span.to,
    period: periodCode,
    claim,
    kind: claimKind(claim, value),
    value_pct: Number(value),
    decimals: decimalPlaces(value),
    numerator_desc: numerator,
    denominator_desc: denominator,
    numerator_bn: billionsIn(numerator),
    denominator_bn: billionsIn(denominator),
    source_id: sourceId,
    origin: origin(ctx, row),
  };
}

/** `ratio` if the text mentions a ratio; `change` for growth/change/increase/decrease or a negative value. */
export function claimKind(claim: string, value: string): ClaimKind {
  if (/\bratio\b/i.test(claim)) return "ratio";
  if (/\b(growth|change|increase|decrease|decline|rise|fall)\b/i.test(claim) || value.startsWith("-"))
    return "change";
  return "share";
}

/**
 * The amount in billion VND a description states: the number right before the first ` bn`, read with
 * English separators. Null without one, or when the description says "not given".
 */
export function billionsIn(description: string): number | null {
  if (/not given/i.test(description)) return null;
  const match = /(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*bn\b/.exec(description);
  if (match === null) return null;
  return Number(`${(match[1] ?? "").replace(/,/g, "")}${match[2] ?? ""}`);
}
