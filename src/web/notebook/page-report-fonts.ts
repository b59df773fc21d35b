import { isReportFontFile, parseFontFaces, type EmbeddedFontFace } from "../../notebook/report/index.js";

/**
 * The report's fonts from this page: its own @font-face rules (src/web/fonts.css, bundled by Vite), kept when
 * `isReportFontFile` chooses their file, each woff2 fetched from this server and base64-encoded. The command
 * line reads the same faces from the font packages (src/server/notebook-cli/report-font-files.ts). A face that
 * cannot be fetched is left out: the report then falls back to system fonts for it, and still exports.
 */
export async function pageReportFonts(): Promise<EmbeddedFontFace[]> {
  const rules: CSSFontFaceRule[] = [];
  for (const sheet of document.styleSheets) {
    let sheetRules: CSSRuleList;
    try {
      sheetRules = sheet.cssRules;
    } catch {
      continue; // a sheet of another origin: none is loaded, but it would not be readable
    }
    for (const rule of sheetRules) if (rule instanceof CSSFontFaceRule) rules.push(rule);
  }
  const faces = await Promise.all(
    rules.flatMap((rule) =>
      parseFontFaces(rule.cssText)
        .filter((face) => isReportFontFile(face.url))
        .map(async ({ url, ...face }): Promise<EmbeddedFontFace | null> => {
          const base = rule.parentStyleSheet?.href ?? location.href;
          const response = await fetch(new URL(url, base)).catch(() => null);
          if (response === null || !response.ok) return null;
          return { ...face, woff2Base64: base64(new Uint8Array(await response.arrayBuffer())) };
        }),
    ),
  );
  return faces.filter((face): face is EmbeddedFontFace => face !== null);
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}
