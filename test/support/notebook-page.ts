import { readFile } from "node:fs/promises";
import type { Download, Page } from "playwright-core";

const TIMEOUT = 30_000;

/** A result table's row: cell text by column path. */
export type Row = Record<string, string>;

/**
 * The rows of a cell's result table, keyed by column path (`data-column`; the header shows a heading from the
 * schema), as the page shows their text.
 */
export async function readTable(page: Page, cellId: string): Promise<Row[]> {
  const table = page.locator(`section[data-cell-id="${cellId}"] table.result`);
  await table.waitFor({ timeout: TIMEOUT });
  return table.evaluate((element) => {
    const columns = [...element.querySelectorAll("thead th")].map(
      (th) => th.getAttribute("data-column") ?? th.textContent!.replace(/[▲▼]/g, "").trim(),
    );
    return [...element.querySelectorAll("tbody tr")].map((tr) =>
      Object.fromEntries([...tr.querySelectorAll("td")].map((td, i) => [columns[i]!, td.textContent!])),
    );
  });
}

/** The text of the file the page downloads when `trigger` runs. */
export async function downloadText(page: Page, trigger: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: TIMEOUT }), trigger()]);
  return readFile((await (download as Download).path())!, "utf8");
}
