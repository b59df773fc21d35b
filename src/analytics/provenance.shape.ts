import type { DimensionDef } from "./dimensions.js";
import type { ProvenanceRow } from "./fact-provenance.query.js";
import { groupIdentity } from "./group-keys.js";

/** A source of facts: id (derived from its address, so it survives reloads), title and address. */
export interface SourceRef {
  readonly id: number;
  readonly title: string;
  readonly url: string;
}

/** Another source's version of some of a value's figures, where it differs from the version used. */
export interface AlternativeFigure {
  readonly source: SourceRef;
  /** That source's total for those figures: an amount in the unit (funding) or a quantity (outputs). */
  readonly value: number;
  /** The total of the versions used for the same figures. */
  readonly chosen: number;
  /** value − chosen. */
  readonly difference: number;
  readonly figureCount: number;
}

/** Where a value's figures come from. */
export interface Provenance {
  readonly sources: ReadonlyArray<SourceRef>;
  readonly notes: ReadonlyArray<string>;
  readonly alternatives: ReadonlyArray<AlternativeFigure>;
}

export const NO_PROVENANCE: Provenance = Object.freeze({
  sources: Object.freeze([]),
  notes: Object.freeze([]),
  alternatives: Object.freeze([]),
});

/**
 * Indexes the rows of `factProvenanceSql` by group (and year when `yearly`): `provenanceByGroup(rows, dims,
 * false, unit).get(groupIdentity(row, dims))` → the provenance of one aggregate row. Differences are taken
 * before `scale` (VND → the unit for funding; identity for quantities).
 */
export function provenanceByGroup(
  rows: ReadonlyArray<ProvenanceRow>,
  dimensions: ReadonlyArray<DimensionDef>,
  yearly: boolean,
  scale: (value: number) => number,
): ReadonlyMap<string, Provenance> {
  const byGroup = new Map<string, Provenance>();
  for (const row of rows) {
    const key = yearly
      ? `${groupIdentity(row, dimensions)}#${String(row["year"])}`
      : groupIdentity(row, dimensions);
    byGroup.set(key, readProvenance(row, scale));
  }
  return byGroup;
}

/** The provenance of one row of `factProvenanceSql`, values scaled by `scale` (VND → the unit, or identity). */
export function readProvenance(row: ProvenanceRow, scale: (value: number) => number): Provenance {
  return Object.freeze({
    sources: Object.freeze(row.sources.map(sourceRef)),
    notes: Object.freeze([...(row.notes ?? [])]),
    alternatives: Object.freeze(
      (row.alternatives ?? []).map((a) =>
        Object.freeze({
          source: sourceRef(a),
          value: scale(Number(a.value)),
          chosen: scale(Number(a.chosen)),
          difference: scale(Number(a.value) - Number(a.chosen)),
          figureCount: Number(a.figures),
        }),
      ),
    ),
  });
}

function sourceRef(s: { readonly id: number; readonly title: string; readonly url: string }): SourceRef {
  return Object.freeze({ id: Number(s.id), title: String(s.title), url: String(s.url) });
}
