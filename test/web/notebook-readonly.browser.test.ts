import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebIfStale, launchBrowser, type TestBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";

// The web notebook without write access, in Debian's headless Chromium: read-only until the page is opened at
// the address the server prints (`/?token=…`), which gives an HttpOnly session cookie and drops the token from
// the address. Each test has a browser profile of its own, so no session leaks from one to the next.

const TIMEOUT = 30_000;
const NAME = "north-plan-trend";

let server: TestServer;
let notebooksDir: string;
const browsers: TestBrowser[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  const webDir = await buildWebIfStale();
  await mkdir(join(PROJECT_ROOT, "test/.tmp"), { recursive: true });
  notebooksDir = await mkdtemp(join(PROJECT_ROOT, "test/.tmp/readonly-notebooks-"));
  await cp(join(PROJECT_ROOT, "notebooks", `${NAME}.md`), join(notebooksDir, `${NAME}.md`));
  server = await startTestServer({ warehousePath: await buildTestWarehouse(), webDir, notebooksDir });
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await server?.close();
  if (notebooksDir !== undefined) await rm(notebooksDir, { recursive: true, force: true });
});

describe("the web notebook without write access", () => {
  it("is read-only: a banner says how to get access, and every control that changes a file is disabled", async () => {
    const page = await openPage(`#/${NAME}`);
    await page.locator("section.cell-graphql .run-stamp").first().waitFor({ timeout: TIMEOUT });
    const banner = page.locator(".read-only-banner");
    expect(await banner.innerText()).toContain("Read-only");
    expect(await banner.innerText()).toContain("?token=");
    for (const selector of [
      "button.save",
      "button.rename",
      "button.delete",
      ".add-bar button.add-query",
      ".new-notebook button[type=submit]",
      "#new-title",
      "section.cell button.move-down",
      "section.cell button.delete-cell",
      "section.cell-markdown button.edit",
    ]) {
      expect(await page.locator(selector).first().isDisabled(), selector).toBe(true);
    }
    expect(await page.locator(".title-input").getAttribute("readonly")).not.toBeNull();
    // Typing into a query changes nothing; running and exporting still work.
    await page.locator("section.cell-graphql .query-editor .cm-content").first().click();
    await page.keyboard.type("zzz");
    expect(
      await page.locator("section.cell-graphql .query-editor .cm-content").first().innerText(),
    ).not.toContain("zzz");
    expect(await page.locator(".save-status").innerText()).toContain("Saved");
    expect(await page.locator("button.run-all").isDisabled()).toBe(false);
    expect(await page.locator("button.export-md").isDisabled()).toBe(false);
    expect(await session(page)).toEqual({ canWrite: false });
  });

  it("is not fooled by a wrong token: it stays read-only and says the token was refused", async () => {
    const page = await openPage("?token=not-the-token#/");
    await expect
      .poll(() => page.locator(".toast").innerText(), { timeout: TIMEOUT })
      .toContain("That token is not this server's write or admin token");
    expect(await page.locator(".read-only-banner").count()).toBe(1);
    expect(new URL(page.url()).search).toBe("");
    expect(await page.context().cookies()).toEqual([]);
  });

  it("opened at /?token=…, drops the token from the address, keeps an HttpOnly cookie, and saves", async () => {
    const page = await openPage(`?token=${encodeURIComponent(server.writeToken)}#/${NAME}`);
    await page.locator("section.cell-graphql .run-stamp").first().waitFor({ timeout: TIMEOUT });
    expect(page.url()).toBe(new URL(`/#/${NAME}`, server.url).href);
    // Replaced, not pushed: Back leaves the page instead of returning to the address with the token.
    await page.goBack();
    expect(page.url()).toBe("about:blank");
    await page.goForward();
    expect(page.url()).toBe(new URL(`/#/${NAME}`, server.url).href);
    await page.locator("section.cell-graphql .run-stamp").first().waitFor({ timeout: TIMEOUT });
    expect(await page.locator(".read-only-banner").count()).toBe(0);
    const cookies = await page.context().cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: "kc_session", httpOnly: true, sameSite: "Strict", path: "/" });
    expect(cookies[0]!.value).not.toContain(server.writeToken);
    expect(await page.evaluate(() => document.cookie)).toBe(""); // HttpOnly: script cannot read it

    await page.locator(".title-input").fill("Edited with a write session");
    await page.locator("button.save").click();
    await expect
      .poll(() => page.locator(".save-status").innerText(), { timeout: TIMEOUT })
      .toContain("Saved");
    expect(await readFile(join(notebooksDir, `${NAME}.md`), "utf8")).toContain(
      "title: Edited with a write session\n",
    );

    // The session outlives the page: a reload without the token can still write.
    await page.reload();
    await page.locator("section.cell-graphql .run-stamp").first().waitFor({ timeout: TIMEOUT });
    expect(await page.locator("button.save").isDisabled()).toBe(false);
    expect(await session(page)).toEqual({ canWrite: true });
  });

  it("raised no page error and made no request outside the local server", () => {
    expect(pageErrors).toEqual([]);
    for (const browser of browsers) expect(browser.outsideRequests).toEqual([]);
  });
});

/** A page of a fresh browser profile at `<server>/<suffix>`, recording its errors. */
async function openPage(suffix: string): Promise<Page> {
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await browser.context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`${error.name}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      pageErrors.push(message.text());
    }
  });
  await page.goto(new URL(`/${suffix}`, server.url).href);
  return page;
}

async function session(page: Page): Promise<unknown> {
  return page.evaluate(async () => (await fetch("/session")).json());
}
