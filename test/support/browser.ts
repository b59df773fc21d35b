import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { PROJECT_ROOT } from "./test-warehouse.js";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export interface TestBrowser {
  readonly context: BrowserContext;
  /** Every request that tried to leave localhost (aborted). A test fails if this is not empty. */
  readonly outsideRequests: ReadonlyArray<string>;
  /** Every request the browser made, for diagnostics. */
  readonly requests: ReadonlyArray<string>;
  close(): Promise<void>;
}

const LOCAL_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Debian's headless Chromium through playwright-core, with a fresh profile and a guard on the whole context:
 * any http(s)/ws request to a host other than localhost/127.0.0.1 is aborted and recorded.
 * (Playwright adds --headless itself and takes the profile folder as `userDataDir`, not as a flag.)
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), "kc-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const outsideRequests: string[] = [];
  const requests: string[] = [];
  const isOutside = (raw: string): boolean => {
    const url = new URL(raw);
    if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) return false; // data:, blob:, about:
    return !LOCAL_HOSTS.has(url.hostname);
  };
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (isOutside(url)) {
      outsideRequests.push(url);
      await route.abort("blockedbyclient");
    } else {
      await route.continue();
    }
  });
  // Requests a route might not see (a worker's, a redirect's) still show up here.
  context.on("request", (request) => {
    const url = request.url();
    requests.push(url);
    if (isOutside(url) && !outsideRequests.includes(url)) outsideRequests.push(url);
  });
  return {
    context,
    outsideRequests,
    requests,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The folders the web bundle is built from: the UI and the modules it imports (notebook, model, shared). */
const WEB_SOURCES = ["src/web", "src/notebook", "src/model", "src/shared"];

/**
 * Builds the web UI (src/web/dist) when the build is missing or older than a source file it is built from
 * (`WEB_SOURCES`), and returns its folder.
 */
export async function buildWebIfStale(): Promise<string> {
  const webDir = join(PROJECT_ROOT, "src/web/dist");
  const built = await stat(join(webDir, "index.html")).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const sources = await Promise.all(
    WEB_SOURCES.map((folder) => newestMtime(join(PROJECT_ROOT, folder), webDir)),
  );
  if (built > Math.max(...sources)) return webDir;
  const build = spawnSync("npx", ["vite", "build", "-c", "src/web/vite.config.ts", "--logLevel", "warn"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`npm run build:web failed:\n${build.stdout}\n${build.stderr}`);
  return webDir;
}

async function newestMtime(dir: string, skip: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (path === skip) continue;
    const time = entry.isDirectory() ? await newestMtime(path, skip) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}
