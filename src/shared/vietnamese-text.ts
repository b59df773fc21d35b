/**
 * Text folding for matching Vietnamese names typed with or without diacritics.
 * `foldDiacritics("Đắk Lắk")` → `"Dak Lak"`; `normalizeName("TP. Hồ Chí Minh")` → `"ho chi minh"`.
 */
export function foldDiacritics(text: string): string {
  // đ/Đ are letters of their own, not d plus a combining mark, so NFD leaves them alone.
  return text
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC");
}

const ADMIN_PREFIXES: ReadonlyArray<string> = ["thanh pho", "tinh", "tp"];

/**
 * The key two spellings of one name share: diacritics folded, lower case, punctuation (`-`, `.`, `,`, `(`…)
 * as spaces, runs of spaces collapsed, and a leading administrative prefix (`tỉnh`, `thành phố`, `tp`, `tp.`)
 * dropped. `normalizeName("Bà Rịa - Vũng Tàu")` → `"ba ria vung tau"`.
 */
export function normalizeName(text: string): string {
  let key = foldDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
  for (const prefix of ADMIN_PREFIXES) {
    // Keep the prefix when it is the whole name: "TP" alone is not an empty name.
    if (key.startsWith(prefix + " ")) {
      key = key.slice(prefix.length + 1);
      break;
    }
  }
  return key;
}

/** How a typed text matches a name, strongest first; see `matchName`. */
export type NameMatch = "exact" | "abbreviation" | "partial";

/**
 * How `typed` matches `name`, the one rule the areas search and the filters' name resolution share. Both sides
 * are compared by `normalizeName` (diacritics, case, punctuation and a leading `tỉnh`/`thành phố`/`TP` ignored)
 * and again with the spaces removed, since people type "hanoi", "daklak" and "tphcm" as often as "Hà Nội":
 * - `"exact"`: the same words, or the same letters once spaces are gone ("hanoi", "dak lak", "TP.HCM" for the
 *   alias "TP HCM");
 * - `"abbreviation"`: the initials of a name of two or more words ("hcm", "tphcm" for Hồ Chí Minh);
 * - `"partial"`: a part of the name, with or without spaces ("giang" in Hà Giang, "hagi");
 * - `null`: none of these, or nothing left to compare after folding.
 * `matchName("daklak", "Đắk Lắk")` → `"exact"`; `matchName("tphcm", "Thành phố Hồ Chí Minh")` → `"abbreviation"`.
 */
export function matchName(typed: string, name: string): NameMatch | null {
  const key = normalizeName(typed);
  const nameKey = normalizeName(name);
  if (key === "" || nameKey === "") return null;
  const compacts = compactKeys(key);
  const nameCompact = nameKey.replace(/ /g, "");
  if (key === nameKey || compacts.includes(nameCompact)) return "exact";
  const words = nameKey.split(" ");
  if (words.length >= 2) {
    const initials = words.map((w) => w.charAt(0)).join("");
    if (compacts.some((c) => c.length >= 2 && c === initials)) return "abbreviation";
  }
  if (nameKey.includes(key) || compacts.some((c) => nameCompact.includes(c))) return "partial";
  return null;
}

/**
 * A normalized key without its spaces, and again without a leading administrative prefix that `normalizeName`
 * could not see because no space followed it ("tphcm" → "tphcm", "hcm").
 */
function compactKeys(key: string): string[] {
  const compact = key.replace(/ /g, "");
  const keys = [compact];
  for (const prefix of COMPACT_PREFIXES) {
    if (compact.startsWith(prefix) && compact.length > prefix.length) {
      keys.push(compact.slice(prefix.length));
      break;
    }
  }
  return keys;
}

const COMPACT_PREFIXES: ReadonlyArray<string> = ADMIN_PREFIXES.map((p) => p.replace(/ /g, ""));

/**
 * A header or label cell as spreadsheet headers are compared: diacritics folded, lower case, every run of white
 * space (line breaks, non-breaking spaces) as one space, trimmed; punctuation kept. `offsets[i]` is the index in
 * `text.normalize("NFC")` of the character that gave `folded[i]`, so a part found in the folded text can be cut
 * from the original. `foldHeader("Kế hoạch\nnăm 2024")` → `"ke hoach nam 2024"`.
 */
export function foldHeaderWithOffsets(text: string): {
  readonly folded: string;
  readonly offsets: ReadonlyArray<number>;
  readonly original: string;
} {
  const original = text.normalize("NFC");
  let folded = "";
  const offsets: number[] = [];
  let index = 0;
  for (const char of original) {
    if (/\s/.test(char)) {
      if (folded !== "" && !folded.endsWith(" ")) {
        folded += " ";
        offsets.push(index);
      }
    } else {
      for (const unit of foldDiacritics(char).toLowerCase()) {
        folded += unit;
        offsets.push(index);
      }
    }
    index += char.length;
  }
  if (folded.endsWith(" ")) {
    folded = folded.slice(0, -1);
    offsets.pop();
  }
  return { folded, offsets, original };
}

/** The key of a header or label cell (see `foldHeaderWithOffsets`): `"Tổng\ncộng"` → `"tong cong"`. */
export function foldHeader(text: string): string {
  return foldHeaderWithOffsets(text).folded;
}
