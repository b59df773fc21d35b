import { Marked, type Tokens } from "marked";

const SAFE_URL = /^(?:https?:|mailto:|#|\/|\.{0,2}\/|[^:]*$)/i;

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
    link(token: Tokens.Link) {
      return SAFE_URL.test(token.href.trim()) ? false : this.parser.parseInline(token.tokens);
    },
    image(token: Tokens.Image) {
      return SAFE_URL.test(token.href.trim()) ? false : escapeHtml(token.text);
    },
  },
});

/**
 * A markdown cell as HTML, safe to insert into the page: raw HTML is escaped, and links or images whose URL is
 * not http(s), mailto, relative or a fragment (`javascript:`, `data:`…) are rendered as their text.
 *
 * @example renderMarkdown("**Plan** <b>x</b>") // → "<p><strong>Plan</strong> &lt;b&gt;x&lt;/b&gt;</p>\n"
 */
export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { async: false });
}
