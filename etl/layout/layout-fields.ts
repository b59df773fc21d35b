import {
  AREA_LEVEL,
  BOUND,
  BUDGET_LEVEL,
  CERTAINTY,
  FUNDING_SOURCE,
  SCOPE,
  STAGE,
  type FactKind,
  type Vocabulary,
} from "../../src/model/index.js";
import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { MONEY_UNIT_SPELLINGS, parseMoneyUnit } from "../../src/shared/money-unit.js";
import { parsePeriod, parseYearSpan, PERIOD_SPELLINGS } from "../../src/shared/period.js";
import { INPUT_COLUMNS } from "../extract/input-columns.js";
import type { InputKind } from "../extract/input-kind.js";

/**
 * The fields a layout spec can fill: the input columns of the table kind it produces (etl/extract/input-columns.ts),
 * so a spec maps onto exactly what a file of our own layout holds, and the transform reads both alike. A funding
 * table's stage column is `measure`; a spec may call it `stage` as the model does.
 */
export function layoutFields(kind: InputKind): ReadonlyArray<string> {
  const spec = INPUT_COLUMNS[kind];
  return [...spec.required, ...spec.optional];
}

/**
 * Fields of which a row needs one, not both, though our own files have both columns: an area by its code or
 * by its name. A spec that gives one gets the other as an empty column.
 */
export const EITHER_FIELDS: ReadonlyArray<readonly [string, string]> = [["geo_code", "geo_name"]];

/** The input column a spec's field name stands for (`stage` → `measure` in a funding table), or null. */
export function layoutField(kind: InputKind, name: string): string | null {
  const fields = layoutFields(kind);
  if (fields.includes(name)) return name;
  if (name === "stage" && fields.includes("measure")) return "measure";
  return null;
}

/**
 * The vocabulary behind a field, from src/model: values written in a spec, captured from a header or a row label
 * are read by it (any spelling, case and diacritics ignored) and handed on as the stored value.
 */
const FIELD_VOCABULARIES: Readonly<Record<string, Vocabulary<string>>> = Object.freeze({
  funding_source: FUNDING_SOURCE,
  measure: STAGE,
  stage: STAGE,
  geo_level: AREA_LEVEL,
  budget_level: BUDGET_LEVEL,
  scope: SCOPE,
  bound: BOUND,
  certainty: CERTAINTY,
});

export type FieldValue =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

/**
 * A field's value as the transform should receive it: a vocabulary field's stored value (`KCQG` → `national`,
 * `kế hoạch` → `plan`), a checked year, period and money unit; other fields as written. A value the field cannot
 * take is refused with a reason that lists or suggests the accepted spellings.
 */
export function readFieldValue(kind: InputKind, field: string, text: string): FieldValue {
  const value = text.trim();
  const vocabulary = FIELD_VOCABULARIES[field];
  if (vocabulary !== undefined) {
    const factKind: FactKind | undefined = kind === "funding" || kind === "outputs" ? kind : undefined;
    const parsed = vocabulary.parse(value, factKind);
    if (parsed !== null) return { ok: true, value: parsed };
    const name = vocabulary === STAGE ? "stage" : field;
    const other = vocabulary.parse(value);
    if (other !== null && factKind !== undefined) {
      const owners = vocabulary.term(other).appliesTo.join(" and ");
      return {
        ok: false,
        reason: `"${value}" is ${other}, which applies to ${owners} only: a ${factKind} ${name} is ${vocabulary.valuesFor(factKind).join(", ")}.`,
      };
    }
    const known = vocabulary.valuesFor(factKind ?? "outputs");
    return refuse(`"${value}" is not a ${name}`, value, vocabulary.spellings, known);
  }
  if (field === "year") {
    const span = parseYearSpan(value);
    return span.ok ? { ok: true, value } : { ok: false, reason: `"${value}" is not a year: ${span.reason}.` };
  }
  if (field === "period") {
    const period = parsePeriod(value);
    if (period !== null) return { ok: true, value: period };
    return refuse(`"${value}" is not a period`, value, PERIOD_SPELLINGS, [
      "FY",
      "H1",
      "9M",
      "5Y",
      "PROGRAMME",
    ]);
  }
  if (field === "unit" && kind === "funding") {
    const unit = parseMoneyUnit(value);
    if (unit !== null) return { ok: true, value: unit.label };
    return refuse(`"${value}" is not a money unit`, value, MONEY_UNIT_SPELLINGS, [
      "tỷ đồng",
      "triệu đồng",
      "đồng",
    ]);
  }
  return { ok: true, value };
}

function refuse(
  what: string,
  value: string,
  spellings: ReadonlyArray<string>,
  examples: ReadonlyArray<string>,
): FieldValue {
  const hint = formatDidYouMean(didYouMean(value, spellings));
  return { ok: false, reason: `${what}.${hint || ` Use ${examples.join(", ")}.`}` };
}
