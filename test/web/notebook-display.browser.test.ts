import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestBrowser } from "../support/browser.js";
import { downloadText, readTable } from "../support/notebook-page.js";
import { openNotebookSite, type NotebookSite } from "../support/notebook-site.js";
import type { TestServer } from "../support/test-server.js";

// How the notebook at /, the playground and the exported report show things, in Debian's headless Chromium:
// errors replace results, syntax errors keep their excerpt, every text is drawn with the bundled fonts (checked
// with the fonts Chromium actually used, not the CSS), the pages fit a phone, and numbers have one format.

const TIMEOUT = 30_000;
const PHRASE = "Kế hoạch khuyến công miền Bắc";
/** The bundled families (src/web/fonts.css), by the names Chromium reports for the fonts it drew with. */
const BUNDLED_FONT = /^(?:Noto Sans|JetBrains Mono)\b/;

const FONT_NOTEBOOK = `---
title: ${PHRASE}
---

${PHRASE}: the narrative.

\`\`\`graphql id=plan-millions
# ${PHRASE}
query Plan($filter: FactFilterInput!) {
  trend(filter: $filter, from: 2021, to: 2024, unit: MILLION_VND) {
    series { points { year value } }
  }
}
\`\`\`
\`\`\`json variables
{ "filter": { "areas": ["north"], "fundingSources": ["TOTAL"], "stages": ["PLAN"] }, "note": "${PHRASE}" }
\`\`\`
\`\`\`json chart
{ "title": "${PHRASE}", "mark": "line", "x": "points.year", "y": "points.value" }
\`\`\`

<!-- cell id=plan-note -->
In 2024 the north planned {{@plan-millions.points.value[points.year=2024]}} million VND.

\`\`\`graphql id=north-name
{ areas(search: "phia bac") { id name } }
\`\`\`

\`\`\`graphql id=unknown-area
{ trend(filter: { areas: ["${PHRASE}"] }, from: 2021, to: 2024) { unit } }
\`\`\`
`;

let server: TestServer;
let browser: TestBrowser;
let site: NotebookSite | undefined;

beforeAll(async () => {
  site = await openNotebookSite("web-display-", { "vietnamese-fonts.md": FONT_NOTEBOOK });
  ({ server, browser } = site);
});

afterAll(async () => {
  await site?.close();
});

describe("errors replace results", () => {
  it("replaces the table, chart and run time with both errors when one line has two mistakes", async () => {
    const page = await openNotebook("north-plan-trend");
    const cell = page.locator('section[data-cell-id="plan-trend"]');
    await cell.locator("table.result").waitFor({ timeout: TIMEOUT });
    const ranBefore = await cell.locator(".run-stamp").getAttribute("data-ran-at");
    await replaceQuery(
      cell,
      "query NorthPlanTrend($filter: FactFilterInput!, $from: Int!, $to: Int!, $baseYear: Int!) {\n" +
        "  trend(filter: $filter, from: $from, to: $to, baseYear: $baseYear, unit: BILLION_VND) {\n" +
        "    series { points { yr val } }\n" +
        "  }\n" +
        "}",
    );
    await page.keyboard.press("Shift+Enter");

    const errors = cell.locator(".errors li .error-message");
    await expect.poll(() => errors.count(), { timeout: TIMEOUT }).toBe(2);
    expect(await errors.allInnerTexts()).toEqual([
      expect.stringMatching(/^line 3, column 23: Cannot query field "yr" on type "TrendPoint"\./),
      expect.stringMatching(/^line 3, column 26: Cannot query field "val" on type "TrendPoint"\./),
    ]);
    expect(await cell.locator("table.result").count()).toBe(0);
    expect(await cell.locator(".chart").count()).toBe(0);
    expect(await cell.locator(".run-stamp").getAttribute("data-ran-at")).not.toBe(ranBefore);
    expect(await cell.locator(".cm-run-error").allInnerTexts()).toEqual(["yr", "val"]);
    expect(await cell.locator(".cm-run-error-line").count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("marks three errors on one line, a repeated one among them, and clears them when the query is fixed", async () => {
    const page = await openNotebook("north-plan-trend");
    const cell = page.locator('section[data-cell-id="plan-cagr"]');
    await cell.locator("table.result").waitFor({ timeout: TIMEOUT });
    await replaceQuery(
      cell,
      "query G($filter: FactFilterInput!, $from: Int!, $to: Int!) {\n" +
        "  trend(filter: $filter, from: $from, to: $to) { series { cagz cagrPercent cagz cagrx } }\n" +
        "}",
    );
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => cell.locator(".errors li").count(), { timeout: TIMEOUT }).toBe(3);
    expect(await cell.locator(".cm-run-error").allInnerTexts()).toEqual(["cagz", "cagz", "cagrx"]);
    expect(await cell.locator("table.result").count()).toBe(0);

    await replaceQuery(
      cell,
      "query G($filter: FactFilterInput!, $from: Int!, $to: Int!) {\n" +
        "  trend(filter: $filter, from: $from, to: $to) { series { cagrPercent } }\n" +
        "}",
    );
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => cell.locator(".errors").count(), { timeout: TIMEOUT }).toBe(0);
    expect(await cell.locator(".cm-run-error").count()).toBe(0);
    expect((await readTable(page, "plan-cagr")).map((row) => row["cagrPercent"])).toEqual(["6,3"]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("shows a syntax error under the snapshot that answered it, with the excerpt's caret under the column", async () => {
    const page = await openNotebook("north-plan-trend");
    const cell = page.locator('section[data-cell-id="plan-cagr"]');
    await cell.locator("table.result").waitFor({ timeout: TIMEOUT });
    await replaceQuery(cell, "{\n  trend(from 2021, to: 2024) {\n    unit\n  }\n}");
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.url().endsWith("/graphql"), { timeout: TIMEOUT }),
      page.keyboard.press("Shift+Enter"),
    ]);
    expect(response.status()).toBeLessThan(500);
    expect(
      ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0],
    ).toMatchObject({
      extensions: { code: "GRAPHQL_PARSE_FAILED" },
    });

    const error = cell.locator(".errors li");
    await expect
      .poll(() => error.locator(".error-message").innerText(), { timeout: TIMEOUT })
      .toBe('line 2, column 14: Syntax Error: Expected ":", found Int "2021". [GRAPHQL_PARSE_FAILED]');
    expect(await cell.locator(".run-stamp").getAttribute("data-snapshot")).toMatch(/^[0-9a-f]{64}$/);
    expect(await cell.locator(".snapshot-hash").innerText()).toMatch(/^[0-9a-f]{8}$/);
    expect(await cell.locator("table.result").count()).toBe(0);

    const excerpt = error.locator("pre.excerpt");
    expect(await excerpt.evaluate((pre) => getComputedStyle(pre).whiteSpace)).toBe("pre");
    const lines = (await excerpt.innerText()).split("\n");
    const code = lines.find((line) => line.startsWith("2 |"))!;
    const caret = lines[lines.indexOf(code) + 1]!;
    expect(code).toBe("2 |   trend(from 2021, to: 2024) {");
    expect(caret.trimEnd()).toMatch(/^ {2}\| +\^$/);
    expect(caret.indexOf("^")).toBe(code.indexOf("2021"));
    // The caret lines up on the screen too: the same x as the first digit of 2021.
    const [caretX, digitX] = await excerpt.evaluate((pre) => {
      const text = pre.firstChild as Text;
      const at = (offset: number): number => {
        const range = document.createRange();
        range.setStart(text, offset);
        range.setEnd(text, offset + 1);
        return range.getBoundingClientRect().left;
      };
      const content = text.data;
      const codeLine = content.indexOf("2 |");
      const caretAt = content.indexOf("^");
      return [at(caretAt), at(content.indexOf("2021", codeLine))];
    });
    expect(Math.abs(caretX! - digitX!)).toBeLessThan(1);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

describe("bundled fonts with Vietnamese letters", () => {
  it(`draws "${PHRASE}" in the notebook's title, narrative, editors, errors, table and chart with the bundled fonts`, async () => {
    const page = await openNotebook("vietnamese-fonts");
    await page.locator('section[data-cell-id="plan-millions"] .chart figure').waitFor({ timeout: TIMEOUT });
    await page.locator('section[data-cell-id="plan-millions"] details.cell-variables summary').click();
    await page.locator('section[data-cell-id="unknown-area"] .errors li').waitFor({ timeout: TIMEOUT });
    const areas: Record<string, Locator> = {
      title: page.locator(".title-input"),
      narrative: page.locator(".markdown-body p").first(),
      "query editor": page.locator('section[data-cell-id="plan-millions"] .query-editor .cm-content'),
      "variables editor": page.locator('section[data-cell-id="plan-millions"] .cell-variables .cm-content'),
      "chart block preview": page.locator('section[data-cell-id="plan-millions"] .cell-chart .json-preview'),
      error: page.locator('section[data-cell-id="unknown-area"] .errors li .error-message'),
      "chart title": page.locator('section[data-cell-id="plan-millions"] .chart figure h2'),
    };
    for (const [name, area] of Object.entries(areas)) {
      // Polled: an editor may redraw its lines (dropping the probe marks) between marking and asking Chromium.
      await expect
        .poll(() => fontsUsedFor(page, area, PHRASE), { timeout: TIMEOUT, message: name })
        .toEqual(bundled(name));
    }
    const northName = page.locator('section[data-cell-id="north-name"] table.result td', {
      hasText: "Khu vực phía Bắc",
    });
    expect(await fontsUsedFor(page, northName, "Khu vực phía Bắc"), "table").toEqual(bundled("table"));
    const tick = page.locator(
      'section[data-cell-id="plan-millions"] .chart svg [aria-label="y-axis tick label"] text',
    );
    expect(await fontsUsedFor(page, tick.first(), ""), "chart ticks").toEqual(bundled("chart ticks"));
    await page.close();
  });

  it(`draws "${PHRASE}" in the playground's editor and its results with the bundled code font`, async () => {
    const page = await openPlayground();
    const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(
      `# ${PHRASE}\n{ trend(filter: { areas: ["${PHRASE}"] }, from: 2021, to: 2024) { unit } }`,
    );
    // GraphiQL parses an edited document after a debounce and sends the operation name it parsed last: clicked at
    // once, the request can still name the replaced document's operation ("Unknown operation named …").
    await page.waitForTimeout(1_000);
    await page.locator(".graphiql-execute-button").click();
    const result = page.locator(".graphiql-response .view-lines");
    await expect
      .poll(async () => (await result.innerText()).replace(/\s+/g, " "), { timeout: TIMEOUT })
      .toContain("Unknown area");
    // Polled like the notebook's editors: the editor may redraw its lines between marking and asking.
    await expect
      .poll(() => fontsUsedFor(page, editor.locator(".view-lines"), PHRASE), {
        timeout: TIMEOUT,
        message: "editor",
      })
      .toEqual(bundled("editor"));
    await expect
      .poll(() => fontsUsedFor(page, result, PHRASE), { timeout: TIMEOUT, message: "results" })
      .toEqual(bundled("results"));
    expect(
      await page.locator(".graphiql-container").evaluate((e) => getComputedStyle(e).fontFamily),
    ).toContain("Noto Sans Variable");
    await page.close();
  });

  it(`embeds the fonts in the exported HTML report, which draws "${PHRASE}" with them offline`, async () => {
    const page = await openNotebook("vietnamese-fonts");
    await page.locator('section[data-cell-id="north-name"] table.result').waitFor({ timeout: TIMEOUT });
    const html = await downloadText(page, () => page.locator("button.export-html").click());
    expect(html).toMatch(
      /@font-face \{ font-family: "Noto Sans Variable";.* src: url\(data:font\/woff2;base64,/,
    );
    expect(html).toContain('font-family: "JetBrains Mono Variable"');
    expect(html).toContain("font-src data:");
    // Only data: URLs (and the charts' #clip references): nothing for the browser to fetch.
    expect(/<script|<link|url\((?!data:|#)/i.exec(html)?.[0]).toBeUndefined();

    const report = await browser.context.newPage();
    await report.setContent(html);
    await report
      .locator("details")
      .evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const areas: Record<string, Locator> = {
      title: report.locator("h1"),
      narrative: report.locator("section.markdown p").first(),
      query: report.locator("#plan-millions pre code").first(),
      error: report.locator("#unknown-area ul.errors li"),
      "chart title": report.locator("#plan-millions figure h2"),
    };
    for (const [name, area] of Object.entries(areas)) {
      expect(await fontsUsedFor(report, area, PHRASE), name).toEqual(bundled(name));
    }
    const cell = report.locator("#north-name td", { hasText: "Khu vực phía Bắc" });
    expect(await fontsUsedFor(report, cell, "Khu vực phía Bắc"), "table").toEqual(bundled("table"));
    await report.close();
    await page.close();
  });
});

describe("a phone's width", () => {
  it("has no horizontal page scroll at 390 × 844 on /, on a notebook and on the playground", async () => {
    const home = await openPage("", { width: 390, height: 844 });
    await home.locator(".welcome h1").waitFor({ timeout: TIMEOUT });
    expect(await pageOverflow(home)).toEqual({ scrollWidth: 390, innerWidth: 390 });
    expect(await home.locator(".notebook-list").isVisible()).toBe(true); // the list is the welcome page's content
    await home.close();

    const notebook = await openNotebook("north-plan-trend", { width: 390, height: 844 });
    await notebook
      .locator('section[data-cell-id="plan-by-source"] .chart svg[class^="plot"]')
      .waitFor({ timeout: TIMEOUT });
    expect(await pageOverflow(notebook)).toEqual({ scrollWidth: 390, innerWidth: 390 });
    // The list folds behind the header's button; the playground link stays on screen.
    expect(await notebook.locator(".notebook-list").isVisible()).toBe(false);
    await notebook.locator("button.nav-toggle").click();
    expect(await notebook.locator(".notebook-list").isVisible()).toBe(true);
    const link = (await notebook.locator("a.playground-link").boundingBox())!;
    expect(link.x + link.width).toBeLessThanOrEqual(390);
    // A wide table scrolls inside its cell; a chart is drawn at its cell's width, not at 640 px.
    const wrap = notebook.locator('section[data-cell-id="plan-trend"] .table-wrap');
    const [wrapRight, wrapScroll, wrapClient] = await wrap.evaluate((e) => [
      e.getBoundingClientRect().right,
      e.scrollWidth,
      e.clientWidth,
    ]);
    expect(wrapRight).toBeLessThanOrEqual(390);
    expect(wrapScroll).toBeGreaterThan(wrapClient);
    const chart = notebook.locator('section[data-cell-id="plan-trend"] .chart');
    await expect
      .poll(() =>
        chart.evaluate((e) => [
          e.clientWidth,
          Number(e.querySelector("svg[class^=plot]")!.getAttribute("width")),
        ]),
      )
      .toEqual([expect.any(Number), expect.any(Number)]);
    const [chartWidth, svgWidth] = await chart.evaluate((e) => [
      e.clientWidth,
      Number(e.querySelector("svg[class^=plot]")!.getAttribute("width")),
    ]);
    expect(svgWidth).toBeLessThanOrEqual(chartWidth!);
    expect(svgWidth).toBeGreaterThan(chartWidth! - 8);
    await notebook.close();

    const playground = await openPlayground({ width: 390, height: 844 });
    expect(await pageOverflow(playground)).toEqual({ scrollWidth: 390, innerWidth: 390 });
    const response = (await playground.locator(".graphiql-response").boundingBox())!;
    expect(response.x + response.width).toBeLessThanOrEqual(390);
    expect(response.width).toBeGreaterThan(250);
    await playground.close();
  });

  it("uses a wide screen's width: at 1920 px the notebook is wider than 1,400 px and a chart follows it", async () => {
    const page = await openNotebook("north-plan-trend", { width: 1920, height: 1080 });
    expect(await page.locator("main.main").evaluate((e) => e.getBoundingClientRect().width)).toBeGreaterThan(
      1400,
    );
    const chart = page.locator('section[data-cell-id="plan-trend"] .chart svg[class^="plot"]');
    await expect.poll(() => chart.getAttribute("width"), { timeout: TIMEOUT }).toBe("960");
    expect(await pageOverflow(page)).toEqual({ scrollWidth: 1920, innerWidth: 1920 });
    await page.close();
  });
});

describe("one number format", () => {
  it("writes the same grouped numbers in the narrative, the table, the chart and the report, Vietnamese then English", async () => {
    const page = await openNotebook("vietnamese-fonts");
    const cell = page.locator('section[data-cell-id="plan-millions"]');
    await cell.locator(".chart svg[class^='plot']").waitFor({ timeout: TIMEOUT });
    const note = page.locator('section[data-cell-id="plan-note"] .markdown-body');
    await expect
      .poll(() => note.innerText(), { timeout: TIMEOUT })
      .toBe("In 2024 the north planned 170.800 million VND.");
    const ticks = () => cell.locator('.chart [aria-label="y-axis tick label"] text').allTextContents();
    expect((await readTable(page, "plan-millions")).map((row) => row["points.value"])).toEqual([
      "142.200",
      "174.300",
      "186.500",
      "170.800",
    ]);
    expect(await ticks()).toContain("100.000");
    const report = await downloadText(page, () => page.locator("button.export-html").click());
    expect(report).toContain('<td class="num">170.800</td>');
    expect(report).toContain("In 2024 the north planned 170.800 million VND.");
    expect(report).toMatch(/<text[^>]*>100\.000<\/text>/);

    await page.locator('.number-style button[data-style="en"]').click();
    await expect
      .poll(async () => (await readTable(page, "plan-millions"))[3]?.["points.value"])
      .toBe("170,800");
    expect(await ticks()).toContain("100,000");
    expect(await note.innerText()).toBe("In 2024 the north planned 170,800 million VND.");
    await page.locator('.number-style button[data-style="vi"]').click();
    await page.close();
  });

  it("made every request to the local server and none outside it, without a page error", () => {
    expect(pageErrors).toEqual([]);
    expect(browser.outsideRequests).toEqual([]);
    for (const url of browser.requests) expect(new URL(url).hostname).toBe("127.0.0.1");
  });
});

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────

/** Uncaught exceptions and console errors of every page. */
const pageErrors: string[] = [];

async function openPage(hash: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  page.on("pageerror", (error) => pageErrors.push(`${error.name}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      pageErrors.push(message.text());
    }
  });
  await page.goto(hash === "" ? server.url.href : new URL(`#/${hash}`, server.url).href);
  return page;
}

async function openNotebook(name: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await openPage(name, viewport);
  await page.locator("section.cell-graphql .run-stamp").first().waitFor({ timeout: TIMEOUT });
  return page;
}

async function openPlayground(viewport?: { width: number; height: number }): Promise<Page> {
  const page = await browser.context.newPage();
  if (viewport !== undefined) await page.setViewportSize(viewport);
  page.on("pageerror", (error) => pageErrors.push(`${error.name}: ${error.message}`));
  await page.goto(new URL("playground/", server.url).href);
  await page.locator(".graphiql-query-editor .view-lines").waitFor({ timeout: TIMEOUT });
  return page;
}

/** Replaces a query cell's text as a paste would (no auto-closed brackets), leaving the editor focused. */
async function replaceQuery(cell: Locator, query: string): Promise<void> {
  await cell.locator(".query-editor .cm-content").click();
  const page = cell.page();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(query);
}

async function pageOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));
}

interface PlatformFont {
  readonly familyName: string;
  readonly isCustomFont: boolean;
  readonly glyphCount: number;
}

/** What `fontsUsedFor` gives when every glyph came from a bundled web font. */
function bundled(_area: string): PlatformFont[] {
  return [expect.objectContaining({ familyName: expect.stringMatching(BUNDLED_FONT), isCustomFont: true })];
}

/**
 * The fonts Chromium drew a text with (CDP `CSS.getPlatformFontsForNode`, after the page's fonts loaded), for the
 * element under `area` whose own text holds `text` (the first text when `text` is empty), merged by family. A
 * glyph missing from the bundled font would show up as a second, system font.
 */
async function fontsUsedFor(page: Page, area: Locator, text: string): Promise<PlatformFont[]> {
  await area.first().waitFor({ timeout: TIMEOUT });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const marked = await area.first().evaluate((root, wanted) => {
    if (root instanceof HTMLInputElement) {
      if (!root.value.includes(wanted)) return 0;
      root.setAttribute("data-font-probe", "0");
      return 1;
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const holders: Element[] = [];
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (node.parentElement !== null && node.textContent!.trim() !== "") holders.push(node.parentElement);
    }
    // Text split over several elements (an editor's highlighted tokens): mark every holder within the match.
    const joined = holders.map((holder) => (holder.textContent ?? "").replace(/\u00a0/g, " "));
    const all = joined.join("");
    const start = wanted === "" ? 0 : all.indexOf(wanted);
    if (start < 0) return 0;
    const end = wanted === "" ? (joined[0]?.length ?? 0) : start + wanted.length;
    let offset = 0;
    let count = 0;
    holders.forEach((holder, i) => {
      const from = offset;
      offset += joined[i]!.length;
      if (offset > start && from < end) {
        holder.setAttribute("data-font-probe", String(count++));
      }
    });
    return count;
  }, text);
  if (marked === 0) throw new Error(`"${text}" is not in ${String(area)}.`);
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument", { depth: -1, pierce: true });
    const { nodeIds } = await cdp.send("DOM.querySelectorAll", {
      nodeId: root.nodeId,
      selector: "[data-font-probe]",
    });
    const byFamily = new Map<string, PlatformFont>();
    for (const nodeId of nodeIds) {
      let targets = [nodeId];
      const { node } = await cdp.send("DOM.describeNode", { nodeId, depth: -1, pierce: true });
      if (node.nodeName === "INPUT") {
        // An input's text lives in its user-agent shadow root: ask for every element in there.
        const inner: number[] = [];
        const collect = (n: typeof node): void => {
          if (n.nodeType === 1) inner.push(n.backendNodeId);
          for (const child of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) collect(child);
        };
        for (const shadow of node.shadowRoots ?? []) collect(shadow);
        targets = (await cdp.send("DOM.pushNodesByBackendIdsToFrontend", { backendNodeIds: inner })).nodeIds;
      }
      for (const target of targets) {
        const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId: target });
        for (const font of fonts) {
          const seen = byFamily.get(font.familyName);
          byFamily.set(font.familyName, {
            familyName: font.familyName,
            isCustomFont: font.isCustomFont,
            glyphCount: (seen?.glyphCount ?? 0) + font.glyphCount,
          });
        }
      }
    }
    return [...byFamily.values()];
  } finally {
    await page.evaluate(() =>
      document.querySelectorAll("[data-font-probe]").forEach((e) => e.removeAttribute("data-font-probe")),
    );
    await cdp.detach();
  }
}
