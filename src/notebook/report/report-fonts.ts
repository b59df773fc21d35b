/**
 * The HTML report's fonts: the web UI's bundled families (src/web/fonts.css, from the @fontsource-variable
 * packages), embedded in the file as data: URLs so the report shows Vietnamese correctly offline and on a machine
 * whose system fonts lack the precomposed letters (ế, ạ, ơ, ư…). Only the Latin and Vietnamese subsets of the
 * upright variable fonts are embedded (about 100 kB of woff2, 130 kB as base64): together they cover every
 * Vietnamese text; italics are synthesized, other scripts fall back to system fonts.
 *
 * The faces come from the packages' own CSS, never a copy of it: the command line reads the package's
 * `wght.css` and its woff2 files (src/server/notebook-cli/report-font-files.ts), the page reads the @font-face
 * rules it already loaded (src/web/notebook/page-report-fonts.ts). Both go through `parseFontFaces` and
 * `isReportFontFile`.
 */

/** The families the report asks for, as the web UI does, with system fallbacks when no font is embedded. */
export const REPORT_FONT_STACKS = Object.freeze({
  sans: '"Noto Sans Variable", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  mono: '"JetBrains Mono Variable", ui-monospace, SFMono-Regular, Menlo, monospace',
});

/** One @font-face: the fields the report writes, and where its woff2 file is (as the CSS wrote it). */
export interface FontFace {
  readonly family: string;
  readonly style: string;
  readonly weight: string;
  readonly unicodeRange: string;
  readonly url: string;
}

/** A face with its woff2 bytes, base64-encoded, ready to embed. */
export interface EmbeddedFontFace extends Omit<FontFace, "url"> {
  readonly woff2Base64: string;
}

/**
 * True for the woff2 files the report embeds: the upright variable Latin and Vietnamese subsets of the two
 * families, by the file names fontsource gives them (`noto-sans-vietnamese-wght-normal.woff2`, or with the
 * content hash Vite adds, `noto-sans-vietnamese-wght-normal-Bt-aOZkq.woff2`).
 */
export function isReportFontFile(url: string): boolean {
  return /(?:^|\/)(?:noto-sans|jetbrains-mono)-(?:latin|vietnamese)-wght-normal(?:-[\w-]+)?\.woff2$/.test(
    url.replace(/[?#].*$/, ""),
  );
}

/**
 * The @font-face rules of a style sheet's text, in order. Reads fontsource's CSS and Chromium's `cssText` of a
 * CSSFontFaceRule alike (quoted or unquoted family and URL); a rule without a URL or a family is skipped.
 *
 * @example parseFontFaces("@font-face { font-family: 'A'; font-weight: 100 900; src: url(./a.woff2) format('woff2'); }")
 * // → [{ family: "A", style: "normal", weight: "100 900", unicodeRange: "", url: "./a.woff2" }]
 */
export function parseFontFaces(css: string): FontFace[] {
  const faces: FontFace[] = [];
  for (const [, body = ""] of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const field = (name: string): string =>
      new RegExp(`(?:^|;)\\s*${name}\\s*:\\s*([^;]+)`).exec(body)?.[1]?.trim() ?? "";
    const family = field("font-family").replace(/^["']|["']$/g, "");
    const url = /url\(\s*["']?([^"')]+)["']?\s*\)/.exec(field("src"))?.[1] ?? "";
    if (family === "" || url === "") continue;
    faces.push({
      family,
      style: field("font-style") || "normal",
      weight: field("font-weight") || "normal",
      unicodeRange: field("unicode-range").replace(/\s+/g, ""),
      url,
    });
  }
  return faces;
}

/** The @font-face rules that embed `faces` (nothing is fetched: every source is a data: URL). */
export function fontFaceCss(faces: ReadonlyArray<EmbeddedFontFace>): string {
  return faces
    .map((face) =>
      [
        "@font-face {",
        ` font-family: "${face.family.replace(/[^\w -]/g, "")}";`,
        ` font-style: ${cssKeyword(face.style)};`,
        ` font-weight: ${cssKeyword(face.weight)};`,
        ` src: url(data:font/woff2;base64,${face.woff2Base64.replace(/[^A-Za-z0-9+/=]/g, "")}) format("woff2");`,
        face.unicodeRange === "" ? "" : ` unicode-range: ${face.unicodeRange.replace(/[^\w+,?-]/g, "")};`,
        " }",
      ].join(""),
    )
    .join("\n");
}

/** A style or weight value as CSS keywords and numbers only, so no text can close the style element. */
function cssKeyword(value: string): string {
  return value.replace(/[^\w .-]/g, "");
}
