import type { ActivityTable } from "../../src/warehouse/tables.js";
import type { RawRow } from "../extract/raw-table.js";
import { cell, requiredText } from "./row-fields.js";
import type { TransformContext } from "./transform-context.js";

/** An activities.csv row as an `activity` row, or null when its code or Vietnamese name is empty. */
export function transformActivitiesRow(row: RawRow, ctx: TransformContext): ActivityTable | null {
  const before = ctx.issues.length;
  const code = requiredText(ctx, row, "code");
  const nameVi = requiredText(ctx, row, "name_vi");
  if (ctx.issues.length > before || code === null || nameVi === null) return null;
  return {
    activity_code: code,
    name_vi: nameVi,
    name_en: cell(row, "name_en"),
    legal_basis: cell(row, "legal_basis"),
  };
}
