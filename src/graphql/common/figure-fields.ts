import type { GraphQLResolveInfo } from "graphql";
import { qualityCaveat, type FactQuality } from "../../model/index.js";
import type {
  AlternativeFigure as AnalyticsAlternative,
  FactBasis as AnalyticsFactBasis,
  GroupKey as AnalyticsGroupKey,
  Provenance,
  ProvenanceWanted,
  SummedFigure,
} from "../../analytics/index.js";
import type { FactBasis, GroupKey } from "./result.types.js";
import type { AlternativeFigure } from "./alternative-figure.type.js";
import type { FigureQuality } from "./figure-quality.type.js";
import { selectsField } from "./analytics-context.js";

/**
 * What the query asks of the provenance query (sources, notes, alternatives), or null when nothing: then the
 * resolver does not run it at all; with sources only it is one DISTINCT, notes and alternatives add their work.
 */
export function wantsProvenance(info: GraphQLResolveInfo): ProvenanceWanted | null {
  const notes = selectsField(info, "notes");
  const alternatives = selectsField(info, "alternatives") || selectsField(info, "alternativeSources");
  const sources =
    selectsField(info, "sources") || selectsField(info, "sourceIds") || selectsField(info, "planSourceIds");
  return sources || notes || alternatives ? { notes, alternatives } : null;
}

/** The result-cache switches of a provenance request: what it computes differs with each. */
export function provenanceSwitches(want: ProvenanceWanted | null): ReadonlyArray<boolean> {
  return [want !== null, want?.notes === true, want?.alternatives === true];
}

/** The API's quality block of a value: its flags, the caveat sentence and its figures' notes. */
export function figureQuality(quality: FactQuality, provenance: Provenance): FigureQuality {
  return {
    scopes: [...quality.scopes],
    bound: quality.bound,
    certainty: quality.certainty,
    caveat: qualityCaveat(quality),
    notes: [...provenance.notes],
  };
}

/** The API's alternatives of a value. */
export function alternativeFigures(provenance: Provenance): AlternativeFigure[] {
  return provenance.alternatives.map((a: AnalyticsAlternative) => ({
    source: { ...a.source },
    value: a.value,
    chosenValue: a.chosen,
    difference: a.difference,
    figureCount: a.figureCount,
  }));
}

/** The fields every summed value shares (`SummedValue`), from the analytics' figure and its provenance. */
export function summedValueFields(figure: SummedFigure, provenance: Provenance) {
  return {
    value: figure.value,
    reason: figure.reason,
    amount: figure.amount,
    factCount: figure.factCount,
    quality: figureQuality(figure.quality, provenance),
    alternatives: alternativeFigures(provenance),
  };
}

/** A row's group keys as the API types them: only groupable dimensions ever key a row. */
export function apiGroupKeys(keys: ReadonlyArray<AnalyticsGroupKey>): GroupKey[] {
  return keys.map((k) => ({ ...k, dimension: k.dimension as GroupKey["dimension"] }));
}

/** A row's basis as the API types it (the warehouse's strings are the enums' internal values). */
export function apiBasis(basis: AnalyticsFactBasis): FactBasis {
  return basis as unknown as FactBasis;
}
