import type { CpiTable } from "../../src/warehouse/tables.js";
import type { RawRow } from "../extract/raw-table.js";
import { decimal, errorsSince, singleYear, source } from "./row-fields.js";
import type { TransformContext } from "./transform-context.js";

/** A cpi.csv row as a `cpi` row (average yearly change in %, may be negative), or null when it has errors. */
export function transformCpiRow(row: RawRow, ctx: TransformContext): CpiTable | null {
  const before = ctx.issues.length;
  const year = singleYear(ctx, row);
  const change = decimal(ctx, row, "cpi_avg_change_pct", "CPI change");
  const sourceId = source(ctx, row);
  if (errorsSince(ctx, before)) return null;
  if (year === null || change === null || sourceId === null) return null;
  return { year, avg_change_pct: Number(change), source_id: sourceId };
}
