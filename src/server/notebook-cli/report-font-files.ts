import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { isReportFontFile, parseFontFaces, type EmbeddedFontFace } from "../../notebook/report/index.js";

/** The fontsource style sheets the web UI imports (src/web/fonts.css) whose faces the report embeds. */
const FONT_STYLESHEETS = [
  "@fontsource-variable/noto-sans/wght.css",
  "@fontsource-variable/jetbrains-mono/wght.css",
];

/**
 * The report's fonts read from the installed packages: each style sheet's @font-face rules, kept when
 * `isReportFontFile` chooses their file, with the woff2 bytes read beside the sheet. The same faces the page
 * embeds when it exports a report, so the command line and the page write the same file.
 */
export async function readReportFonts(): Promise<EmbeddedFontFace[]> {
  const faces: EmbeddedFontFace[] = [];
  for (const sheet of FONT_STYLESHEETS) {
    const path = createRequire(import.meta.url).resolve(sheet);
    for (const { url, ...face } of parseFontFaces(await readFile(path, "utf8"))) {
      if (!isReportFontFile(url)) continue;
      const bytes = await readFile(resolve(dirname(path), url));
      faces.push({ ...face, woff2Base64: bytes.toString("base64") });
    }
  }
  return faces;
}
