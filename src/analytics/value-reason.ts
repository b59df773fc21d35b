/**
 * The sentence explaining a null per-capita value from the aggregate's `missing` cells (`area:from-to`):
 * a span fact has no single-year population; an area-year without population is named.
 * `valueReason(["north:2009-2009"])` → `No population for north in 2009 (thiếu dân số).`
 */
export function valueReason(missing: ReadonlyArray<string>): string {
  if (missing.length === 0) return "The population (dân số) of these areas is zero or missing.";
  const reasons = missing.map((cell) => {
    const [area, span] = cell.split(":");
    const [from, to] = span.split("-");
    return from !== to
      ? `A fact of ${area} spans ${from}-${to}: a multi-year amount has no single-year population.`
      : `No population for ${area} in ${from} (thiếu dân số).`;
  });
  return [...new Set(reasons)].sort().join(" ");
}
