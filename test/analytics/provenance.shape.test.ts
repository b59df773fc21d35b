import { describe, expect, it } from "vitest";
import { readProvenance, type SourceRef } from "../../src/analytics/index.js";
import type { AggregateMeasures } from "../../src/analytics/fact-aggregate.query.js";

/**
 * An aggregate row lists its sources and notes as DuckDB concatenates them from a rollup's groups (repeated, in
 * scan order); the provenance names each once, sources by id and notes in DuckDB's text order.
 */

const SOURCES: ReadonlyMap<number, SourceRef> = new Map(
  [1, 2, 3].map((id) => [id, { id, title: `Source ${id}`, url: `sources/${id}.txt` }]),
);

function row(parts: Partial<AggregateMeasures>): AggregateMeasures {
  return {
    amount_vnd: 1,
    value_vnd: 1,
    fact_count: 1,
    span_fact_count: 0,
    quality_bits: 0,
    ...parts,
  };
}

describe("readProvenance", () => {
  it("names each source once, by id, however often and in whatever order the row lists it", () => {
    const provenance = readProvenance(row({ source_ids: [3, 1, 3, 2, 1] }), (v) => v, SOURCES);
    expect(provenance.sources.map((s) => s.id)).toEqual([1, 2, 3]);
  });

  it("gives each note once, in code point order (DuckDB's order for text)", () => {
    const notes = ["ước tính", "b", "Đã điều chỉnh", "b", "a 😀", "a \uffee"];
    const provenance = readProvenance(row({ notes }), (v) => v, SOURCES);
    expect(provenance.notes).toEqual(["a \uffee", "a 😀", "b", "Đã điều chỉnh", "ước tính"]);
  });

  it("gives no sources and no notes for a row without lists", () => {
    const provenance = readProvenance(row({ source_ids: null, notes: null }), (v) => v, SOURCES);
    expect(provenance).toEqual({ sources: [], notes: [], alternatives: [] });
  });
});
