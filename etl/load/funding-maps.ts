import { DETAIL, detailOf, qualityBitsOf } from "../../src/model/index.js";
import { parseMoneyUnit } from "../../src/shared/money-unit.js";
import { isTotalLabel } from "../../src/shared/total-label.js";
import type { EtlIssue } from "../etl-issue.js";
import type { ColumnIndex, RawRow } from "../extract/raw-table.js";
import { readActivity, readBudgetLevel } from "../transform/funding.transform.js";
import { qualityFlags } from "../transform/quality-flags.js";
import {
  errorsSince,
  fundingSource,
  period,
  publishedArea,
  source,
  stage,
  yearSpan,
} from "../transform/row-fields.js";
import type { TransformContext } from "../transform/transform-context.js";

/**
 * The lookup tables of the set-based funding load: each maps the distinct texts of a few columns (a file of
 * 10 million rows has a few hundred of them) to what the row-by-row transform makes of them, by calling the
 * transform's own field readers (etl/transform/row-fields.ts and funding.transform.ts) on a row holding those
 * texts. So the vocabularies, synonyms, area names and source rules have one definition, and SQL only joins.
 * `bad`: the readers reported an error; `warn`: a warning (the row is loaded, and read again for the message);
 * `skip` (areas): a total row, left out with a warning.
 */
export interface FundingMap {
  /** The temporary table's name (ours, fixed). */
  readonly table: string;
  /** The input columns the map is keyed by (trimmed texts). */
  readonly keys: ReadonlyArray<string>;
  /** The columns it gives, with their DuckDB types. */
  readonly values: ReadonlyArray<readonly [name: string, type: string]>;
  /** What the transform makes of the texts of one key, in `row` (every other cell empty). */
  evaluate(ctx: TransformContext, row: RawRow): MapOutcome;
}

export interface MapOutcome {
  readonly values: ReadonlyArray<string | number | boolean | null>;
  readonly bad: boolean;
  readonly warn: boolean;
}

/** Runs `read` with issues collected apart: the outcome says whether any was an error or a warning. */
function outcome(
  ctx: TransformContext,
  read: (scratch: TransformContext) => ReadonlyArray<string | number | boolean | null>,
): MapOutcome {
  const issues: EtlIssue[] = [];
  const scratch: TransformContext = { ...ctx, issues };
  const values = read(scratch);
  return {
    values,
    bad: errorsSince(scratch, 0),
    warn: issues.some((i) => i.severity === "warning"),
  };
}

export const FUNDING_MAPS: ReadonlyArray<FundingMap> = [
  {
    table: "kc_map_period",
    keys: ["year", "period"],
    values: [
      ["year_from", "SMALLINT"],
      ["year_to", "SMALLINT"],
      ["period_code", "VARCHAR"],
    ],
    evaluate: (ctx, row) =>
      outcome(ctx, (c) => {
        const span = yearSpan(c, row);
        const code = period(c, row, span);
        return [span?.from ?? null, span?.to ?? null, code];
      }),
  },
  {
    table: "kc_map_area",
    keys: ["geo_level", "geo_code", "geo_name"],
    values: [
      ["area_id", "VARCHAR"],
      ["area_level", "VARCHAR"],
      ["area_name", "VARCHAR"],
      ["skip", "BOOLEAN"],
    ],
    evaluate: (ctx, row) =>
      outcome(ctx, (c) => {
        const before = c.issues.length;
        const geo = publishedArea(c, row);
        const skip = geo === null && !errorsSince(c, before);
        return [geo?.area.area_id ?? null, geo?.level ?? null, geo?.name ?? null, skip];
      }),
  },
  {
    // The other coded columns together: a file holds few combinations of them (funding source × stage ×
    // activity × flags × source × unit), and one join is cheaper than seven.
    table: "kc_map_codes",
    keys: [
      "funding_source",
      "measure",
      "budget_level",
      "activity",
      "scope",
      "bound",
      "certainty",
      "source_url",
      "source_title",
      "source_date",
      "unit",
    ],
    values: [
      ["funding_source_value", "VARCHAR"],
      ["stage_value", "VARCHAR"],
      ["budget_level_value", "VARCHAR"],
      ["activity_code", "VARCHAR"],
      ["scope_value", "VARCHAR"],
      ["bound_value", "VARCHAR"],
      ["certainty_value", "VARCHAR"],
      ["quality_bits", "INTEGER"],
      ["source_id", "INTEGER"],
      // The unit of `amount`, as parseMoneyUnit reads it: its đồng and their zeros; checked in SQL only for
      // rows whose amount is given in a unit (readAmount).
      ["unit_vnd", "BIGINT"],
      ["unit_places", "INTEGER"],
    ],
    // In the order of the row-by-row transform; the source is interned in the run's registry, in the order the
    // file first cites each (url, title, date).
    evaluate: (ctx, row) =>
      outcome(ctx, (c) => {
        const funding = fundingSource(c, row);
        const budgetLevel = readBudgetLevel(c, row);
        const measure = stage(c, row, "measure", "funding");
        const activity = readActivity(c, row);
        const flags = qualityFlags(c, row, "funding");
        const sourceId = source(c, row);
        const unit = parseMoneyUnit(cellOf(row, "unit"));
        return [
          funding,
          measure,
          budgetLevel ?? null,
          activity ?? null,
          flags?.scope ?? null,
          flags?.bound ?? null,
          flags?.certainty ?? null,
          flags === null ? null : qualityBitsOf(flags),
          sourceId,
          unit === null ? null : unit.vnd.toString(),
          unit === null ? null : zerosOf(unit.vnd),
        ];
      }),
  },
  {
    // Project labels of total rows ("Cộng", "Tổng cộng"): stored as the figure of no project.
    table: "kc_map_project",
    keys: ["project"],
    values: [["is_total", "BOOLEAN"]],
    evaluate: (_ctx, row) => ({ values: [isTotalLabel(cellOf(row, "project"))], bad: false, warn: false }),
  },
];

/** The zeros of a unit's đồng (10^9 → 9): every unit of MONEY_UNITS is a power of ten. */
export function zerosOf(vnd: bigint): number {
  const text = vnd.toString();
  if (!/^10*$/.test(text)) throw new Error(`The unit of ${text} đồng is not a power of ten.`);
  return text.length - 1;
}

function cellOf(row: RawRow, column: string): string {
  const i = row.columns.get(column);
  return i === undefined ? "" : (row.cells[i] ?? "").trim();
}

/** A row of the file's columns holding `values` (every other cell empty), for a map's evaluation. */
export function keyRow(
  line: number,
  header: ReadonlyArray<string>,
  columns: ColumnIndex,
  values: Readonly<Record<string, string>>,
): RawRow {
  return { line, cells: header.map((name) => values[name] ?? ""), columns };
}

/**
 * `detailOf` as SQL over a project and an activity expression: the CASE is made by calling detailOf on each
 * combination, so the rule stays in src/model.
 */
export function detailCases(): ReadonlyArray<{
  readonly project: boolean;
  readonly activity: boolean;
  readonly detail: (typeof DETAIL.values)[number];
}> {
  const combos = [
    { project: true, activity: true },
    { project: true, activity: false },
    { project: false, activity: true },
    { project: false, activity: false },
  ];
  return combos.map((c) => ({
    ...c,
    detail: detailOf({ project: c.project ? "p" : null, activity_code: c.activity ? "a" : null }),
  }));
}
