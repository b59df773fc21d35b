import createDOMPurify, { type Config, type DOMPurify, type UponSanitizeAttributeHook } from "dompurify";
import { sanitizerWindow } from "#sanitizer-window";

/**
 * The one allowlist for notebook narrative, in the browser and in the HTML report: the elements Markdown
 * produces, nothing that runs, loads a frame, submits or restyles the page (no script, SVG, MathML, style,
 * iframe, object, embed or form elements; no event handler, style or id attributes).
 */
const ALLOWED_TAGS = [
  "a",
  "blockquote",
  "br",
  "code",
  "del",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "img",
  "li",
  "ol",
  "p",
  "pre",
  "strong",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
];
const ALLOWED_ATTR = ["href", "src", "alt", "title", "align", "start", "class"];

/** URL schemes a link or image may use; URLs without a scheme (relative paths, `#anchors`) are allowed too. */
const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(["http", "https", "mailto"]);

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // DOMPurify's own URL test, narrowed to the same schemes; `checkAttribute` below is the authoritative one
  // (DOMPurify lets `data:` through in img src whatever this says).
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z0-9+.-]+(?:[^a-z0-9+.\-:]|$))/i,
  KEEP_CONTENT: true,
  RETURN_DOM_FRAGMENT: true,
};

/**
 * Whether a link or image URL, as the browser will read it (entities already decoded: DOMPurify hands hooks
 * the attribute's DOM value, so `javascript&#58;` and `javascript&colon;` arrive as `javascript:`), is http(s),
 * mailto, or has no scheme. Browsers drop tabs and newlines anywhere in a URL and C0 controls and spaces at
 * its ends before reading the scheme, so this does too.
 *
 * @example isAllowedUrl("java\nscript:alert(1)") // → false
 */
export function isAllowedUrl(url: string): boolean {
  const compact = url.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  return scheme === null || ALLOWED_SCHEMES.has(scheme[1].toLowerCase());
}

const checkAttribute: UponSanitizeAttributeHook = (_node, event) => {
  if (event.attrName === "href" || event.attrName === "src") {
    if (!isAllowedUrl(event.attrValue)) event.keepAttr = false;
  } else if (event.attrName === "class") {
    // Only marked's `language-…` on code blocks: other classes would borrow the page's own styles.
    event.attrValue = event.attrValue
      .split(/\s+/)
      .filter((name) => /^language-[\w-]+$/.test(name))
      .join(" ");
    if (event.attrValue === "") event.keepAttr = false;
  }
};

let purifier: DOMPurify | null = null;

function getPurifier(): DOMPurify {
  if (purifier !== null) return purifier;
  const created = createDOMPurify(sanitizerWindow());
  // On a DOM it cannot trust, DOMPurify returns its input unchanged: refuse instead of passing HTML through.
  if (!created.isSupported) throw new Error("DOMPurify does not support this DOM; cannot sanitize HTML.");
  created.addHook("uponSanitizeAttribute", checkAttribute);
  purifier = created;
  return created;
}

/**
 * Rendered Markdown made safe to insert into a page or a report, with DOMPurify and the allowlist above. A
 * link whose URL was removed becomes its text, an image whose URL was removed its alt text.
 *
 * @example sanitizeHtml('<p><a href="javascript&#58;alert(1)">x</a><img src=x onerror=alert(1)></p>')
 * // → '<p>x<img src="x"></p>'
 */
export function sanitizeHtml(html: string): string {
  const fragment = getPurifier().sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true });
  const document = fragment.ownerDocument;
  for (const link of Array.from(fragment.querySelectorAll("a:not([href])"))) {
    link.replaceWith(...Array.from(link.childNodes));
  }
  for (const image of Array.from(fragment.querySelectorAll("img:not([src])"))) {
    image.replaceWith(document.createTextNode(image.getAttribute("alt") ?? ""));
  }
  const container = document.createElement("div");
  container.append(fragment);
  return container.innerHTML;
}
