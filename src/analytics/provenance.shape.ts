import { compareCodePoints } from "../shared/code-point-order.js";
import type { AggregateMeasures } from "./fact-aggregate.query.js";

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
 * The provenance of one aggregate row (`factAggregateSql` with `provenance`): its sources named from the snapshot's
 * source list (`FilterCatalog.sourcesById`), by id, and its notes in code point order (as DuckDB sorts text), each
 * once, and its alternatives with values scaled by `scale` (VND → the unit for funding; identity for quantities),
 * differences taken before scaling. The row's lists may repeat and come in any order: this is the one place that
 * makes them distinct and sorted (a few ids and notes; in SQL it cost a list function per group).
 */
export function readProvenance(
  row: AggregateMeasures,
  scale: (value: number) => number,
  sources: ReadonlyMap<number, SourceRef>,
): Provenance {
  const source = (id: number | bigint): SourceRef => {
    const found = sources.get(Number(id));
    // Every fact's source is in the same snapshot's source table: a miss means the list came from another
    // snapshot, and an untitled source would hide that.
    if (found === undefined)
      throw new Error(
        `Source ${id} is not in the snapshot's source list: read the catalog of the same snapshot.`,
      );
    return found;
  };
  return Object.freeze({
    sources: Object.freeze(
      [...new Set((row.source_ids ?? []).map(Number))].sort((a, b) => a - b).map(source),
    ),
    notes: Object.freeze([...new Set(row.notes ?? [])].sort(compareCodePoints)),
    alternatives: Object.freeze(
      (row.alternatives ?? []).map((a) =>
        Object.freeze({
          source: source(a.id),
          value: scale(Number(a.value)),
          chosen: scale(Number(a.chosen)),
          difference: scale(Number(a.value) - Number(a.chosen)),
          figureCount: Number(a.figures),
        }),
      ),
    ),
  });
}

/** The provenance of figures taken together: every source once (by id), every note once, all alternatives. */
export function mergeProvenance(all: ReadonlyArray<Provenance>): Provenance {
  const sources = new Map(all.flatMap((p) => p.sources).map((s) => [s.id, s]));
  return Object.freeze({
    sources: Object.freeze([...sources.values()].sort((a, b) => a.id - b.id)),
    notes: Object.freeze([...new Set(all.flatMap((p) => p.notes))]),
    alternatives: Object.freeze(all.flatMap((p) => p.alternatives)),
  });
}
