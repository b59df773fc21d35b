import { NotebookFormatError, parseNotebook } from "../../notebook/index.js";
import { bi, h, replaceChildren } from "./dom.js";
import { liveSchema } from "./live-schema.js";
import { notebookApi } from "./notebook-api.js";
import { NotebookList } from "./notebook-list.js";
import { messageOf, NotebookView } from "./notebook-view.js";
import type { NumberStyle } from "./number-format.js";
import { startWriteSession, WRITE_ACCESS_HINT } from "./write-session.js";

const STYLE_KEY = "kc-number-style";

/**
 * The page: header (number format, playground link), the notebook list, and the open notebook, chosen by the
 * URL's hash (`#/north-plan`), so a reload reopens it. Unsaved changes are guarded on navigation and unload.
 */
export class NotebookApp {
  private readonly main = h("main", { id: "main", class: "main", tabindex: "-1" });
  private readonly toast = h("div", { class: "toast", role: "status", "aria-live": "polite" });
  private readonly list = new NotebookList((name, title) => void this.create(name, title));
  private readonly styleButtons: HTMLButtonElement[] = [];
  private view: NotebookView | null = null;
  private style: NumberStyle = localStorage.getItem(STYLE_KEY) === "en" ? "en" : "vi";
  /** The hash of what is shown; null before the first route. */
  private shownHash: string | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether this browser has a write session (POST /session); read-only until it is known. */
  private canWrite = false;

  constructor(private readonly root: HTMLElement) {}

  async start(): Promise<void> {
    const session = await startWriteSession();
    this.canWrite = session.canWrite;
    this.list.setWritable(session.canWrite);
    this.root.classList.toggle("read-only", !session.canWrite);
    replaceChildren(
      this.root,
      h("a", { class: "skip", href: "#main", onclick: skipToMain }, "Skip to the notebook"),
      this.header(),
      session.canWrite ? null : readOnlyBanner(),
      h("div", { class: "layout" }, this.list.element, this.main),
      this.toast,
    );
    if (session.problem !== null) this.say(session.problem, "error");
    window.addEventListener("hashchange", () => void this.route());
    window.addEventListener("beforeunload", (event) => {
      if (this.view?.hasUnsavedChanges()) event.preventDefault();
    });
    document.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void this.view?.save();
      }
    });
    await this.refreshList();
    await this.route();
  }

  numberStyle(): NumberStyle {
    return this.style;
  }

  say(message: string, kind: "info" | "error" = "info"): void {
    this.toast.textContent = message;
    this.toast.className = `toast visible ${kind}`;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(
      () => this.toast.classList.remove("visible"),
      kind === "error" ? 10_000 : 4_000,
    );
  }

  private async refreshList(): Promise<void> {
    try {
      this.list.show(await notebookApi.list());
    } catch (error) {
      this.say(`Could not list the notebooks: ${messageOf(error)}`, "error");
    }
  }

  private async route(): Promise<void> {
    const name = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
    if (location.hash === this.shownHash) return;
    if (this.view?.hasUnsavedChanges() && !confirm("Discard unsaved changes? · Bỏ các thay đổi chưa lưu?")) {
      history.replaceState(null, "", this.shownHash ?? "#/");
      return;
    }
    this.shownHash = location.hash;
    await this.open(name);
  }

  private async open(name: string): Promise<void> {
    this.view = null;
    this.list.select(name || null);
    if (name === "") return this.welcome();
    replaceChildren(this.main, h("p", { class: "loading" }, "Opening · Đang mở…"));
    let file;
    try {
      file = await notebookApi.open(name);
    } catch (error) {
      return replaceChildren(this.main, h("p", { class: "banner error", role: "alert" }, messageOf(error)));
    }
    if (file === null) {
      return replaceChildren(
        this.main,
        h(
          "p",
          { class: "banner error", role: "alert" },
          `There is no notebook "${name}". Pick one from the list.`,
        ),
      );
    }
    let notebook;
    try {
      notebook = parseNotebook(file.text, `notebooks/${file.name}.md`);
    } catch (error) {
      if (!(error instanceof NotebookFormatError)) throw error;
      return replaceChildren(
        this.main,
        h(
          "div",
          { class: "banner error", role: "alert" },
          h("p", {}, "This file is not a valid notebook · Tệp không hợp lệ: ", h("code", {}, error.message)),
          h("pre", { class: "raw" }, file.text),
        ),
      );
    }
    const view = new NotebookView(file, notebook, {
      numberStyle: () => this.style,
      reopen: (again) => {
        this.view = null;
        void this.open(again);
      },
      renamed: (newName) => {
        this.shownHash = `#/${newName}`;
        history.replaceState(null, "", this.shownHash);
        this.list.select(newName);
        void this.refreshList();
      },
      deleted: () => {
        this.view = null;
        location.hash = "#/";
        void this.refreshList();
      },
      saved: () => void this.refreshList(),
      say: (message, kind) => this.say(message, kind),
      canWrite: this.canWrite,
    });
    this.view = view;
    replaceChildren(this.main, view.element);
    // The editors get completion and validation when the schema arrives; the cells run meanwhile.
    void liveSchema().then((schema) => schema !== null && view.setSchema(schema));
    await view.runAll();
  }

  private async create(name: string, title: string): Promise<void> {
    try {
      const file = await notebookApi.create(name, title);
      await this.refreshList();
      location.hash = `#/${file.name}`;
    } catch (error) {
      this.say(`Could not create the notebook: ${messageOf(error)}`, "error");
    }
  }

  private welcome(): void {
    document.title = "Khuyến công Analytics";
    replaceChildren(
      this.main,
      h(
        "div",
        { class: "welcome" },
        h("h1", {}, "Khuyến công notebooks"),
        h("p", { lang: "vi", class: "vi-lead" }, "Sổ phân tích kinh phí khuyến công"),
        h(
          "p",
          {},
          "Open a notebook on the left, or create one. Each notebook mixes narrative with GraphQL cells over the " +
            "warehouse; parameters re-run the cells that use them, and every result shows the data snapshot it came from.",
        ),
        h("p", {}, "For ad-hoc queries with the schema's documentation, use the Playground (top right)."),
      ),
    );
  }

  private header(): HTMLElement {
    const option = (style: NumberStyle, label: string, title: string): HTMLButtonElement => {
      const button = h(
        "button",
        { type: "button", class: "style-option", "data-style": style, title },
        label,
      );
      button.addEventListener("click", () => this.setStyle(style));
      this.styleButtons.push(button);
      return button;
    };
    const group = h(
      "div",
      { class: "number-style", role: "group", "aria-label": "Number format · Định dạng số" },
      h("span", { class: "group-label" }, bi("Numbers", "Số")),
      option("vi", "1.234,5", "Vietnamese format · Kiểu Việt Nam"),
      option("en", "1,234.5", "English format · Kiểu tiếng Anh"),
    );
    this.markStyle();
    return h(
      "header",
      { class: "app-header" },
      h("a", { class: "brand", href: "#/" }, "Khuyến công ", h("span", {}, "Analytics")),
      h("span", { class: "spacer" }),
      group,
      h("a", { class: "playground-link", href: "playground/" }, bi("Playground", "Thử truy vấn")),
    );
  }

  private setStyle(style: NumberStyle): void {
    this.style = style;
    localStorage.setItem(STYLE_KEY, style);
    this.markStyle();
    this.view?.redrawOutputs();
  }

  private markStyle(): void {
    for (const button of this.styleButtons) {
      button.setAttribute("aria-pressed", String(button.dataset["style"] === this.style));
    }
  }
}

/** Shown under the header without a write session: what works, and how to get write access. */
function readOnlyBanner(): HTMLElement {
  return h(
    "p",
    { class: "read-only-banner", role: "status" },
    h("strong", {}, "Read-only · Chỉ đọc. "),
    "Notebooks can be opened, run and exported here, not created, edited, saved, renamed or deleted. ",
    WRITE_ACCESS_HINT,
  );
}

function skipToMain(event: Event): void {
  event.preventDefault();
  document.getElementById("main")?.focus();
}
