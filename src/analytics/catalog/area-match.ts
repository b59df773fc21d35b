import { AREA_LEVEL, type AreaLevel } from "../../model/index.js";
import { didYouMean } from "../../shared/did-you-mean.js";
import { foldDiacritics, matchName, type NameMatch } from "../../shared/vietnamese-text.js";

/** An area as matching needs it: its id, its level and every spelling of its name (Vietnamese first). */
export interface AreaNames {
  readonly id: string;
  readonly level: AreaLevel;
  readonly names: ReadonlyArray<string>;
}

/** How a typed text matches an area: its id in any case, else the best `matchName` over its names. */
export type AreaMatch = "id" | NameMatch;

const STRENGTH: Readonly<Record<AreaMatch, number>> = { id: 0, exact: 1, abbreviation: 2, partial: 3 };

/**
 * How `typed` matches `area`: `"id"` when it is the area's id in any case ("North", "vn", "2025-08"),
 * else the strongest `matchName` over its names, else null.
 * `matchArea("hanoi", { id: "01", level: "province", names: ["Hà Nội", "Ha Noi"] })` → `"exact"`.
 */
export function matchArea(typed: string, area: AreaNames): AreaMatch | null {
  if (typed.trim().toLowerCase() === area.id.toLowerCase()) return "id";
  let best: AreaMatch | null = null;
  for (const name of area.names) {
    const match = matchName(typed, name);
    if (match !== null && (best === null || STRENGTH[match] < STRENGTH[best])) best = match;
  }
  return best;
}

/**
 * The areas `typed` names, for resolving a filter: those it names by id, else by an exact name, else by
 * abbreviation, with how it matched; null when none (a partial match never resolves a name). Several areas come
 * back when one name is shared, as by a pre-2025 province and the 2025 province that kept its name, or when an
 * abbreviation fits several places ("hn": Hà Nội and Hà Nam), which the caller must tell apart.
 */
export function areasNamed<T extends AreaNames>(
  typed: string,
  areas: ReadonlyArray<T>,
): { readonly match: Exclude<AreaMatch, "partial">; readonly areas: ReadonlyArray<T> } | null {
  // An id is the common case (every saved query and notebook uses ids): answer it without folding any name.
  const id = typed.trim().toLowerCase();
  const byId = areas.filter((area) => area.id.toLowerCase() === id);
  if (byId.length > 0) return { match: "id", areas: byId };
  const matches = areas.map((area) => ({ area, match: matchArea(typed, area) }));
  for (const match of ["exact", "abbreviation"] as const) {
    const found = matches.filter((m) => m.match === match).map((m) => m.area);
    if (found.length > 0) return { match, areas: found };
  }
  return null;
}

/**
 * The areas to suggest for a name nothing matched, closest first (at most five, one entry per area; where two
 * areas share a spelling, the one listed first in `areas` is named). The level the text names is preferred
 * (`levelNamedBy`): suggestions come from that level's areas first, compared without the vocabulary's words,
 * and from every area when none is close; within a set, `didYouMean` prefers names that hold every typed word.
 * Example, on the published areas: "Tây Nguyên" → central-highlands ("Khu vực miền Trung - Tây Nguyên", the only
 * name with both words; the province Thái Nguyên lacks "Tây"); "vùng Tây Nguyên" → central-highlands;
 * "mien bac bo" → north; "tỉnh Tây Nguyên" → Thái Nguyên (19, 2025-19).
 */
export function suggestAreas<T extends AreaNames>(typed: string, areas: ReadonlyArray<T>): ReadonlyArray<T> {
  const named = levelNamedBy(typed, areas);
  const attempts: Array<{ readonly text: string; readonly pool: ReadonlyArray<T> }> = [];
  if (named !== null) {
    const pool = areas.filter((a) => a.level === named.level);
    attempts.push({ text: named.rest === "" ? typed : named.rest, pool });
  }
  attempts.push({ text: typed, pool: areas });
  for (const { text, pool } of attempts) {
    // One spelling per folded form, so that "Bắc Kạn" and "Bac Kan" take one of the five places, not two.
    const bySpelling = new Map<string, T>();
    const folded = new Set<string>();
    for (const area of pool) {
      for (const spelling of [...area.names, area.id]) {
        const key = wordsOf(spelling).join(" ");
        if (folded.has(key)) continue;
        folded.add(key);
        bySpelling.set(spelling, area);
      }
    }
    const picked: T[] = [];
    for (const spelling of didYouMean(text, [...bySpelling.keys()])) {
      const area = bySpelling.get(spelling) as T;
      if (!picked.includes(area)) picked.push(area);
    }
    if (picked.length > 0) return picked;
  }
  return [];
}

/**
 * The level a typed text names, with the text left once the level's words are removed; null when it names none,
 * or more than one. The level is named
 * 1. by a phrase of the AREA_LEVEL vocabulary (src/model): "khu vực", "vùng", "region" for a region; "tỉnh",
 *    "province", "city" for a province; "cả nước", "toàn quốc", "nation" for the nation;
 * 2. failing that, by words that only the names of one level's areas use, as "miền", "phía", "north" or
 *    "highlands" do on the published areas (but not "Tây" or "Nguyên", which provinces use too).
 * `levelNamedBy("vùng Tây Nguyên", areas)` → `{ level: "region", rest: "tay nguyen" }`;
 * `levelNamedBy("mien bac bo", areas)` → `{ level: "region", rest: "mien bac bo" }`.
 */
export function levelNamedBy(
  typed: string,
  areas: ReadonlyArray<AreaNames>,
): { readonly level: AreaLevel; readonly rest: string } | null {
  let rest = ` ${wordsOf(typed).join(" ")} `;
  const byVocabulary = new Set<AreaLevel>();
  for (const term of AREA_LEVEL.terms) {
    for (const spelling of [term.value, term.en, term.vi, ...term.synonyms]) {
      const phrase = ` ${wordsOf(spelling).join(" ")} `;
      if (phrase.trim() !== "" && rest.includes(phrase)) {
        byVocabulary.add(term.value);
        rest = rest.split(phrase).join(" ");
      }
    }
  }
  if (byVocabulary.size > 0) {
    return byVocabulary.size === 1 ? { level: [...byVocabulary][0], rest: rest.trim() } : null;
  }
  const levelsOfWord = new Map<string, Set<AreaLevel>>();
  for (const area of areas) {
    for (const word of area.names.flatMap(wordsOf)) {
      const set = levelsOfWord.get(word) ?? new Set<AreaLevel>();
      set.add(area.level);
      levelsOfWord.set(word, set);
    }
  }
  const byWords = new Set<AreaLevel>();
  for (const word of wordsOf(typed)) {
    const set = levelsOfWord.get(word);
    if (set?.size === 1 && !/^\d+$/.test(word)) byWords.add([...set][0]);
  }
  return byWords.size === 1 ? { level: [...byWords][0], rest: rest.trim() } : null;
}

function wordsOf(text: string): string[] {
  return foldDiacritics(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}
