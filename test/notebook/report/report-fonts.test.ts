import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import {
  fontFaceCss,
  isReportFontFile,
  parseFontFaces,
  renderReportHtml,
  type NotebookRun,
} from "../../../src/notebook/report/index.js";
import { readReportFonts } from "../../../src/server/notebook-cli/report-font-files.js";

const VIETNAMESE_RANGE = "U+1EA0-1EF9"; // ạ … ỹ: the precomposed letters system fonts most often lack

const EMPTY_RUN: NotebookRun = {
  title: "Kế hoạch khuyến công miền Bắc",
  description: null,
  parameters: [],
  values: {},
  cells: [],
};

describe("the report's fonts", () => {
  it("reads fontsource's @font-face rules: family, weight range, unicode-range and file", async () => {
    const sheet = createRequire(import.meta.url).resolve("@fontsource-variable/noto-sans/wght.css");
    const faces = parseFontFaces(await readFile(sheet, "utf8"));
    expect(faces).toHaveLength(8);
    expect(faces.find((face) => face.url.includes("vietnamese"))).toEqual({
      family: "Noto Sans Variable",
      style: "normal",
      weight: "100 900",
      unicodeRange: expect.stringContaining(VIETNAMESE_RANGE),
      url: "./files/noto-sans-vietnamese-wght-normal.woff2",
    });
  });

  it("reads a rule as Chromium writes it back (quoted family and URL)", () => {
    const css =
      '@font-face { font-family: "JetBrains Mono Variable"; font-style: normal; font-weight: 100 800; ' +
      'src: url("assets/jetbrains-mono-latin-wght-normal-B9CIFXIH.woff2") format("woff2-variations"); ' +
      "unicode-range: U+0-FF, U+131; }";
    expect(parseFontFaces(css)).toEqual([
      {
        family: "JetBrains Mono Variable",
        style: "normal",
        weight: "100 800",
        unicodeRange: "U+0-FF,U+131",
        url: "assets/jetbrains-mono-latin-wght-normal-B9CIFXIH.woff2",
      },
    ]);
  });

  it("embeds the upright Latin and Vietnamese subsets of both families, and nothing else", () => {
    expect(isReportFontFile("./files/noto-sans-vietnamese-wght-normal.woff2")).toBe(true);
    expect(isReportFontFile("./files/noto-sans-latin-wght-normal.woff2")).toBe(true);
    expect(isReportFontFile("assets/jetbrains-mono-vietnamese-wght-normal-Bt-aOZkq.woff2")).toBe(true);
    expect(isReportFontFile("./files/noto-sans-latin-ext-wght-normal.woff2")).toBe(false);
    expect(isReportFontFile("./files/noto-sans-vietnamese-wght-italic.woff2")).toBe(false);
    expect(isReportFontFile("./files/noto-sans-cyrillic-wght-normal.woff2")).toBe(false);
    expect(isReportFontFile("https://example.org/noto-sans-latin-wght-normal.woff2.js")).toBe(false);
  });

  it("gives the command line four woff2 files from the installed packages, about 100 kB together", async () => {
    const fonts = await readReportFonts();
    expect(fonts.map((font) => [font.family, font.unicodeRange.includes(VIETNAMESE_RANGE)])).toEqual([
      ["Noto Sans Variable", true],
      ["Noto Sans Variable", false],
      ["JetBrains Mono Variable", true],
      ["JetBrains Mono Variable", false],
    ]);
    for (const font of fonts)
      expect(Buffer.from(font.woff2Base64, "base64").subarray(0, 4).toString()).toBe("wOF2");
    const bytes = fonts.reduce((sum, font) => sum + Buffer.from(font.woff2Base64, "base64").length, 0);
    expect(bytes).toBeGreaterThan(80_000);
    expect(bytes).toBeLessThan(140_000);
  });

  it("writes them into the report's style as data: URLs, allowed by its CSP, and only when given", async () => {
    const { document } = parseHTML("<!doctype html><html><body></body></html>");
    const fonts = await readReportFonts();
    const html = renderReportHtml(EMPTY_RUN, { locale: "vi", ranAt: null, document, fonts });
    expect(html.match(/@font-face \{/g)).toHaveLength(4);
    expect(html).toContain(" src: url(data:font/woff2;base64,d09GMg");
    expect(html).toContain("font-src data:;");
    expect(html).toContain('body { font-family: "Noto Sans Variable", system-ui');
    const without = renderReportHtml(EMPTY_RUN, { locale: "vi", ranAt: null, document });
    expect(without).not.toContain("@font-face");
    expect(without).toContain('body { font-family: "Noto Sans Variable", system-ui');
  });

  it("cannot be used to close the style element or add rules", () => {
    const css = fontFaceCss([
      {
        family: 'A"; } body { color: red; } </style><script>',
        style: "normal; } x {",
        weight: "400",
        unicodeRange: "U+0-FF; } </style>",
        woff2Base64: "AAAA) } </style>",
      },
    ]);
    expect(css).not.toMatch(/<|>|\}.*\{/s);
    expect(css.match(/;/g)?.length).toBe(6); // five declarations and the one in "data:font/woff2;base64"
  });
});
