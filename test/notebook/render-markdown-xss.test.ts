import { JSDOM } from "jsdom";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { parseNotebook, renderMarkdown } from "../../src/notebook/index.js";
import {
  REPORT_CONTENT_SECURITY_POLICY,
  renderReportHtml,
  type NotebookRun,
} from "../../src/notebook/report/index.js";
import { isAllowedUrl, sanitizeHtml } from "../../src/notebook/sanitize-html.js";
import { SAFE_LINKS, XSS_PAYLOADS, xssNotebook } from "../support/xss-payloads.js";

// The oracle is not the sanitizer: the HTML is parsed again with jsdom and every URL is read with the WHATWG URL
// parser, as the browser will read it.
const MARKDOWN_TAGS = new Set(
  "a blockquote br code del em h1 h2 h3 h4 h5 h6 hr img li ol p pre strong table tbody td th thead tr ul".split(
    " ",
  ),
);
const SAFE_ATTRIBUTES = new Set(["href", "src", "alt", "title", "align", "start", "class"]);
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/** Every element, attribute or URL in `html` that could run script or leave the allowlist, described. */
function unsafeParts(html: string): string[] {
  const found: string[] = [];
  const fragment = JSDOM.fragment(html);
  for (const element of Array.from(fragment.querySelectorAll("*"))) {
    const tag = element.localName;
    if (!MARKDOWN_TAGS.has(tag) || element.namespaceURI !== "http://www.w3.org/1999/xhtml") {
      found.push(`<${tag}>`);
    }
    for (const { name, value } of Array.from(element.attributes)) {
      if (!SAFE_ATTRIBUTES.has(name)) found.push(`<${tag} ${name}>`);
      if (name === "href" || name === "src") {
        const protocol = new URL(value, "https://notebook.test/notebooks/").protocol;
        if (!SAFE_PROTOCOLS.has(protocol)) found.push(`<${tag} ${name}="${value}">`);
      }
    }
  }
  return found;
}

describe("renderMarkdown against script injection", () => {
  it.each(XSS_PAYLOADS)("leaves nothing that runs from a %s", (_name, markdown) => {
    const html = renderMarkdown(markdown);
    expect(unsafeParts(html)).toEqual([]);
    expect(html).not.toMatch(/<(?:script|svg|math|style|iframe|object|form|details)\b/i);
  });

  it("renders a link whose URL is not allowed as its text, whatever entities spell the scheme", () => {
    expect(renderMarkdown("[x](javascript&#58;alert(1))")).toBe("<p>x</p>\n");
    expect(renderMarkdown("[x](javascript&colon;alert(1))")).toBe("<p>x</p>\n");
    expect(renderMarkdown("[x](&#106;avascript:alert(1))")).toBe("<p>x</p>\n");
    expect(renderMarkdown("[x](java&#10;script:alert(1))")).toBe("<p>x</p>\n");
    expect(renderMarkdown("[x](VBScript:msgbox(1))")).toBe("<p>x</p>\n");
    expect(renderMarkdown("![chart](data:image/png;base64,AA)")).toBe("<p>chart</p>\n");
    expect(renderMarkdown("<javascript:alert(1)>")).toBe("<p>javascript:alert(1)</p>\n");
  });

  it("keeps raw HTML as text, so a quote cannot break out of an attribute", () => {
    expect(renderMarkdown("<img src=x onerror=alert(1)>")).toBe(
      "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n",
    );
    expect(renderMarkdown('![a" onerror="alert(1)](x.png)')).toBe(
      '<p><img src="x.png" alt="a&quot; onerror=&quot;alert(1)"></p>\n',
    );
  });

  it.each(SAFE_LINKS)("keeps the safe link %s", (markdown, href) => {
    const fragment = JSDOM.fragment(renderMarkdown(markdown));
    expect(fragment.querySelector("a")?.getAttribute("href")).toBe(href);
  });

  it("keeps images, tables, code blocks with their language, and task lists without form elements", () => {
    expect(renderMarkdown('![Plan](images/plan.png "Kế hoạch")')).toBe(
      '<p><img src="images/plan.png" alt="Plan" title="Kế hoạch"></p>\n',
    );
    expect(renderMarkdown("| a | b |\n|:-:|--:|\n| 1 | 2 |")).toContain('<th align="center">a</th>');
    expect(renderMarkdown("```js\nx\n```")).toBe('<pre><code class="language-js">x\n</code></pre>\n');
    expect(renderMarkdown("- [x] done\n- [ ] open")).toBe("<ul>\n<li>☑ done</li>\n<li>☐ open</li>\n</ul>\n");
  });
});

describe("sanitizeHtml on raw HTML (the layer under Markdown's escaping)", () => {
  it.each([
    ['<a href="javascript&#58;alert(1)">x</a>', "x"],
    ['<a href="  JAVA&#x09;SCRIPT&colon;alert(1)">x</a>', "x"],
    ["<img src=x onerror=alert(1)//>", '<img src="x">'],
    ['<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="a">', "a"],
    ["<svg><g/onload=alert(2)//<p>", ""],
    ["<p>abc<iframe//src=jAva&Tab;script:alert(3)>def</p>", "<p>abc</p>"],
    ['<math><mi//xlink:href="data:x,<script>alert(4)</script>">', ""],
    [
      '<p title="</p><img src=x onerror=alert(5)>">t</p>',
      '<p title="&lt;/p&gt;&lt;img src=x onerror=alert(5)&gt;">t</p>',
    ],
    ['<form action="/x"><input name="q"><button formaction="javascript:alert(6)">go</button></form>', "go"],
    [
      '<p class="danger language-sql" style="color:red" id="x" onclick="alert(7)">p</p>',
      '<p class="language-sql">p</p>',
    ],
  ])("turns %s into %s", (html, clean) => {
    expect(sanitizeHtml(html)).toBe(clean);
    expect(unsafeParts(sanitizeHtml(html))).toEqual([]);
  });

  it.each([
    ["https://moit.gov.vn", true],
    ["mailto:a@b.vn", true],
    ["#plan", true],
    ["notes/a.md", true],
    ["//example.org/x", true],
    ["javascript:alert(1)", false],
    [" \u0001javascript:alert(1)", false],
    ["jav\tascript:alert(1)", false],
    ["data:text/html,x", false],
    ["vbscript:x", false],
    ["file:///etc/passwd", false],
  ])("judges %j allowed: %s", (url, allowed) => {
    expect(isAllowedUrl(url)).toBe(allowed);
  });
});

describe("the HTML report", () => {
  it("carries a CSP with no script, and none of the payloads survives in it", () => {
    const notebook = parseNotebook(xssNotebook());
    const run: NotebookRun = {
      title: notebook.title,
      description: null,
      parameters: [],
      values: {},
      cells: notebook.cells.map((cell) => {
        if (cell.kind !== "markdown") throw new Error(`The payload notebook has a query cell, ${cell.id}.`);
        return { kind: "markdown", id: cell.id, source: cell.source };
      }),
    };
    const html = renderReportHtml(run, {
      locale: "en",
      ranAt: null,
      document: parseHTML("<!doctype html><html><body></body></html>").document,
    });
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${REPORT_CONTENT_SECURITY_POLICY}">`,
    );
    expect(REPORT_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    expect(REPORT_CONTENT_SECURITY_POLICY).not.toMatch(/script/);
    const main = /<main>([\s\S]*)<\/main>/.exec(html)?.[1] ?? "";
    const body = main.replace(/<\/?section[^>]*>/g, "");
    expect(unsafeParts(body)).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    for (const [, href] of SAFE_LINKS) expect(html).toContain(`href="${href.replace(/&/g, "&amp;")}"`);
  });
});
