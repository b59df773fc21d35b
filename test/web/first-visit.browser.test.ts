import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebIfStale, launchBrowser, type TestBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

// What a first visit really costs: Chromium loads the page until the network is idle, and Chrome's own network
// log (DevTools protocol) gives the bytes each response took on the wire, headers and compression included.

/** The budget for a first visit to /, compressed. */
const FIRST_VISIT_BUDGET_BYTES = 500_000;
const TIMEOUT = 30_000;

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  const webDir = await buildWebIfStale();
  server = await startTestServer({ warehousePath: await buildTestWarehouse(), webDir });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Transfer {
  readonly url: string;
  readonly bytes: number;
  readonly encoding: string | null;
}

/**
 * Every response `load` brings, with the bytes Chromium received for it. (The harness routes every request to
 * guard against outside hosts, which turns Chromium's HTTP cache off: every visit here is a first visit.)
 */
async function transfers(page: Page, load: () => Promise<unknown>): Promise<Transfer[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const responses = new Map<string, { url: string; encoding: string | null }>();
  const done: Transfer[] = [];
  cdp.on("Network.responseReceived", ({ requestId, response }) => {
    const headers = Object.fromEntries(
      Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    responses.set(requestId, {
      url: response.url,
      encoding: (headers["content-encoding"] as string | undefined) ?? null,
    });
  });
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    const seen = responses.get(requestId);
    if (seen !== undefined) done.push({ ...seen, bytes: encodedDataLength });
  });
  await load();
  await page.waitForLoadState("networkidle");
  await cdp.detach();
  return done;
}

const total = (list: ReadonlyArray<Transfer>): number => list.reduce((sum, t) => sum + t.bytes, 0);

describe("a first visit to /", () => {
  it(`sends under ${FIRST_VISIT_BUDGET_BYTES} bytes, scripts and styles compressed`, async () => {
    const page = await browser.context.newPage();
    const first = await transfers(page, async () => {
      await page.goto(server.url.href);
      await page.locator(".welcome h1").waitFor({ timeout: TIMEOUT });
    });
    expect(first.length).toBeGreaterThan(3);
    expect(total(first)).toBeLessThan(FIRST_VISIT_BUDGET_BYTES);
    const assets = first.filter((t) => /\/assets\/.+\.(js|css)$/.test(t.url) && t.bytes > 1500);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets)
      expect({ url: asset.url, encoding: asset.encoding }).toEqual({ url: asset.url, encoding: "br" });

    expect(browser.outsideRequests).toEqual([]);
    await page.close();
  });

  it("loads the notebook's editors and charts when a notebook opens", async () => {
    const page = await browser.context.newPage();
    await page.goto(new URL("/#/north-plan-trend", server.url).href);
    const line = page.locator('section[data-cell-id="plan-trend"] .chart svg [aria-label="line"] path');
    await expect.poll(() => line.count(), { timeout: TIMEOUT }).toBeGreaterThan(0);
    expect(await page.locator(".cm-editor").count()).toBeGreaterThan(0);
    await page.close();
  });
});
