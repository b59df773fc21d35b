import { bi, h, replaceChildren } from "./dom.js";
import type { NotebookSummary } from "./notebook-api.js";

/** `"Bắc 2024 / Plan"` → `"bac-2024-plan"`: the file name the server accepts (a-z, 0-9, single hyphens). */
export function slugify(title: string): string {
  return title
    .replace(/[đĐ]/g, "d")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/, "");
}

/** What the list says of the open notebook while it is edited, before (or without) saving. */
export interface OpenSummary {
  readonly name: string;
  readonly title: string;
  readonly cellCount: number;
  readonly parameterCount: number;
  readonly unsaved: boolean;
}

/** "1 cell", "3 parameters". */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The sidebar: every notebook as a link to `#/name`, the open one marked, and a form to create one. */
export class NotebookList {
  readonly element: HTMLElement;
  private readonly list = h("ul", { class: "notebook-list" });
  private summaries: ReadonlyArray<NotebookSummary> = [];
  private current: string | null = null;
  /** The open notebook as edited: its entry shows these counts rather than the saved file's. */
  private open: OpenSummary | null = null;
  private readonly form: HTMLFormElement;

  constructor(onCreate: (name: string, title: string) => void) {
    const title = h("input", {
      id: "new-title",
      type: "text",
      required: true,
      placeholder: "Title · Tiêu đề",
    });
    const name = h("input", {
      id: "new-name",
      type: "text",
      required: true,
      pattern: "[a-z0-9]+(-[a-z0-9]+)*",
      placeholder: "file-name",
      "aria-label": "File name (a-z, 0-9, -) · Tên tệp",
    });
    let edited = false;
    title.addEventListener("input", () => {
      if (!edited) name.value = slugify(title.value);
    });
    name.addEventListener("input", () => (edited = name.value !== ""));
    const form = h(
      "form",
      { class: "new-notebook" },
      h("label", { for: "new-title" }, bi("New notebook", "Sổ mới")),
      title,
      name,
      h("button", { type: "submit" }, bi("Create", "Tạo")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onCreate(name.value.trim(), title.value.trim());
      form.reset();
      edited = false;
    });
    this.form = form;
    this.element = h(
      "nav",
      { class: "sidebar", "aria-label": "Notebooks" },
      h("h2", {}, bi("Notebooks", "Sổ ghi chép")),
      this.list,
      form,
    );
  }

  /** Enables the create form, or disables it in read-only mode. */
  setWritable(canWrite: boolean): void {
    for (const control of this.form.querySelectorAll("input, button")) {
      (control as HTMLInputElement | HTMLButtonElement).disabled = !canWrite;
    }
  }

  show(summaries: ReadonlyArray<NotebookSummary>): void {
    this.summaries = summaries;
    this.draw();
  }

  select(name: string | null): void {
    this.current = name;
    if (this.open?.name !== name) this.open = null;
    this.draw();
  }

  /** The open notebook changed (title, cells, parameters; saved or not): its entry says so at once. */
  showOpen(summary: OpenSummary): void {
    this.open = summary;
    this.current = summary.name;
    this.draw();
  }

  private draw(): void {
    replaceChildren(
      this.list,
      this.summaries.length === 0
        ? h("li", { class: "empty" }, "No notebooks yet · Chưa có sổ nào")
        : this.summaries.map((saved) => {
            const open = this.open?.name === saved.name ? this.open : null;
            const summary = open ?? saved;
            return h(
              "li",
              {},
              h(
                "a",
                {
                  href: `#/${summary.name}`,
                  "data-notebook": summary.name,
                  "aria-current": summary.name === this.current ? "page" : undefined,
                },
                h("span", { class: "title" }, summary.title),
                h(
                  "small",
                  {},
                  `${summary.name}.md · ${count(summary.cellCount, "cell", "cells")} · ` +
                    count(summary.parameterCount, "parameter", "parameters") +
                    (open?.unsaved ? " · unsaved" : ""),
                ),
              ),
            );
          }),
    );
  }
}
