import type { WindowLike } from "dompurify";

/** In the browser DOMPurify sanitizes in the page's own DOM (see `sanitizer-window.ts` for Node). */
export function sanitizerWindow(): WindowLike {
  return window;
}
