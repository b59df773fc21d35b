/**
 * Observable Plot names the markers, clip paths and patterns it defines (`plot-marker-7`) with counters global to
 * the process, so the bytes of a report would depend on how many charts the process drew before it. Renumbered
 * in order of appearance, per kind, one notebook run on one snapshot gives the same report every time; the ids
 * stay unique within the document, so each chart's `url(#…)` still points at its own definition.
 */
export function stablePlotIds(html: string): string {
  const renamed = new Map<string, string>();
  const counts = new Map<string, number>();
  return html.replace(/\bplot-(marker|clip|pattern)-(\d+)\b/g, (id: string, kind: string) => {
    let stable = renamed.get(id);
    if (stable === undefined) {
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      stable = `plot-${kind}-${n}`;
      renamed.set(id, stable);
    }
    return stable;
  });
}
