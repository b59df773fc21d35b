import { BOUND, CERTAINTY, SCOPE, type Bound, type Certainty, type Scope } from "./vocabularies.js";

/**
 * How far a value can be taken at face value: what its figures cover (`scopes`), how exact they are (`bound`)
 * and whether their meaning is stated or inferred (`certainty`). Each fact has one of each; a value summed from
 * several facts carries the combination:
 * - scopes: every scope among its facts (a sum of a whole figure and a part is both);
 * - bound: the loosest among its facts, in the order exact < at-least < about (a sum of at-least figures is
 *   at least; anything with an approximate figure in it is approximate);
 * - certainty: inferred when any of its facts is.
 */
export interface FactQuality {
  readonly scopes: ReadonlyArray<Scope>;
  readonly bound: Bound;
  readonly certainty: Certainty;
}

/** A single whole, exact, stated figure: what a file without quality columns holds. */
export const PLAIN_QUALITY: FactQuality = Object.freeze({
  scopes: Object.freeze(["whole"] as Scope[]),
  bound: "exact",
  certainty: "stated",
});

/*
 * Quality as one integer, so that SQL can combine any number of facts with one bit_or aggregate: bit i of the
 * first byte is SCOPE.values[i], of the second byte BOUND.values[i], of the third CERTAINTY.values[i].
 */
const OFFSETS = Object.freeze({ scope: 0, bound: 8, certainty: 16 });

/** The bits of each value of the three vocabularies: `[column, value, bit]`, for a SQL CASE. */
export const QUALITY_BITS: ReadonlyArray<readonly ["scope" | "bound" | "certainty", string, number]> =
  Object.freeze([
    ...SCOPE.values.map((v, i) => ["scope", v, 1 << (OFFSETS.scope + i)] as const),
    ...BOUND.values.map((v, i) => ["bound", v, 1 << (OFFSETS.bound + i)] as const),
    ...CERTAINTY.values.map((v, i) => ["certainty", v, 1 << (OFFSETS.certainty + i)] as const),
  ]);

/** The bits of one fact's flags, stored with the fact at load so that sums combine them with one bit_or. */
export function qualityBitsOf(flags: {
  readonly scope: Scope;
  readonly bound: Bound;
  readonly certainty: Certainty;
}): number {
  const bit = (column: string, value: string) =>
    QUALITY_BITS.find(([c, v]) => c === column && v === value)?.[2] ?? 0;
  return bit("scope", flags.scope) | bit("bound", flags.bound) | bit("certainty", flags.certainty);
}

/** The quality of the facts whose bits were or-ed into `bits`; no bits at all reads as plain. */
export function decodeQuality(bits: number | null): FactQuality {
  if (bits === null || bits === 0) return PLAIN_QUALITY;
  const present = <V extends string>(values: ReadonlyArray<V>, offset: number): V[] =>
    values.filter((_, i) => (bits & (1 << (offset + i))) !== 0);
  const scopes = present(SCOPE.values, OFFSETS.scope);
  const bounds = present(BOUND.values, OFFSETS.bound);
  const certainties = present(CERTAINTY.values, OFFSETS.certainty);
  return Object.freeze({
    scopes: Object.freeze(scopes.length === 0 ? ["whole" as Scope] : scopes),
    bound: bounds[bounds.length - 1] ?? "exact",
    certainty: certainties[certainties.length - 1] ?? "stated",
  });
}

/** The quality of a value built from values of these qualities (a sum, a share, a change). */
export function combineQuality(qualities: ReadonlyArray<FactQuality>): FactQuality {
  if (qualities.length === 0) return PLAIN_QUALITY;
  const scopes = SCOPE.values.filter((s) => qualities.some((q) => q.scopes.includes(s)));
  const loosest = <V extends string>(values: ReadonlyArray<V>, pick: (q: FactQuality) => V): V =>
    values[Math.max(...qualities.map((q) => values.indexOf(pick(q))))];
  return Object.freeze({
    scopes: Object.freeze(scopes),
    bound: loosest(BOUND.values, (q) => q.bound),
    certainty: loosest(CERTAINTY.values, (q) => q.certainty),
  });
}

/**
 * Whether a change between values of these qualities compares like with like: both cover the same scopes.
 * The north's 2013 plan as published is one component of the plan (part); its 2016 plan is whole: a change
 * between them is not a growth rate.
 */
export function likeForLike(a: FactQuality, b: FactQuality): boolean {
  return a.scopes.length === b.scopes.length && a.scopes.every((s) => b.scopes.includes(s));
}

/** Whether the value is a whole, exact, stated figure (nothing to warn about). */
export function isPlain(quality: FactQuality): boolean {
  return (
    quality.scopes.length === 1 &&
    quality.scopes[0] === "whole" &&
    quality.bound === "exact" &&
    quality.certainty === "stated"
  );
}

/**
 * The warning a reader needs, or null for a plain value: "Not a whole figure: part only (một phần). A lower
 * bound (ít nhất): the source says “more than”."
 */
export function qualityCaveat(quality: FactQuality): string | null {
  if (isPlain(quality)) return null;
  const sentences: string[] = [];
  const notWhole = quality.scopes.filter((s) => s !== "whole");
  if (notWhole.length > 0) {
    const scopes = notWhole.map((s) => `${SCOPE.term(s).en} (${SCOPE.term(s).vi})`).join(", ");
    sentences.push(
      quality.scopes.includes("whole")
        ? `Partly built from figures that are not whole: ${scopes}.`
        : `Not a whole figure: ${scopes}.`,
    );
  }
  if (quality.bound === "at-least") sentences.push("A lower bound (ít nhất): the source says “more than”.");
  if (quality.bound === "about") sentences.push("Approximate (khoảng): the source says “nearly” or “about”.");
  if (quality.certainty === "inferred") {
    sentences.push("Partly inferred (suy luận): year, stage or funding source not stated; see the notes.");
  }
  return sentences.join(" ");
}

/** The sentence for a change, index or growth rate between values of different scope. */
export function notLikeForLikeReason(
  what: string,
  a: { readonly label: string; readonly quality: FactQuality },
  b: { readonly label: string; readonly quality: FactQuality },
): string {
  const scopes = (q: FactQuality) => q.scopes.map((s) => SCOPE.term(s).en).join(" + ");
  return `Not like for like (không cùng phạm vi): ${a.label} is ${scopes(a.quality)} but ${b.label} is ${scopes(b.quality)}, so no ${what}; see the notes of their figures.`;
}
