import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { BOUND, CERTAINTY, SCOPE, type FactKind, type Vocabulary } from "../../src/model/index.js";
import type { Bound, Certainty, Scope } from "../../src/warehouse/tables.js";
import type { RawRow } from "../extract/raw-table.js";
import { at, cell, fail, memo, spellingsFor, valueList } from "./row-fields.js";
import type { TransformContext } from "./transform-context.js";

/** A fact's quality flags: how much of its columns it covers, how exact it is, whether its source states it. */
export interface QualityFlags {
  readonly scope: Scope;
  readonly bound: Bound;
  readonly certainty: Certainty;
}

/**
 * The flags of a row without the flag columns (the input columns `scope`, `bound`, `certainty`, optional in
 * etl/extract/input-columns.ts), or with empty cells: a whole, exact figure its source states.
 */
export const DEFAULT_QUALITY_FLAGS: QualityFlags = Object.freeze({
  scope: "whole",
  bound: "exact",
  certainty: "stated",
});

const VOCABULARIES: { readonly [C in keyof QualityFlags]: Vocabulary<QualityFlags[C]> } = {
  scope: SCOPE,
  bound: BOUND,
  certainty: CERTAINTY,
};

type Parsers = { readonly [C in keyof QualityFlags]: (text: string) => QualityFlags[C] | null };
const parsersFor = (kind: FactKind): Parsers => ({
  scope: memo((text) => SCOPE.parse(text, kind)),
  bound: memo((text) => BOUND.parse(text, kind)),
  certainty: memo((text) => CERTAINTY.parse(text, kind)),
});
const PARSERS: { readonly [K in FactKind]: Parsers } = {
  funding: parsersFor("funding"),
  outputs: parsersFor("outputs"),
};

/**
 * The `scope`, `bound` and `certainty` of a funding or outputs row, by any spelling of their vocabularies
 * (`part`, `một phần`, `đợt`; `at-least`, `hơn`; `inferred`…). An absent column or an empty cell is the default
 * (whole, exact, stated). An unknown value is a located error with a did-you-mean, and null is returned.
 */
export function qualityFlags(ctx: TransformContext, row: RawRow, kind: FactKind): QualityFlags | null {
  const scope = flag(ctx, row, "scope", kind);
  const bound = flag(ctx, row, "bound", kind);
  const certainty = flag(ctx, row, "certainty", kind);
  if (scope === null || bound === null || certainty === null) return null;
  return { scope, bound, certainty };
}

function flag<C extends keyof QualityFlags>(
  ctx: TransformContext,
  row: RawRow,
  column: C,
  kind: FactKind,
): QualityFlags[C] | null {
  const value = cell(row, column);
  if (value === "") return DEFAULT_QUALITY_FLAGS[column];
  const parsed = PARSERS[kind][column](value);
  if (parsed !== null) return parsed;
  const vocabulary = VOCABULARIES[column];
  const hint = formatDidYouMean(didYouMean(value, spellingsFor(vocabulary, kind)));
  return fail(
    ctx,
    row,
    column,
    value,
    `Unknown ${column} "${value}" ${at(ctx, row, column)}.${hint || ` Use ${valueList(vocabulary, kind)}, or leave it empty for ${DEFAULT_QUALITY_FLAGS[column]}.`}`,
  );
}
