import { Marked, type Tokens } from "marked";
import { NARRATIVE_REFERENCE, parseNarrativeReference, type NarrativeReference } from "./narrative-value.js";
import { sanitizeHtml } from "./sanitize-html.js";

/** The text of a `{{@cell.column}}` value, as `narrativeValueText` gives it; the renderer escapes it. */
export type NarrativeValues = (reference: NarrativeReference) => string;

/** The values of the `renderMarkdown` call in progress (marked renders synchronously). */
let currentValues: NarrativeValues | null = null;
const REFERENCE_AT_START = new RegExp(`^${NARRATIVE_REFERENCE.source}`);

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
  // `{{@cell.column}}` outside code: the value as escaped text (never HTML), or the reference itself without values.
  extensions: [
    {
      name: "narrativeValue",
      level: "inline",
      start: (source: string) => {
        const at = source.indexOf("{{@");
        return at === -1 ? undefined : at;
      },
      tokenizer: (source: string) => {
        const match = REFERENCE_AT_START.exec(source);
        return match === null ? undefined : { type: "narrativeValue", raw: match[0] };
      },
      renderer: (token) => {
        const reference = parseNarrativeReference(token.raw);
        const text = reference === null || currentValues === null ? token.raw : currentValues(reference);
        return escapeHtml(text);
      },
    },
  ],
});

/**
 * A markdown cell as HTML, safe to insert into the page or a report: raw HTML is escaped, and the result goes
 * through DOMPurify with one allowlist (`sanitize-html.ts`): links and images keep http(s), mailto, relative
 * and `#fragment` URLs, checked after entities are decoded; any other (`javascript:`, `data:`…) is rendered
 * as its text.
 *
 * With `values`, each `{{@cell.column}}` outside code becomes the text `values` gives for it, escaped: a value
 * from the data can never become markup.
 *
 * @example renderMarkdown("**Plan** <b>x</b>") // → "<p><strong>Plan</strong> &lt;b&gt;x&lt;/b&gt;</p>\n"
 */
export function renderMarkdown(markdown: string, values?: NarrativeValues): string {
  currentValues = values ?? null;
  try {
    return sanitizeHtml(marked.parse(markdown, { async: false }));
  } finally {
    currentValues = null;
  }
}
