import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestBrowser } from "../support/browser.js";
import { downloadText, readTable, type Row } from "../support/notebook-page.js";
import { openNotebookSite, type NotebookSite } from "../support/notebook-site.js";
import type { TestServer } from "../support/test-server.js";

// The web notebook at / in Debian's headless Chromium, against the published data and a private copy of the
// example notebooks (saves never touch notebooks/). Every test also checks that no request left localhost.

const TIMEOUT = 30_000;
const SENTINEL = "only-in-the-test-copy";

let server: TestServer;
let browser: TestBrowser;
let notebooksDir: string;
let site: NotebookSite | undefined;

beforeAll(async () => {
  site = await openNotebookSite("web-notebooks-", {
    [`${SENTINEL}.md`]: "---\ntitle: Only in the test copy\n---\n",
  });
  ({ server, browser, notebooksDir } = site);
});

afterAll(async () => {
  await site?.close();
});

describe("the web notebook", () => {
  it("opens an example notebook and shows the north's 2024 plan as 170,8, then 170.8 in English format", async () => {
    const page = await openNotebook("north-plan-trend");
    const trend = await readTable(page, "plan-trend");
    expect(trend.map((row) => row["points.year"])).toEqual(["2021", "2022", "2023", "2024", "2025"]);
    expect(rowFor(trend, "points.year", "2024")["points.value"]).toBe("170,8");
    expect(rowFor(trend, "points.year", "2021")["points.value"]).toBe("142,2");
    expect(rowFor(trend, "points.year", "2022")["points.changePercent"]).toBe("22,57");
    expect(rowFor(trend, "points.year", "2025")["points.value"]).toBe("—");
    // Every cell shows the snapshot that answered it and when it ran.
    const stamp = page.locator('section[data-cell-id="plan-trend"] .run-stamp');
    expect(await stamp.getAttribute("data-snapshot")).toMatch(/^[0-9a-f]{64}$/);
    expect(await stamp.locator(".snapshot-hash").innerText()).toMatch(/^[0-9a-f]{8}$/);
    // …and links the data-quality page of the ETL run that built it.
    const quality = stamp.locator("a.quality-link");
    expect(await quality.getAttribute("href")).toMatch(/^quality\/\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    const qualityPage = await page.request.get(
      new URL((await quality.getAttribute("href"))!, page.url()).href,
    );
    expect(qualityPage.status()).toBe(200);
    expect(await qualityPage.text()).toContain("<h2>Inputs (");

    await page.locator('.number-style button[data-style="en"]').click();
    await expect
      .poll(async () => rowFor(await readTable(page, "plan-trend"), "points.year", "2024")["points.value"])
      .toBe("170.8");
    await page.locator('.number-style button[data-style="vi"]').click();
    expect(rowFor(await readTable(page, "plan-trend"), "points.year", "2024")["points.value"]).toBe("170,8");
    await page.close();
  });

  it("draws the trend as a line and the funding sources as bars with Observable Plot", async () => {
    const page = await openNotebook("north-plan-trend");
    const line = page.locator('section[data-cell-id="plan-trend"] .chart svg [aria-label="line"] path');
    await expect.poll(() => line.count()).toBeGreaterThan(0);
    const bars = page.locator('section[data-cell-id="plan-by-source"] .chart svg [aria-label="bar"] rect');
    await expect.poll(() => bars.count(), { timeout: TIMEOUT }).toBe(4); // national and local, 2021 and 2024
    await page.close();
  });

  it("sorts the table by a column when its header is clicked", async () => {
    const page = await openNotebook("north-plan-trend");
    const header = page.locator('section[data-cell-id="plan-trend"] th[data-column="points.value"]');
    await header.locator("button").click();
    expect((await readTable(page, "plan-trend")).map((row) => row["points.value"])).toEqual([
      "142,2",
      "170,8",
      "174,3",
      "186,5",
      "—",
    ]);
    await header.locator("button").click();
    expect(await header.getAttribute("aria-sort")).toBe("descending");
    expect((await readTable(page, "plan-trend"))[0]!["points.value"]).toBe("186,5");
    await page.close();
  });

  it("re-runs the cells that use a parameter when it changes: a year range, then an area found without diacritics", async () => {
    const page = await openNotebook("north-plan-trend");
    const stamp = page.locator('section[data-cell-id="plan-trend"] .run-stamp');
    const ranBefore = await stamp.getAttribute("data-ran-at");
    const lastYear = page.locator("#param-years-to");
    await lastYear.fill("2023");
    await lastYear.press("Tab");
    await expect
      .poll(async () => (await readTable(page, "plan-trend")).map((row) => row["points.year"]), {
        timeout: TIMEOUT,
      })
      .toEqual(["2021", "2022", "2023"]);
    expect(rowFor(await readTable(page, "plan-trend"), "points.year", "2023")["points.value"]).toBe("186,5");
    expect(await stamp.getAttribute("data-ran-at")).not.toBe(ranBefore);
    await expect.poll(async () => (await readTable(page, "plan-cagr"))[0]?.["cagrToYear"]).toBe("2023");

    const search = page.locator('[data-parameter="region"] input[role="combobox"]');
    await search.fill("ha giang");
    const option = page.locator('[data-parameter="region"] [role="option"][data-area-id="02"]');
    await expect.poll(() => option.innerText(), { timeout: TIMEOUT }).toContain("Hà Giang");
    await search.press("Enter"); // the first match is highlighted
    await expect
      .poll(() => page.locator('[data-parameter="region"] .current').innerText())
      .toBe("Hà Giang (02)");
    await expect
      .poll(() => page.locator('section[data-cell-id="plan-trend"] .output').innerText(), {
        timeout: TIMEOUT,
      })
      .toContain("No rows");

    await search.fill("phia nam");
    await page.locator('[data-parameter="region"] [role="option"][data-area-id="south"]').click();
    await lastYear.fill("2025");
    await lastYear.press("Tab");
    await expect
      .poll(async () => rowFor(await readTable(page, "plan-trend"), "points.year", "2025")["points.value"], {
        timeout: TIMEOUT,
      })
      .toBe("56,3");
    await page.close();
  });

  it("completes fields from the live schema, and shows a query error at its line and column, marked in the editor", async () => {
    const page = await openNotebook("north-plan-trend");
    await page.locator(".add-bar button.add-query").click();
    const cell = page.locator("section.cell-graphql").last();
    const editor = cell.locator(".query-editor .cm-content");
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    // Completion comes from the live schema (introspection of /graphql).
    await page.keyboard.type("{ are");
    const completions = page.locator(".cm-tooltip-autocomplete");
    await expect.poll(() => completions.innerText(), { timeout: TIMEOUT }).toContain("areas");
    await page.keyboard.press("Escape");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("{ yearz { year } }");
    await page.keyboard.press("Escape"); // close the completion list
    await page.keyboard.press("Shift+Enter");
    const errors = cell.locator(".errors li");
    await expect.poll(() => errors.first().innerText(), { timeout: TIMEOUT }).toContain("line 1, column 3");
    expect(await errors.first().innerText()).toContain('Cannot query field "yearz"');
    await expect.poll(() => cell.locator(".cm-run-error").innerText()).toBe("yearz");
    await page.close();
  });

  it("saves an edited title and text, and finds both after a reload", async () => {
    const page = await openNotebook("north-plan-trend");
    await page.locator(".title-input").fill("The north's plan, 2021–2025 (edited)");
    const note = page.locator('section[data-cell-id="growth-note"]');
    await note.locator("button.edit").click();
    await note.locator(".markdown-editor .cm-content").click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type(" Edited in the browser.");
    await note.locator("button.edit").click();
    await expect.poll(() => page.locator(".save-status").innerText()).toContain("Unsaved");
    await page.locator("button.save").click();
    await expect
      .poll(() => page.locator(".save-status").innerText(), { timeout: TIMEOUT })
      .toContain("Saved");

    const file = await readFile(join(notebooksDir, "north-plan-trend.md"), "utf8");
    expect(file).toContain("title: The north's plan, 2021–2025 (edited)\n");
    expect(file).toContain("of the span: Edited in the browser.\n");

    await page.reload();
    await page.locator('section[data-cell-id="plan-trend"] table.result').waitFor({ timeout: TIMEOUT });
    expect(await page.locator(".title-input").inputValue()).toBe("The north's plan, 2021–2025 (edited)");
    expect(await page.locator('section[data-cell-id="growth-note"] .markdown-body').innerText()).toContain(
      "Edited in the browser.",
    );
    await page.close();
  });

  it("moves and deletes cells, and the saved file keeps the new order", async () => {
    const page = await openNotebook("xviii-north-report");
    const ids = (): Promise<string[]> =>
      page
        .locator("section.cell")
        .evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-cell-id")!));
    const before = await ids();
    const first = (await page.locator("section.cell-graphql").first().getAttribute("data-cell-id"))!;
    const last = (await page.locator("section.cell-graphql").last().getAttribute("data-cell-id"))!;
    const at = before.indexOf(first);
    const moved = [...before.slice(0, at), before[at + 1]!, first, ...before.slice(at + 2)];
    await page.locator(`section[data-cell-id="${first}"] button.move-down`).click();
    expect(await ids()).toEqual(moved);
    await page.locator(`section[data-cell-id="${last}"] button.delete-cell`).click();
    const expected = moved.filter((id) => id !== last);
    expect(await ids()).toEqual(expected);

    await page.locator("button.save").click();
    await expect
      .poll(() => page.locator(".save-status").innerText(), { timeout: TIMEOUT })
      .toContain("Saved");
    expect(await readFile(join(notebooksDir, "xviii-north-report.md"), "utf8")).not.toContain(
      "```graphql id=" + last + "\n",
    );
    await page.reload();
    await page.locator("section.cell-graphql .run-stamp").first().waitFor({ timeout: TIMEOUT });
    expect(await ids()).toEqual(expected);
    await page.close();
  });

  it("tells the second writer of a concurrent edit about the conflict, and lets them reload or overwrite", async () => {
    const first = await openNotebook("regions-compared");
    const second = await openNotebook("regions-compared");
    await first.locator(".title-input").fill("Edited in the first tab");
    await first.locator("button.save").click();
    await expect
      .poll(() => first.locator(".save-status").innerText(), { timeout: TIMEOUT })
      .toContain("Saved");

    await second.locator(".title-input").fill("Edited in the second tab");
    await second.locator("button.save").click();
    const conflict = second.locator(".banner.conflict");
    await expect.poll(() => conflict.innerText(), { timeout: TIMEOUT }).toContain("Conflict");
    expect(await conflict.innerText()).toContain("changed elsewhere");
    await conflict.locator("button.overwrite").click();
    await expect
      .poll(() => second.locator(".save-status").innerText(), { timeout: TIMEOUT })
      .toContain("Saved");
    expect(await second.locator(".banner.conflict").count()).toBe(0);
    expect(await readFile(join(notebooksDir, "regions-compared.md"), "utf8")).toContain(
      "title: Edited in the second tab\n",
    );

    // Now the first tab is behind: it reloads the other edit instead.
    await first.locator(".title-input").fill("Edited in the first tab again");
    await first.locator("button.save").click();
    await first.locator(".banner.conflict button.reload").click();
    await expect
      .poll(() => first.locator(".title-input").inputValue(), { timeout: TIMEOUT })
      .toBe("Edited in the second tab");
    await first.close();
    await second.close();
  });

  it("lists the notebooks at /, and creates, renames and deletes one", async () => {
    const page = await openPage("");
    await page.locator(".welcome h1").waitFor({ timeout: TIMEOUT });
    await expect
      .poll(() => page.locator(".notebook-list a[data-notebook]").count())
      .toBeGreaterThanOrEqual(4);
    await page.locator("#new-title").fill("Thử nghiệm Hà Giang");
    expect(await page.locator("#new-name").inputValue()).toBe("thu-nghiem-ha-giang");
    await page.locator(".new-notebook button[type=submit]").click();
    await expect
      .poll(() => page.locator(".title-input").inputValue(), { timeout: TIMEOUT })
      .toBe("Thử nghiệm Hà Giang");
    expect(page.url()).toMatch(/#\/thu-nghiem-ha-giang$/);
    expect(await exists(join(notebooksDir, "thu-nghiem-ha-giang.md"))).toBe(true);

    await page.locator("button.rename").click();
    await page.locator(".rename-form input").fill("ha-giang-trial");
    await page.locator(".rename-form button[type=submit]").click();
    await expect
      .poll(() => page.locator(".file-name").innerText(), { timeout: TIMEOUT })
      .toBe("notebooks/ha-giang-trial.md");
    await expect.poll(() => page.locator('.notebook-list a[data-notebook="ha-giang-trial"]').count()).toBe(1);
    expect(await exists(join(notebooksDir, "thu-nghiem-ha-giang.md"))).toBe(false);

    page.once("dialog", (dialog) => void dialog.accept());
    await page.locator("button.delete").click();
    await expect
      .poll(() => page.locator('.notebook-list a[data-notebook="ha-giang-trial"]').count(), {
        timeout: TIMEOUT,
      })
      .toBe(0);
    expect(await exists(join(notebooksDir, "ha-giang-trial.md"))).toBe(false);
    await page.close();
  });

  it("exports a cell as CSV, and the notebook as Markdown and as a standalone HTML report", async () => {
    const page = await openNotebook("north-plan-trend");
    const csv = await downloadText(page, () =>
      page.locator('section[data-cell-id="plan-trend"] button.export-csv').click(),
    );
    expect(csv.split("\r\n")[0]).toBe(
      "\uFEFFpoints.year,points.value,points.change,points.changePercent,points.index,points.reason",
    );
    expect(csv).toContain("\r\n2024,170.8,");

    const markdown = await downloadText(page, () => page.locator("button.export-md").click());
    expect(markdown).toBe(await readFile(join(notebooksDir, "north-plan-trend.md"), "utf8"));

    const html = await downloadText(page, () => page.locator("button.export-html").click());
    expect(html).toContain("<svg");
    expect(html).toContain("170,8");
    expect(html).not.toMatch(/<script|<link|\s(?:src|href)="(?:https?:)?\/\//i);
    await page.close();
  });

  it("made every request to the local server and none outside it, without a page error", () => {
    expect(pageErrors).toEqual([]);
    expect(browser.outsideRequests).toEqual([]);
    expect(browser.requests.length).toBeGreaterThan(10);
    for (const url of browser.requests) expect(new URL(url).hostname).toBe("127.0.0.1");
  });
});

/** Uncaught exceptions and console errors of every page; the last test expects none. */
const pageErrors: string[] = [];

/** A new page at `#/<hash>` (at / when empty), recording its errors in `pageErrors`. */
async function openPage(hash: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`${error.name}: ${error.message}`));
  page.on("console", (message) => {
    // A GraphQL validation error comes back as HTTP 400, which Chromium logs as a failed resource.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      pageErrors.push(message.text());
    }
  });
  await page.goto(hash === "" ? server.url.href : new URL(`#/${hash}`, server.url).href);
  return page;
}

/** Opens a notebook and waits until its first query cell has run. */
async function openNotebook(name: string): Promise<Page> {
  const page = await openPage(name);
  await page.locator("section.cell-graphql .run-stamp").first().waitFor({ timeout: TIMEOUT });
  return page;
}

function rowFor(rows: ReadonlyArray<Row>, column: string, value: string): Row {
  const row = rows.find((candidate) => candidate[column] === value);
  if (row === undefined) throw new Error(`No row with ${column} = ${value} in ${JSON.stringify(rows)}`);
  return row;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
