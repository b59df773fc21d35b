import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type TestBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";

const WEB_DIR = join(PROJECT_ROOT, "src/web/dist");

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  if (!existsSync(join(WEB_DIR, "playground/index.html"))) {
    const build = spawnSync("npx", ["vite", "build", "-c", "src/web/vite.config.ts", "--logLevel", "warn"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`npm run build:web failed:\n${build.stdout}\n${build.stderr}`);
  }
  server = await startTestServer({ warehousePath: await buildTestWarehouse(), webDir: WEB_DIR });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the playground", () => {
  it("runs the default query (the north's 2024 plan share and trend) in headless Chromium and shows its result, with no request leaving localhost", async () => {
    const page = await browser.context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      // graphiql-explorer 0.9 logs this for list arguments it cannot show as checkboxes; the query is fine.
      if (
        message.type() === "error" &&
        !message.text().startsWith("arg mismatch between arg and selection")
      ) {
        consoleErrors.push(message.text());
      }
    });
    await page.goto(new URL("playground/", server.url).href);
    const run = page.locator(".graphiql-execute-button");
    await run.waitFor({ state: "visible", timeout: 30_000 });
    // The explorer and history plugins sit in the sidebar beside the docs.
    await page.locator('button[aria-label="Show History"]').waitFor({ state: "visible" });
    await page.locator('button[aria-label="Show GraphiQL Explorer"]').click();
    await expect
      .poll(() => page.locator(".graphiql-explorer-root").innerText(), { timeout: 30_000 })
      .toContain("areas");
    // Monaco renders spaces as no-break spaces.
    const textOf = async (selector: string): Promise<string> =>
      (await page.locator(selector).innerText()).replace(/\u00a0/g, " ");
    await expect
      .poll(() => textOf(".graphiql-query-editor"), { timeout: 30_000 })
      .toContain("query NorthPlan");
    const answered = page.waitForResponse(
      (r) => r.url().endsWith("/graphql") && (r.request().postData() ?? "").includes("NorthPlan"),
    );
    await run.click();
    const body = (await (await answered).json()) as {
      data: {
        share: { slices: Array<{ parts: Array<{ key: string; sharePercent: number }> }> };
        areas: Array<{ successor: { id: string; name: string } | null }>;
      };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    const national = body.data.share.slices[0].parts.find((p) => p.key === "national");
    expect(national?.sharePercent).toBeCloseTo(41.862, 3);
    expect(body.data.areas[0].successor).toEqual({ id: "2025-08", name: "Tuyên Quang" });
    // The response panel shows the result (Monaco renders only the lines in view).
    await expect
      .poll(() => textOf(".graphiql-response"), { timeout: 30_000 })
      .toContain('"sharePercent": 58.');
    expect(await textOf(".graphiql-response")).toContain('"publishedTotal": 170.8');
    expect(browser.outsideRequests).toEqual([]);
    expect(browser.requests.length).toBeGreaterThan(3);
    expect(consoleErrors).toEqual([]);
  });

  it("serves the web UI at / and /playground redirects to /playground/, with no request leaving localhost", async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(server.url.href);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toContain("Khuyến công Analytics");
    const redirect = await fetch(new URL("playground", server.url), { redirect: "manual" });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("/playground/");
    expect(browser.outsideRequests).toEqual([]);
  });
});
