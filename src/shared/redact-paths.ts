// An absolute POSIX path (`/srv/kc/data`) or Windows path (`C:\kc\data`, `C:/kc/data`), not preceded by a word
// character, a dot, a colon or a slash, so "and/or", "2021/2025", "./data" and URLs ("https://…") are left alone.
const ABSOLUTE_PATH = new RegExp(
  // The path runs to whitespace, a quote or a character no file name in our messages has.
  String.raw`(?<![\w.:/\\-])(?:/|[A-Za-z]:[\\/])[^\s"'\`<>|*?]*`,
  "g",
);

/**
 * `text` with every absolute file path replaced by its last name, for callers who must not learn the server's
 * folders: `The warehouse "/srv/kc/.warehouse/khuyen-cong.duckdb" is not valid` →
 * `The warehouse "khuyen-cong.duckdb" is not valid`; `/srv/kc/data/` → `data`; a root (`/`) becomes `…`.
 * Relative paths (`data/funding.csv`) are kept: they say nothing about the server.
 */
export function redactPaths(text: string): string {
  return text.replace(
    ABSOLUTE_PATH,
    (path) =>
      path
        .replace(/^[A-Za-z]:/, "")
        .split(/[\\/]/)
        .findLast(Boolean) ?? "…",
  );
}
