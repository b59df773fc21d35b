import { Marked, type Tokens } from "marked";
import { sanitizeHtml } from "./sanitize-html.js";

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

const marked = new Marked({
  gfm: true,
  renderer: {
    // Raw HTML in a notebook is shown as text, never interpreted: notebooks are shared files.
    html: ({ text, block }: Tokens.HTML | Tokens.Tag) =>
      block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text),
    // A task list item's box as a character: the allowlist has no form elements.
    checkbox: ({ checked }: Tokens.Checkbox) => (checked ? "☑ " : "☐ "),
  },
});

/**
 * A markdown cell as HTML, safe to insert into the page or a report: raw HTML is escaped, and the result goes
 * through DOMPurify with one allowlist (`sanitize-html.ts`): links and images keep http(s), mailto, relative
 * and `#fragment` URLs, checked after entities are decoded; any other (`javascript:`, `data:`…) is rendered
 * as its text.
 *
 * @example renderMarkdown("**Plan** <b>x</b>") // → "<p><strong>Plan</strong> &lt;b&gt;x&lt;/b&gt;</p>\n"
 */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false }));
}
