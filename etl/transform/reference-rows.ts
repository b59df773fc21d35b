import { PERIODS } from "../../src/shared/period.js";
import type { OutputTypeTable, PeriodKindTable } from "../../src/warehouse/tables.js";

/** The `period_kind` table: every period code with its months and labels. */
export function periodKindRows(): PeriodKindTable[] {
  return PERIODS.map(({ period, months, label_en, label_vi }) => ({ period, months, label_en, label_vi }));
}

/**
 * The `output_type` table: each output type with the unit most of its rows use (ties: the unit seen first),
 * in order of first appearance.
 */
export function outputTypeRows(
  outputs: Iterable<{ readonly output_type: string; readonly unit: string }>,
): OutputTypeTable[] {
  const counts = new Map<string, Map<string, number>>();
  for (const { output_type, unit } of outputs) {
    const units = counts.get(output_type) ?? new Map<string, number>();
    units.set(unit, (units.get(unit) ?? 0) + 1);
    counts.set(output_type, units);
  }
  return [...counts].map(([output_type, units]) => {
    let best = "";
    let bestCount = 0;
    for (const [unit, n] of units) {
      if (n > bestCount) [best, bestCount] = [unit, n];
    }
    return { output_type, unit: best };
  });
}
