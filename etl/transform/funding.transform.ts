import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import {
  convertToVnd,
  MONEY_UNIT_SPELLINGS,
  MONEY_UNITS,
  parseMoneyUnit,
} from "../../src/shared/money-unit.js";
import { isTotalLabel } from "../../src/shared/total-label.js";
import type { BudgetLevel, FundingFactTable } from "../../src/warehouse/tables.js";
import type { RawRow } from "../extract/raw-table.js";
import {
  at,
  cell,
  decimal,
  fail,
  errorsSince,
  fundingSource,
  hasColumn,
  optionalText,
  origin,
  period,
  publishedArea,
  source,
  stage,
  yearSpan,
} from "./row-fields.js";
import { qualityFlags } from "./quality-flags.js";
import type { TransformContext } from "./transform-context.js";

export type FundingFactInput = Omit<
  FundingFactTable,
  "fact_id" | "preferred" | "preference" | "figure_id" | "quality_bits" | "detail"
>;

const BUDGET_LEVELS: ReadonlyMap<string, BudgetLevel> = new Map([
  ["province", "province"],
  ["provincial", "province"],
  ["tinh", "province"],
  ["tỉnh", "province"],
  ["district", "district"],
  ["huyen", "district"],
  ["huyện", "district"],
]);

/**
 * A funding.csv row as a `funding_fact` (without its id), or null when the row has errors (pushed onto
 * `ctx.issues`; every field is checked, so one row can report several). The amount is integer VND: from
 * `amount_billion_vnd`, or from `amount` in `unit` (`170,8` + `tỷ đồng` → 170800000000n); it must not be negative.
 * The measure is a funding stage (a programme `target` is an error); the optional `scope`, `bound` and
 * `certainty` columns default to whole, exact and stated.
 */
export function transformFundingRow(row: RawRow, ctx: TransformContext): FundingFactInput | null {
  const before = ctx.issues.length;
  const span = yearSpan(ctx, row);
  const periodCode = period(ctx, row, span);
  const geo = publishedArea(ctx, row);
  const funding = fundingSource(ctx, row);
  const budgetLevel = readBudgetLevel(ctx, row);
  const measure = stage(ctx, row, "measure", "funding");
  const activity = readActivity(ctx, row);
  const amount = readAmount(ctx, row);
  const flags = qualityFlags(ctx, row, "funding");
  const sourceId = source(ctx, row);
  if (errorsSince(ctx, before)) return null;
  if (span === null || periodCode === null || geo === null || funding === null || measure === null)
    return null;
  if (flags === null) return null;
  if (amount === null || sourceId === null || budgetLevel === undefined || activity === undefined)
    return null;
  return {
    area_id: geo.area.area_id,
    geo_level: geo.level,
    geo_name: geo.name,
    year_from: span.from,
    year_to: span.to,
    period: periodCode,
    funding_source: funding,
    budget_level: budgetLevel,
    stage: measure,
    activity_code: activity,
    project: readProject(row),
    amount_vnd: amount,
    source_id: sourceId,
    note: optionalText(row, "note"),
    scope: flags.scope,
    bound: flags.bound,
    certainty: flags.certainty,
    origin: origin(ctx, row),
  };
}

/** null: no budget level; undefined: an error was reported. */
export function readBudgetLevel(ctx: TransformContext, row: RawRow): BudgetLevel | null | undefined {
  const value = cell(row, "budget_level");
  if (value === "") return null;
  const level = BUDGET_LEVELS.get(value.toLowerCase());
  if (level !== undefined) return level;
  fail(
    ctx,
    row,
    "budget_level",
    value,
    `Unknown budget level "${value}" ${at(ctx, row, "budget_level")}. Use province, district or leave it empty.`,
  );
  return undefined;
}

/**
 * The project (đề án), or null for the figure of no one project. A project list's total row ("Cộng", "Tổng
 * cộng") is the figure of all its projects, so it is stored without a project rather than as one more project
 * that sums would add to the others.
 */
function readProject(row: RawRow): string | null {
  const value = optionalText(row, "project");
  return value === null || isTotalLabel(value) ? null : value;
}

export function readActivity(ctx: TransformContext, row: RawRow): string | null | undefined {
  const value = cell(row, "activity");
  if (value === "" || isTotalLabel(value)) return null;
  if (ctx.activities.has(value)) return value;
  // Not a code as written: the slow path below matches case and suggests.
  const upper = [...ctx.activities].find((code) => code.toLowerCase() === value.toLowerCase());
  if (upper !== undefined) return upper;
  const hint = formatDidYouMean(didYouMean(value, [...ctx.activities]));
  fail(
    ctx,
    row,
    "activity",
    value,
    `Unknown activity "${value}" ${at(ctx, row, "activity")}.${hint || " Use a code from activities.csv."}`,
  );
  return undefined;
}

/**
 * VND by the text of `amount_billion_vnd`, for texts already converted once: a big load repeats the same
 * printed amounts (at most BILLIONS_LIMIT are kept, so memory stays flat). One map per table, as the table's
 * number format decides what a text such as `12.345` means.
 */
const BILLIONS = new WeakMap<object, Map<string, bigint>>();
const UNFORMATTED = {};
const BILLIONS_LIMIT = 65_536;

function readAmount(ctx: TransformContext, row: RawRow): bigint | null {
  const billionText = cell(row, "amount_billion_vnd");
  const billionColumn = billionText !== "";
  let billions = BILLIONS.get(ctx.numbers ?? UNFORMATTED);
  if (billions === undefined) {
    billions = new Map();
    BILLIONS.set(ctx.numbers ?? UNFORMATTED, billions);
  }
  if (billionColumn) {
    const known = billions.get(billionText);
    if (known !== undefined && cell(row, "amount") === "") return known;
  }
  const useUnit = !billionColumn && hasColumn(row, "amount");
  const column = useUnit ? "amount" : "amount_billion_vnd";
  if (billionColumn && cell(row, "amount") !== "") {
    return fail(
      ctx,
      row,
      "amount",
      cell(row, "amount"),
      `Two amounts ${at(ctx, row, "amount")}: give amount_billion_vnd or amount + unit, not both.`,
    );
  }
  let unit = MONEY_UNITS.billion;
  if (useUnit) {
    const unitText = cell(row, "unit");
    const parsed = parseMoneyUnit(unitText);
    if (parsed === null) {
      const hint = formatDidYouMean(didYouMean(unitText, MONEY_UNIT_SPELLINGS));
      decimal(ctx, row, column, "amount", { nonNegative: true });
      return fail(
        ctx,
        row,
        "unit",
        unitText,
        `Unknown unit "${unitText}" ${at(ctx, row, "unit")}.${hint || " Use tỷ đồng, triệu đồng or đồng."}`,
      );
    }
    unit = parsed;
  }
  const amount = decimal(ctx, row, column, "amount", { nonNegative: true });
  if (amount === null) return null;
  const vnd = convertToVnd(amount, unit);
  if (vnd.ok && !useUnit && billions.size < BILLIONS_LIMIT) billions.set(billionText, vnd.vnd);
  if (!vnd.ok)
    return fail(
      ctx,
      row,
      column,
      cell(row, column),
      `Bad amount "${cell(row, column)}" ${at(ctx, row, column)}: ${vnd.reason}.`,
    );
  return vnd.vnd;
}
