import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildWebIfStale, launchBrowser, type TestBrowser } from "./browser.js";
import { startTestServer, type TestServer } from "./test-server.js";
import { buildTestWarehouse, PROJECT_ROOT } from "./test-warehouse.js";

const TIMEOUT = 30_000;

/** The web notebook served over the published data from a private copy of notebooks/, and a browser with write access. */
export interface NotebookSite {
  readonly server: TestServer;
  readonly browser: TestBrowser;
  /** The copy of notebooks/ the server reads and saves to (never notebooks/ itself). */
  readonly notebooksDir: string;
  close(): Promise<void>;
}

/**
 * Copies notebooks/ into test/.tmp/<prefix>…, adds `files` (name → Markdown), starts a server over the published
 * data and the built web UI on that copy, and opens the address the server prints (`/?token=…`), whose HttpOnly
 * session cookie gives every page of the browser's context write access. Refuses to go on when the server does
 * not list the copy's own files (saves would go to the real examples) or a page stays read-only.
 */
export async function openNotebookSite(
  prefix: string,
  files: Readonly<Record<string, string>> = {},
): Promise<NotebookSite> {
  const webDir = await buildWebIfStale();
  await mkdir(join(PROJECT_ROOT, "test/.tmp"), { recursive: true });
  const notebooksDir = await mkdtemp(join(PROJECT_ROOT, `test/.tmp/${prefix}`));
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server?.close();
    await rm(notebooksDir, { recursive: true, force: true });
  };
  try {
    await cp(join(PROJECT_ROOT, "notebooks"), notebooksDir, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(notebooksDir, name), text);
    server = await startTestServer({ warehousePath: await buildTestWarehouse(), webDir, notebooksDir });
    const listed = await server.execute<{ notebooks: { name: string }[] }>("{ notebooks { name } }");
    const names = new Set(listed.data?.notebooks.map((notebook) => `${notebook.name}.md`));
    const missing = Object.keys(files).filter((name) => !names.has(name));
    if (missing.length > 0) {
      throw new Error(
        `The test server does not serve the notebooks copy in ${notebooksDir} (${missing.join(", ")} not ` +
          "listed); refusing to edit notebooks/.",
      );
    }
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.goto(new URL(`/?token=${server.writeToken}`, server.url).href);
    await page.locator(".welcome h1").waitFor({ timeout: TIMEOUT });
    if ((await page.locator(".read-only-banner").count()) !== 0) throw new Error("No write session.");
    await page.close();
    return { server, browser, notebooksDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
