/** Attributes for `h`: strings set attributes, functions under `on*` add listeners, false/undefined are skipped. */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined | EventListener>>;
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element: `h("button", { class: "run", onclick: run }, "Run")`. Children that are strings become
 * text nodes (never HTML), so user text cannot inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: ReadonlyArray<Child | ReadonlyArray<Child>>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: ReadonlyArray<Child | ReadonlyArray<Child>>): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(
  parent: Element,
  ...children: ReadonlyArray<Child | ReadonlyArray<Child>>
): void {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * A bilingual label: the English text, then the Vietnamese in small type. `bi("Run all", "Chạy tất cả")`
 * reads "Run all · Chạy tất cả".
 */
export function bi(english: string, vietnamese: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  append(fragment, [english, h("small", { class: "vi", lang: "vi" }, ` · ${vietnamese}`)]);
  return fragment;
}
