import { foldDiacritics } from "./vietnamese-text.js";

const MAX_SUGGESTIONS = 5;

/**
 * The candidates closest to `input`, at most five, compared on diacritic-folded lower case:
 * 1. candidates that contain every word of the input as a word of their own, closest first: a person who types
 *    "Tây Nguyên" means "Khu vực miền Trung - Tây Nguyên" rather than "Thái Nguyên", which is nearer by letters
 *    but lacks the word "Tây" (inputs of fewer than three letters skip this step);
 * 2. otherwise the candidates closest by edit distance (optimal string alignment): a candidate qualifies when its
 *    distance is at most 40% of the input's length plus one (graphql-js's `suggestionList` threshold), and only
 *    those at the smallest distance are returned;
 * 3. otherwise candidates that contain the input or are contained in it.
 * `didYouMean("Ha Giangg", ["Hà Giang", "Hà Nam"])` → `["Hà Giang"]`;
 * `didYouMean("Tây Nguyên", ["Thái Nguyên", "Khu vực miền Trung - Tây Nguyên"])` → `["Khu vực miền Trung - Tây Nguyên"]`.
 */
export function didYouMean(input: string, candidates: ReadonlyArray<string>): string[] {
  const key = fold(input);
  const keyWords = words(key);
  const threshold = Math.floor(key.length * 0.4) + 1;
  const withWords: Array<{ readonly candidate: string; readonly distance: number }> = [];
  const close: Array<{ readonly candidate: string; readonly distance: number }> = [];
  const containing: Array<{ readonly candidate: string; readonly distance: number }> = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    const other = fold(candidate);
    if (other === "") continue;
    const distance = other === key ? 0 : editDistance(key, other);
    if (keyWords.join("").length >= 3) {
      const otherWords = new Set(words(other));
      if (keyWords.every((w) => otherWords.has(w))) withWords.push({ candidate, distance });
    }
    if (distance <= threshold) close.push({ candidate, distance });
    else if (key.length >= 3 && (other.includes(key) || key.includes(other)))
      containing.push({ candidate, distance });
  }
  // Only the closest matches: "Ha Giangg" suggests Hà Giang, not every other "… Giang".
  const best = Math.min(...close.map((s) => s.distance));
  const scored =
    withWords.length > 0
      ? withWords
      : close.length > 0
        ? close.filter((s) => s.distance === best)
        : containing;
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, MAX_SUGGESTIONS).map((s) => s.candidate);
}

/**
 * A sentence to append to an error message: `' Did you mean "X"?'`, `' Did you mean "X" or "Y"?'`,
 * `' Did you mean "X", "Y", or "Z"?'`, or `''` for an empty list. `format` renders one suggestion
 * (default: in double quotes).
 */
export function formatDidYouMean(
  suggestions: ReadonlyArray<string>,
  format: (suggestion: string) => string = (s) => `"${s}"`,
): string {
  const items = suggestions.slice(0, MAX_SUGGESTIONS).map(format);
  if (items.length === 0) return "";
  if (items.length === 1) return ` Did you mean ${items[0]}?`;
  if (items.length === 2) return ` Did you mean ${items[0]} or ${items[1]}?`;
  return ` Did you mean ${items.slice(0, -1).join(", ")}, or ${items[items.length - 1]}?`;
}

function fold(text: string): string {
  return foldDiacritics(text).toLowerCase().trim();
}

/** The words of folded text: runs of letters and digits. */
function words(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "");
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let i = 0; i < rows; i++) d[i][0] = i;
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2][j - 2] + 1);
      }
      d[i][j] = best;
    }
  }
  return d[rows - 1][cols - 1];
}
