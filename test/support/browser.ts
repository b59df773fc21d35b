import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

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
