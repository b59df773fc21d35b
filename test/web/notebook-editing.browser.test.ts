import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestBrowser } from "../support/browser.js";
import { readTable, type Row } from "../support/notebook-page.js";
import { openNotebookSite, type NotebookSite } from "../support/notebook-site.js";
import type { TestServer } from "../support/test-server.js";
import { PROJECT_ROOT } from "../support/test-warehouse.js";

// The notebook's front matter, constraints, narrative values, shared views and empty states, in Debian's
// headless Chromium against the published data and a private copy of the example notebooks (saves never
// touch notebooks/). Every test also checks that no request left localhost.

const TIMEOUT = 30_000;

let server: TestServer;
let browser: TestBrowser;
let notebooksDir: string;
let site: NotebookSite | undefined;

beforeAll(async () => {
  site = await openNotebookSite("editing-notebooks-", {
    "north-copy.md": await readFile(join(PROJECT_ROOT, "notebooks/north-plan-trend.md"), "utf8"),
  });
  ({ server, browser, notebooksDir } = site);
});

afterAll(async () => {
  await site?.close();
});

describe("editing the front matter in the page", () => {
  it("adds a parameter and a description, saves, and writes only those lines", async () => {
    const before = await readFile(join(notebooksDir, "north-copy.md"), "utf8");
    const page = await openNotebook("north-copy");
    await page.locator(".front-matter-editor > summary").click();
    const description = page.locator("#front-matter-description");
    expect(await description.inputValue()).toBe(
      "How the northern region's khuyến công plan moved through the 2021–2025 phase, and how its funding sources split.",
    );
    await description.fill("Kế hoạch khuyến công miền Bắc, 2021–2025.");
    await description.press("Tab");
    await expect
      .poll(() => page.locator(".notebook-header .description").innerText())
      .toBe("Kế hoạch khuyến công miền Bắc, 2021–2025.");

    const add = page.locator(".parameter-row.new");
    await add.locator("[data-field=name]").fill("source");
    await add.locator("[data-field=type]").selectOption("fundingSource");
    expect(await add.locator("[data-field=default]").inputValue()).toBe("TOTAL"); // the type's starting default
    await add.locator("[data-field=default]").fill("national");
    await add.locator("[data-field=label]").fill("Nguồn kinh phí");
    await add.locator("button.add-parameter").click();
    const input = page.locator('.parameter[data-parameter="source"]');
    await expect.poll(() => input.locator("label").innerText()).toBe("Nguồn kinh phí fundingSource");
    expect(await input.locator("select").inputValue()).toBe("NATIONAL");
    expect(await page.locator(".save-status").innerText()).toBe("Unsaved changes · Chưa lưu");

    await page.locator("button.save").click();
    await expect.poll(() => page.locator(".save-status").innerText()).toBe("Saved · Đã lưu");
    expect(await readFile(join(notebooksDir, "north-copy.md"), "utf8")).toBe(
      before
        .replace(/^description: .*$/m, "description: Kế hoạch khuyến công miền Bắc, 2021–2025.")
        .replace(
          "  baseYear: { type: year, default: 2021, label: Index base year (năm gốc) }\n",
          "  baseYear: { type: year, default: 2021, label: Index base year (năm gốc) }\n" +
            "  source: { type: fundingSource, default: NATIONAL, label: Nguồn kinh phí }\n",
        ),
    );
    await page.close();
  });

  it("shows a problem at the input it concerns and changes nothing", async () => {
    const page = await openNotebook("north-plan-trend");
    await page.locator(".front-matter-editor > summary").click();
    const add = page.locator(".parameter-row.new");
    await add.locator("[data-field=name]").fill("year");
    await add.locator("[data-field=type]").selectOption("year");
    await add.locator("[data-field=default]").fill("20x4");
    await add.locator("button.add-parameter").click();
    expect(await add.locator(".problem").innerText()).toBe(
      'The default expects a year such as 2024; got "20x4".',
    );
    expect(await add.locator("[data-field=default]").getAttribute("aria-invalid")).toBe("true");
    expect(await add.locator("[data-field=name]").getAttribute("aria-invalid")).toBeNull();

    expect(await page.locator(".front-matter-editor .constraint-list li").allInnerTexts()).toEqual([
      "baseYear in years",
    ]);
    const region = page.locator('.parameter-row[data-parameter-row="region"]');
    await region.locator("button.remove-parameter").click();
    expect(await region.locator(".problem").innerText()).toBe(
      'Parameter "region" is used by cells plan-trend, plan-cagr, plan-by-source; remove {{region}} from their variables first.',
    );
    expect(await page.locator(".save-status").innerText()).toBe("Saved · Đã lưu");

    // A default that breaks the notebook's constraint is refused at the default, naming the constraint.
    const years = page.locator('.parameter-row[data-parameter-row="years"]');
    await years.locator("[data-field=default]").fill("2022-2023");
    await years.locator("[data-field=default]").press("Enter");
    expect(await years.locator(".problem").innerText()).toBe(
      'The defaults break a constraint: Index base year (năm gốc) (2021) must lie within Years (năm) (2022–2023): change one of them ("baseYear in years").',
    );
    expect(await years.locator("[data-field=default]").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".save-status").innerText()).toBe("Saved · Đã lưu");

    // A valid edit applies at once: the label above the input, and the years' new default re-runs the cells.
    await years.locator("[data-field=label]").fill("Giai đoạn");
    await years.locator("[data-field=default]").fill("2021-2023");
    await years.locator("[data-field=default]").press("Enter");
    expect(await years.locator(".problem").innerText()).toBe("");
    await expect
      .poll(() => page.locator('.parameter[data-parameter="years"] label').innerText())
      .toBe("Giai đoạn yearRange");
    await expect
      .poll(async () => (await readTable(page, "plan-trend")).map((row) => row["points.year"]), {
        timeout: TIMEOUT,
      })
      .toEqual(["2021", "2022", "2023"]);
    expect(await page.locator(".save-status").innerText()).toBe("Unsaved changes · Chưa lưu");
    await page.close();
  });
});

describe("parameter options", () => {
  it("turns a parameter with options into a list of them, named from the catalog", async () => {
    const page = await openNotebook("north-plan-trend");
    await page.locator(".front-matter-editor > summary").click();
    const region = page.locator('.parameter-row[data-parameter-row="region"]');
    await region.locator("[data-field=options]").fill("north, south, 02");
    await region.locator("[data-field=options]").press("Enter");
    const select = page.locator("select#param-region");
    await expect
      .poll(() => select.locator("option").allInnerTexts(), { timeout: TIMEOUT })
      .toEqual(["Khu vực phía Bắc (north)", "Khu vực phía Nam (south)", "Hà Giang (02)"]);
    await select.selectOption("south");
    await expect
      .poll(async () => rowFor(await readTable(page, "plan-trend"), "points.year", "2025")["points.value"], {
        timeout: TIMEOUT,
      })
      .not.toBe("—");
    expect(await region.locator("[data-field=options]").inputValue()).toBe("north, south, 02");

    // Renaming a parameter renames it in the constraint too.
    const baseYear = page.locator('.parameter-row[data-parameter-row="baseYear"]');
    await baseYear.locator("[data-field=name]").fill("indexYear");
    await baseYear.locator("[data-field=name]").press("Enter");
    await expect
      .poll(() => page.locator(".front-matter-editor .constraint-list li").allInnerTexts())
      .toEqual(["indexYear in years"]);
    expect(await page.locator(".parameter-row[data-parameter-row=indexYear] legend").innerText()).toBe(
      "indexYear",
    );
    expect(await page.locator("#param-indexYear").inputValue()).toBe("2021");
    await page.close();
  });
});

describe("parameter constraints in the page", () => {
  it("catches years 2022–2024 with the index base year 2021 at the inputs, and runs once they agree", async () => {
    const page = await openNotebook("north-plan-trend");
    const message =
      'Index base year (năm gốc) (2021) must lie within Years (năm) (2022–2024): change one of them ("baseYear in years").';
    await page.locator("#param-years").fill("2022");
    await page.locator("#param-years-to").fill("2024");
    await page.locator("#param-years-to").press("Tab");
    const baseYear = page.locator('.parameter[data-parameter="baseYear"]');
    await expect.poll(() => baseYear.locator(".constraint-problem").innerText()).toBe(message);
    expect(await page.locator('.parameter[data-parameter="years"] .constraint-problem').innerText()).toBe(
      message,
    );
    expect(await page.locator("#param-baseYear").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#param-baseYear").getAttribute("aria-describedby")).toBe(
      "constraint-baseYear",
    );
    for (const cell of ["plan-trend", "plan-cagr", "plan-by-source"]) {
      await expect
        .poll(() => page.locator(`section[data-cell-id="${cell}"] .output-slot`).innerText())
        .toBe(`Not run · Chưa chạy: ${message}`);
    }

    await page.locator("#param-baseYear").fill("2022");
    await page.locator("#param-baseYear").press("Tab");
    await expect
      .poll(async () => (await readTable(page, "plan-trend")).map((row) => row["points.year"]), {
        timeout: TIMEOUT,
      })
      .toEqual(["2022", "2023", "2024"]);
    expect(rowFor(await readTable(page, "plan-trend"), "points.year", "2022")["points.index"]).toBe("100");
    await expect.poll(async () => (await readTable(page, "plan-cagr"))[0]?.["cagrToYear"]).toBe("2024");
    expect(await page.locator(".constraint-problem").count()).toBe(0);
    // The number format redraws the outputs and keeps what they say.
    await page.locator('.number-style button[data-style="en"]').click();
    await page.locator('.number-style button[data-style="vi"]').click();
    expect(await page.locator("#param-baseYear").getAttribute("aria-invalid")).toBeNull();
    await page.close();
  });
});

describe("values inside narrative", () => {
  it("writes a cell's value in the narrative and updates it when a parameter or the number format changes", async () => {
    const page = await openNotebook("north-plan-trend");
    const summary = page.locator('section[data-cell-id="growth-summary"] .markdown-body');
    await expect
      .poll(() => summary.innerText(), { timeout: TIMEOUT })
      .toBe("In short: from 2021 to 2024 the plan grew by 6,3% a year (bình quân mỗi năm).");
    await page.locator("#param-years-to").fill("2023");
    await page.locator("#param-years-to").press("Tab");
    await expect
      .poll(() => summary.innerText(), { timeout: TIMEOUT })
      .toBe("In short: from 2021 to 2023 the plan grew by 14,52% a year (bình quân mỗi năm).");
    await page.locator('.number-style button[data-style="en"]').click();
    await expect
      .poll(() => summary.innerText())
      .toBe("In short: from 2021 to 2023 the plan grew by 14.52% a year (bình quân mỗi năm).");
    await page.locator('.number-style button[data-style="vi"]').click();
    await page.close();
  });
});

describe("shareable views", () => {
  it("opens a shared link with its parameter values and number format, and keeps the address in step", async () => {
    const shared = "#/north-plan-trend?region=north&years=2021-2023&baseYear=2022&number-format=en";
    const page = await openPage(`/${shared}`);
    await expect
      .poll(async () => (await readTable(page, "plan-trend")).map((row) => row["points.value"]), {
        timeout: TIMEOUT,
      })
      .toEqual(["142.2", "174.3", "186.5"]);
    expect(await page.locator("#param-years").inputValue()).toBe("2021");
    expect(await page.locator("#param-years-to").inputValue()).toBe("2023");
    expect(await page.locator("#param-baseYear").inputValue()).toBe("2022");
    expect(await page.locator('.number-style button[data-style="en"]').getAttribute("aria-pressed")).toBe(
      "true",
    );
    expect(rowFor(await readTable(page, "plan-trend"), "points.year", "2022")["points.index"]).toBe("100");

    // A change is written into the address (replaced, not pushed), so the address is a link to what is shown.
    await page.locator("#param-years-to").fill("2024");
    await page.locator("#param-years-to").press("Tab");
    await expect
      .poll(() => new URL(page.url()).hash)
      .toBe("#/north-plan-trend?region=north&years=2021-2024&baseYear=2022&number-format=en");
    await page.locator('.number-style button[data-style="vi"]').click();
    expect(new URL(page.url()).hash).toBe(
      "#/north-plan-trend?region=north&years=2021-2024&baseYear=2022&number-format=vi",
    );

    // The HTML report records that link.
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: TIMEOUT }),
      page.locator("button.export-html").click(),
    ]);
    const html = await readFile((await download.path())!, "utf8");
    const link = page.url().replace(/&/g, "&amp;");
    expect(html).toContain(`<p class="meta view-link">View (xem): <code>${link}</code></p>`);
    expect(html).not.toMatch(/<script|<link|\s(?:src|href)="(?:https?:)?\/\//i);

    // The same link in a new page shows the same view.
    const again = await openPage(`/${new URL(page.url()).hash}`);
    await expect
      .poll(async () => (await readTable(again, "plan-trend")).map((row) => row["points.value"]), {
        timeout: TIMEOUT,
      })
      .toEqual(["142,2", "174,3", "186,5", "170,8"]);
    expect(await again.locator("#param-baseYear").inputValue()).toBe("2022");
    await again.close();
    await page.close();
  });

  it("says which values of a link it could not use, and opens with the rest", async () => {
    const page = await openPage("/#/north-plan-trend?years=2021-20x4&baseYear=2022&colour=red");
    await expect
      .poll(() => page.locator(".toast").innerText(), { timeout: TIMEOUT })
      .toBe(
        'The link\'s values were not all used: Parameter "years" (yearRange) expects a year range such as [2021, 2025] (on the command line: 2021-2025); got "2021-20x4". Unknown parameter "colour". Parameters: region, years, baseYear.',
      );
    expect(await page.locator("#param-baseYear").inputValue()).toBe("2022");
    expect(await page.locator("#param-years-to").inputValue()).toBe("2025");
    await page.close();
  });
});

describe("honest empty states", () => {
  it("shows the figures behind each area choice, and says which filter emptied a result", async () => {
    const page = await openNotebook("north-plan-trend");
    const years = page.locator('.parameter[data-parameter="years"] .coverage-hint');
    await expect
      .poll(() => years.innerText(), { timeout: TIMEOUT })
      .toBe("Figures by year · Số liệu theo năm: 2013 (1), 2016 (1), 2021 (1), 2022 (1), 2023 (1), 2024 (1)");
    const search = page.locator('[data-parameter="region"] input[role="combobox"]');
    await search.fill("phia bac");
    const north = page.locator('[data-parameter="region"] [role="option"][data-area-id="north"] .coverage');
    await expect.poll(() => north.innerText(), { timeout: TIMEOUT }).toBe("4 figures · số liệu");
    await search.fill("thai nguyen");
    const thaiNguyen = page.locator('[data-parameter="region"] [role="option"][data-area-id="19"] .coverage');
    await expect
      .poll(() => thaiNguyen.innerText(), { timeout: TIMEOUT })
      .toBe("no figures · không có số liệu");
    expect(await thaiNguyen.getAttribute("class")).toBe("coverage no-data");
    await search.press("Enter");
    const why = page.locator('section[data-cell-id="plan-trend"] .empty-why');
    await expect
      .poll(() => why.innerText(), { timeout: TIMEOUT })
      .toBe(
        "Why no rows · Vì sao không có dòng\n\n" +
          "No figures match area Thái Nguyên (19), years 2021–2025, stage PLAN and funding source TOTAL together.\n\n" +
          "The area filter (Thái Nguyên (19)) removed everything: without it, 12 figures match: Khu vực phía Bắc (north) 4, " +
          "Khu vực miền Trung - Tây Nguyên (central-highlands) 2, Lào Cai (10) 2, Việt Nam (VN) 2, Khu vực phía Nam (south) 1, Quảng Trị (45) 1.",
      );
    expect(await page.locator('section[data-cell-id="plan-trend"] .output .empty').innerText()).toBe(
      "No rows · Không có dòng nào",
    );
    // Redrawn in the other number format, the output still says why.
    await page.locator('.number-style button[data-style="en"]').click();
    expect(await why.count()).toBe(1);
    await page.locator('.number-style button[data-style="vi"]').click();
    await page.close();
  });
});

describe("the browser", () => {
  it("made every request to the local server, without a page error", () => {
    expect(pageErrors).toEqual([]);
    expect(browser.outsideRequests).toEqual([]);
  });
});

/** Uncaught exceptions and console errors of every page; the last test expects none. */
const pageErrors: string[] = [];

async function openPage(address: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`${error.name}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      pageErrors.push(message.text());
    }
  });
  await page.goto(new URL(address, server.url).href);
  return page;
}

/** Opens a notebook and waits until its first query cell has run. */
async function openNotebook(name: string, query = ""): Promise<Page> {
  const page = await openPage(`/${query}#/${name}`);
  await page.locator("section.cell-graphql .run-stamp").first().waitFor({ timeout: TIMEOUT });
  return page;
}

function rowFor(rows: ReadonlyArray<Row>, column: string, value: string): Row {
  const row = rows.find((candidate) => candidate[column] === value);
  if (row === undefined) throw new Error(`No row with ${column} = ${value} in ${JSON.stringify(rows)}`);
  return row;
}
