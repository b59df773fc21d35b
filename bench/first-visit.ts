import { chromium } from "playwright-core";

/** What one page load cost on the wire. */
export interface FirstVisit {
  readonly path: string;
  readonly requests: number;
  /** Bytes received (headers and bodies as sent, compressed where the server compressed). */
  readonly transferredBytes: number;
  /** The bodies once decompressed: what the same visit sends without compression. */
  readonly decodedBytes: number;
}

const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Loads each of `paths` under `baseUrl` in a fresh headless Chromium page with its cache off, until the network
 * is idle, and sums Chrome's own network log (DevTools protocol): `encodedDataLength` of every finished response
 * and the decoded `dataLength` of its body. Nothing outside `baseUrl` may load (such a request fails the visit).
 */
export async function measureFirstVisits(baseUrl: URL, paths: ReadonlyArray<string>): Promise<FirstVisit[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
  try {
    const visits: FirstVisit[] = [];
    for (const path of paths) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      const outside: string[] = [];
      let requests = 0;
      let transferredBytes = 0;
      let decodedBytes = 0;
      cdp.on("Network.requestWillBeSent", ({ request }) => {
        if (/^https?:/.test(request.url) && new URL(request.url).host !== baseUrl.host)
          outside.push(request.url);
      });
      cdp.on("Network.dataReceived", ({ dataLength }) => (decodedBytes += dataLength));
      cdp.on("Network.loadingFinished", ({ encodedDataLength }) => {
        requests++;
        transferredBytes += encodedDataLength;
      });
      await page.goto(new URL(path, baseUrl).href, { waitUntil: "networkidle" });
      await context.close();
      if (outside.length > 0)
        throw new Error(`${path} loaded from outside ${baseUrl.host}: ${outside.join(", ")}`);
      visits.push({ path, requests, transferredBytes, decodedBytes });
    }
    return visits;
  } finally {
    await browser.close();
  }
}
