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
