import { createRequire } from "node:module";
import type { WindowLike } from "dompurify";
import type * as Jsdom from "jsdom";

let window: WindowLike | null = null;

/**
 * The DOM that DOMPurify parses and sanitizes in, under Node (the notebook CLI's HTML report, tests); the
 * browser build takes `sanitizer-window.browser.ts` instead (package.json `imports`, condition `browser`).
 *
 * jsdom, not linkedom (which draws the report's charts): DOMPurify's authors test on jsdom and recommend it for
 * Node, because the sanitizer is only as good as the DOM's HTML parser. On linkedom 0.18's window DOMPurify 3.5
 * reports `isSupported: false` and returns its input unchanged (`<img src=x onerror=…>` came back as it went
 * in). jsdom is loaded on first use: it takes about a second, and the server never renders Markdown.
 */
export function sanitizerWindow(): WindowLike {
  if (window === null) {
    const { JSDOM } = createRequire(import.meta.url)("jsdom") as typeof Jsdom;
    window = new JSDOM("<!doctype html><html><body></body></html>").window as unknown as WindowLike;
  }
  return window;
}
