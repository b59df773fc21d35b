import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNotebookCli } from "../../src/server/notebook-cli/run-notebook-cli.js";
import { REPORT_CONTENT_SECURITY_POLICY } from "../../src/notebook/report/index.js";
import { buildWebIfStale, launchBrowser, type TestBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";
import { SAFE_LINKS, XSS_PAYLOADS, xssNotebook } from "../support/xss-payloads.js";

// A notebook full of script-injection payloads, rendered in Debian's headless Chromium: in the web notebook (with
// the server's CSP, and with the CSP stripped so the sanitizer is tested alone) and in the HTML report (exported
// from the page and written by the CLI, each with and without its CSP). Every page traps alert/confirm/prompt
// and listens for CSP violations; every element is hovered and clicked; nothing may run.

const WEB_DIR = join(PROJECT_ROOT, "src/web/dist");
const NAME = "xss-payloads";
const CELLS = XSS_PAYLOADS.length + SAFE_LINKS.length;

let server: TestServer;
let browser: TestBrowser;
let workDir: string;

beforeAll(async () => {
  await buildWebIfStale();
  await mkdir(join(PROJECT_ROOT, "test/.tmp"), { recursive: true });
  workDir = await mkdtemp(join(PROJECT_ROOT, "test/.tmp/xss-"));
  await mkdir(join(workDir, "notebooks"));
  await writeFile(join(workDir, "notebooks", `${NAME}.md`), xssNotebook());
  server = await startTestServer({
    warehousePath: await buildTestWarehouse(),
    webDir: WEB_DIR,
    notebooksDir: join(workDir, "notebooks"),
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe("a notebook full of XSS payloads", () => {
  it("runs no script in the web notebook, which is served with a strict CSP", async () => {
    const page = await trappedPage();
    const response = await page.goto(new URL(`#/${NAME}`, server.url).href);
    const csp = response?.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response?.headers()["x-frame-options"]).toBe("DENY");
    await expectNothingRuns(page, ".markdown-body", CELLS);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it("runs no script in the web notebook with the CSP stripped: the sanitizer alone stops every payload", async () => {
    const page = await trappedPage();
    await page.route("**/*", async (route) => {
      if (new URL(route.request().url()).host !== server.url.host) return route.fallback();
      // The snapshot event stream never ends, so route.fetch() (which reads the whole body) would never return.
      if (new URL(route.request().url()).pathname === "/snapshot-events") return route.continue();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["content-security-policy"];
      await route.fulfill({ response, headers });
    });
    const response = await page.goto(new URL(`#/${NAME}`, server.url).href);
    expect(response?.headers()["content-security-policy"]).toBeUndefined();
    await expectNothingRuns(page, ".markdown-body", CELLS);
    await page.close();
  });

  it("runs no script in the HTML report exported from the page, with or without its CSP", async () => {
    const page = await trappedPage();
    await page.goto(new URL(`#/${NAME}`, server.url).href);
    await page
      .locator(".markdown-body")
      .nth(CELLS - 1)
      .waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("button.export-html").click(),
    ]);
    const html = await readFile((await (download as Download).path()) as string, "utf8");
    await page.close();
    await expectReportIsInert(html, "exported");
  });

  it("runs no script in the HTML report of `npm run notebook -- run … --out`, with or without its CSP", async () => {
    const out = join(workDir, "report.html");
    const stderr: string[] = [];
    const code = await runNotebookCli(
      [
        "run",
        join(workDir, "notebooks", `${NAME}.md`),
        "--url",
        new URL("graphql", server.url).href,
        "--out",
        out,
      ],
      { stdout: () => {}, stderr: (text) => stderr.push(text), now: () => new Date(0) },
    );
    expect({ code, stderr: stderr.join("") }).toMatchObject({ code: 0 });
    await expectReportIsInert(await readFile(out, "utf8"), "cli");
  });

  it("made no request outside the local server and raised no page error", () => {
    expect(pageErrors).toEqual([]);
    expect(browser.outsideRequests).toEqual([]);
  });
});

/** Uncaught exceptions and console errors of every page (CSP refusals included). */
const pageErrors: string[] = [];

/** A page whose alert, confirm, prompt and print record their calls, and which records every CSP violation. */
async function trappedPage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    const calls: string[] = [];
    const violations: string[] = [];
    Object.assign(window, { __xssCalls: calls, __cspViolations: violations });
    for (const name of ["alert", "confirm", "prompt", "print"] as const) {
      Object.defineProperty(window, name, {
        value: (...args: unknown[]) => {
          calls.push(`${name}(${args.map(String).join(", ")})`);
          console.error(`XSS: ${name}(${args.map(String).join(", ")})`);
        },
      });
    }
    document.addEventListener("securitypolicyviolation", (event) =>
      violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`),
    );
  });
  page.on("dialog", (dialog) => {
    pageErrors.push(`XSS: a ${dialog.type()} dialog said ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => pageErrors.push(`${error.name}: ${error.message}`));
  page.on("console", (message) => {
    // Payload images such as x.png are missing on purpose.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      pageErrors.push(message.text());
    }
  });
  return page;
}

/**
 * Waits for `count` rendered elements matching `scope`, checks that they hold only Markdown's elements,
 * attributes and http(s)/mailto/relative URLs (read by the browser's URL parser), then hovers, focuses and
 * clicks every element in them and expects no trapped call and the page still where it was. A click on a
 * safe link is stopped (it would leave the page); any other link is left to do what it does.
 */
async function expectNothingRuns(page: Page, scope: string, count: number): Promise<void> {
  await page
    .locator(scope)
    .nth(count - 1)
    .waitFor({ timeout: 30_000 });
  const problems = await page.evaluate((scope) => {
    const tags = new Set(
      "a blockquote br code del em h1 h2 h3 h4 h5 h6 hr img li ol p pre strong table tbody td th thead tr ul".split(
        " ",
      ),
    );
    const attributes = new Set(["href", "src", "alt", "title", "align", "start", "class"]);
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll(`${scope} *`))) {
      if (!tags.has(element.localName)) found.push(`<${element.localName}>`);
      for (const { name, value } of Array.from(element.attributes)) {
        if (!attributes.has(name)) found.push(`<${element.localName} ${name}>`);
        if (
          (name === "href" || name === "src") &&
          !["http:", "https:", "mailto:"].includes(new URL(value, location.href).protocol)
        ) {
          found.push(`<${element.localName} ${name}="${value}">`);
        }
      }
    }
    return found;
  }, scope);
  expect(problems).toEqual([]);
  for (const [, href] of SAFE_LINKS) {
    expect(await page.locator(`${scope} a[href="${href}"]`).count()).toBeGreaterThan(0);
  }

  const url = page.url();
  await page.evaluate(() => {
    document.addEventListener(
      "click",
      (event) => {
        const link = (event.target as Element).closest("a");
        if (link !== null && ["http:", "https:", "mailto:"].includes(link.protocol)) event.preventDefault();
      },
      true,
    );
  });
  // Real clicks on what a reader would click, then every element through the DOM.
  const targets = page.locator(`${scope} a, ${scope} img`);
  for (let i = 0; i < (await targets.count()); i++) {
    await targets.nth(i).hover({ timeout: 5_000 });
    await targets.nth(i).click({ timeout: 5_000 });
  }
  await page.evaluate((scope) => {
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(`${scope} *`))) {
      for (const type of ["mouseover", "mouseenter", "focus", "toggle", "load", "error"]) {
        element.dispatchEvent(new Event(type, { bubbles: true }));
      }
      element.click();
    }
  }, scope);
  await page.waitForTimeout(300); // a javascript: navigation runs as a task after the click
  expect(await page.evaluate(() => (window as unknown as { __xssCalls: string[] }).__xssCalls)).toEqual([]);
  expect(page.url()).toBe(url);
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

/** Opens the report at a local address (only its own CSP applies), then again with its CSP removed. */
async function expectReportIsInert(html: string, name: string): Promise<void> {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${REPORT_CONTENT_SECURITY_POLICY}">`;
  expect(html).toContain(meta);
  expect(html).not.toMatch(/<script/i);
  for (const [variant, body] of [
    ["with-csp", html],
    ["without-csp", html.replace(meta, "")],
  ] as const) {
    const page = await trappedPage();
    const address = new URL(`report-${name}-${variant}.html`, server.url).href;
    await page.route(address, (route) => route.fulfill({ status: 200, contentType: "text/html", body }));
    await page.goto(address);
    await expectNothingRuns(page, "section.markdown", CELLS);
    if (variant === "with-csp") expect(await violations(page)).toEqual([]);
    await page.close();
  }
}
