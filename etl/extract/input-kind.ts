/** What a CSV file or workbook sheet holds, decided by the prefix of its name. */
export type InputKind = "provinces" | "activities" | "funding" | "outputs" | "claims" | "population" | "cpi";

/** The accepted name prefixes, in the order a load needs them (areas and activities first). */
export const INPUT_KINDS: ReadonlyArray<InputKind> = Object.freeze([
  "provinces",
  "activities",
  "funding",
  "outputs",
  "claims",
  "population",
  "cpi",
]);

/**
 * The kind a file stem or sheet name starts with, case-insensitive: `funding`, `funding-2024`, `Funding_old`
 * → funding. Null when none matches.
 */
export function inputKindOf(name: string): InputKind | null {
  const lower = name.toLowerCase();
  return INPUT_KINDS.find((kind) => lower.startsWith(kind)) ?? null;
}
