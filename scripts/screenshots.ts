// npm run screenshots: docs/images/notebook.png, docs/images/playground.png and docs/images/notebook-phone.png
// (390 px wide), taken in Debian's headless Chromium from the real server (src/server/main.ts) on the published
// data in data/. The warehouse is built fresh into a temporary folder and the notebooks are a temporary copy, so
// nothing in the tree changes except the three images. Any request leaving localhost is aborted and fails the run: the pictures show the offline app.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT_DIR = join(ROOT, "docs/images");
const CHROMIUM = "/usr/bin/chromium";
const VIEWPORT = { width: 1440, height: 1000 };
/** A common phone (390 × 844 CSS pixels), for docs/images/notebook-phone.png. */
const PHONE = { width: 390, height: 844 };
/** The pictures show the notebook as a writer sees it (not read-only): the page gets a write session. */
const WRITE_TOKEN = randomBytes(24).toString("base64url");

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), "kc-screenshots-"));
  const notebooks = join(scratch, "notebooks");
  await cp(join(ROOT, "notebooks"), notebooks, { recursive: true });
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/server/main.ts",
      "--port",
      String(port),
      "--db",
      join(scratch, "khuyen-cong.duckdb"),
      "--data",
      join(ROOT, "data"),
      "--notebooks",
      notebooks,
      "--write-token",
      WRITE_TOKEN,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const base = await serverUrl(server, port);
    await mkdir(OUT_DIR, { recursive: true });
    await shoot(base);
  } finally {
    server.kill("SIGTERM");
    await rm(scratch, { recursive: true, force: true });
  }
}

async function shoot(base: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: "vi-VN" });
  const outside: string[] = [];
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    const local =
      ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) || !url.protocol.startsWith("http");
    if (local) return route.continue();
    outside.push(url.href);
    return route.abort("blockedbyclient");
  });
  try {
    const notebook = await context.newPage();
    await notebook.goto(`${base}?token=${WRITE_TOKEN}#/north-plan-trend`);
    await notebook
      .locator('section[data-cell-id="plan-trend"] .chart [aria-label="line"]')
      .waitFor({ timeout: 60_000 });
    await notebook
      .locator('section[data-cell-id="plan-by-source"] .chart [aria-label="bar"]')
      .waitFor({ timeout: 60_000 });
    await settle(notebook);
    // Tall enough for the parameters, the first query, its table and its chart in one picture.
    await notebook.setViewportSize({ width: VIEWPORT.width, height: 1640 });
    await notebook.screenshot({ path: join(OUT_DIR, "notebook.png") });

    const playground = await context.newPage();
    await playground.goto(`${base}playground/`);
    const run = playground.locator(".graphiql-execute-button");
    await run.waitFor({ state: "visible", timeout: 60_000 });
    // Whatever the default query is: wait for it, run it, wait for its data.
    await playground.waitForFunction(
      () => /query/.test(document.querySelector(".graphiql-query-editor")?.textContent ?? ""),
      undefined,
      { timeout: 60_000 },
    );
    await run.click();
    await playground.waitForFunction(
      () => /"data"/.test(document.querySelector(".graphiql-response")?.textContent ?? ""),
      undefined,
      { timeout: 60_000 },
    );
    await settle(playground);
    await playground.screenshot({ path: join(OUT_DIR, "playground.png") });

    // The same notebook on a phone: the list folded, the first result's table scrolling inside its cell and its
    // chart drawn at the cell's width.
    const phone = await context.newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(`${base}#/north-plan-trend`);
    const trendChart = phone.locator('section[data-cell-id="plan-trend"] .chart [aria-label="line"]');
    await trendChart.waitFor({ timeout: 60_000 });
    await settle(phone);
    await phone.locator('section[data-cell-id="plan-trend"] .output').evaluate((output) => {
      output.scrollIntoView();
      window.scrollBy(0, -(document.querySelector(".app-header")?.clientHeight ?? 0) - 8); // below the sticky header
    });
    await settle(phone);
    await phone.screenshot({ path: join(OUT_DIR, "notebook-phone.png") });
  } finally {
    await browser.close();
  }
  if (outside.length > 0) throw new Error(`Requests left localhost: ${outside.join(", ")}`);
  console.log(
    `Wrote ${["notebook.png", "playground.png", "notebook-phone.png"].map((name) => join("docs/images", name)).join(", ")}.`,
  );
}

/** Lets fonts, layout and Plot's transitions finish before the picture. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(500);
}

/** Waits until the server logs its GraphQL URL (it builds the warehouse first, which takes a while). */
function serverUrl(server: ChildProcess, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`The server did not start in 180 s:\n${seen}`)), 180_000);
    server.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      process.stdout.write(chunk);
      if (seen.includes(`:${port}/graphql`)) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}/`);
      }
    });
    server.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with code ${code} before serving:\n${seen}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject()));
    });
  });
}

await main();
