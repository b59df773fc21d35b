import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { etlError, type EtlIssue } from "../etl-issue.js";
import type { InputKind } from "./input-kind.js";

/** The columns a table of one kind must have and may have. */
export interface InputColumnSpec {
  readonly required: ReadonlyArray<string>;
  readonly optional: ReadonlyArray<string>;
  /** Alternative column sets of which one must be present in full (funding: the amount). */
  readonly oneOf?: ReadonlyArray<ReadonlyArray<string>>;
}

const SOURCE = ["source_url", "source_title", "source_date"] as const;
const GEO = ["year", "period", "geo_level", "geo_code", "geo_name"] as const;
/** A fact's quality flags (see etl/transform/quality-flags.ts): optional, whole/exact/stated when absent. */
const FLAGS = ["scope", "bound", "certainty"] as const;

export const INPUT_COLUMNS: Readonly<Record<InputKind, InputColumnSpec>> = Object.freeze({
  provinces: {
    required: ["gso_code", "name_vi", "region_khuyen_cong", "merged_into_2025", "merged_into_2025_code"],
    optional: ["name_ascii", "aliases", "subregion"],
  },
  activities: { required: ["code", "name_vi"], optional: ["name_en", "legal_basis"] },
  funding: {
    required: [...GEO, "funding_source", "measure", ...SOURCE],
    optional: [
      "budget_level",
      "note",
      "activity",
      "project",
      "amount_billion_vnd",
      "amount",
      "unit",
      ...FLAGS,
    ],
    oneOf: [["amount_billion_vnd"], ["amount", "unit"]],
  },
  outputs: {
    required: [...GEO, "output_type", "stage", "funding_source", "quantity", "unit", ...SOURCE],
    optional: ["amount_billion_vnd", "note", ...FLAGS],
  },
  claims: {
    required: ["year", "period", "claim", "value_pct", "numerator_desc", "denominator_desc", "source_url"],
    optional: ["source_title", "source_date"],
  },
  population: {
    required: ["year", "gso_code", "population_thousands", ...SOURCE],
    optional: ["name_vi", "note"],
  },
  cpi: { required: ["year", "cpi_avg_change_pct", ...SOURCE], optional: ["note"] },
});

/**
 * Checks a table's header against its kind's columns: each missing required column, each unknown column
 * (with a did-you-mean), each duplicated column, and (funding) an amount given neither as
 * `amount_billion_vnd` nor as `amount` + `unit`. Errors are located at the header line.
 */
export function checkHeader(table: {
  readonly file: string;
  readonly kind: InputKind;
  readonly header: ReadonlyArray<string>;
  readonly headerLine: number;
}): EtlIssue[] {
  const { file, kind, header, headerLine: line } = table;
  const spec = INPUT_COLUMNS[kind];
  const known = [...spec.required, ...spec.optional];
  const issues: EtlIssue[] = [];
  const present = new Set(header);
  for (const column of spec.required) {
    if (!present.has(column)) {
      issues.push(
        etlError({
          file,
          line,
          column,
          message: `Missing column "${column}" in ${file} line ${line} (the header): a ${kind} table needs ${spec.required.join(", ")}.`,
        }),
      );
    }
  }
  if (spec.oneOf && !spec.oneOf.some((set) => set.every((c) => present.has(c)))) {
    const forms = spec.oneOf.map((set) => set.join(" + ")).join(" or ");
    const column = spec.oneOf[0]?.[0] ?? "";
    issues.push(
      etlError({
        file,
        line,
        column,
        message: `Missing column "${column}" in ${file} line ${line} (the header): a ${kind} table needs its amount as ${forms}.`,
      }),
    );
  }
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) {
      issues.push(
        etlError({
          file,
          line,
          column,
          message: `Duplicate column "${column}" in ${file} line ${line} (the header): remove one of them.`,
        }),
      );
      continue;
    }
    seen.add(column);
    if (!known.includes(column)) {
      const hint = formatDidYouMean(didYouMean(column, known));
      issues.push(
        etlError({
          file,
          line,
          column,
          value: column,
          message: `Unknown column "${column}" in ${file} line ${line} (the header).${hint || ` A ${kind} table has the columns ${known.join(", ")}.`}`,
        }),
      );
    }
  }
  return issues;
}
