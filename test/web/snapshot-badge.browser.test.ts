import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEtl } from "../../etl/run-etl.js";
import { buildWebIfStale, launchBrowser, type TestBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { copyTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";

// The notebook page's snapshot badge follows /snapshot-events: a snapshot published while the page is open
// shows in the header at once, without a reload of the page or any polling.

const TIMEOUT = 30_000;
const NAME = "north-plan-trend";
const OTHER_DATA = join(PROJECT_ROOT, "test/fixtures/valid-variants");

let server: TestServer;
let browser: TestBrowser;
let warehousePath: string;
let notebooksDir: string;

beforeAll(async () => {
  const webDir = await buildWebIfStale();
  warehousePath = await copyTestWarehouse();
  await mkdir(join(PROJECT_ROOT, "test/.tmp"), { recursive: true });
  notebooksDir = await mkdtemp(join(PROJECT_ROOT, "test/.tmp/badge-notebooks-"));
  await cp(join(PROJECT_ROOT, "notebooks", `${NAME}.md`), join(notebooksDir, `${NAME}.md`));
  server = await startTestServer({ warehousePath, webDir, notebooksDir, watch: { intervalMs: 100 } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (warehousePath !== undefined) await rm(dirname(warehousePath), { recursive: true, force: true });
  if (notebooksDir !== undefined) await rm(notebooksDir, { recursive: true, force: true });
});

describe("the notebook page's snapshot badge", () => {
  it("shows the served snapshot, and the new one as soon as it is published", async () => {
    const before = ((await server.getJson("health")).body as { snapshot: { hash: string } }).snapshot.hash;
    const page = await browser.context.newPage();
    await page.goto(new URL(`/#/${NAME}`, server.url).href);
    const badge = page.locator("header .snapshot-badge");
    await expect.poll(() => badge.getAttribute("data-snapshot"), { timeout: TIMEOUT }).toBe(before);
    expect(await badge.innerText()).toBe(`data · dữ liệu ${before.slice(0, 8)}`);

    const published = await runEtl({ dataDir: OTHER_DATA, dbPath: warehousePath });
    expect(published.status).toBe("succeeded");
    const after = published.snapshotHash!;
    expect(after).not.toBe(before);
    await expect.poll(() => badge.getAttribute("data-snapshot"), { timeout: TIMEOUT }).toBe(after);
    expect(await badge.innerText()).toBe(`new data · dữ liệu mới ${after.slice(0, 8)}`);
    expect(await badge.getAttribute("title")).toContain(`ETL run ${published.runId}`);
    expect(browser.outsideRequests).toEqual([]);
    await page.close();
  });
});
