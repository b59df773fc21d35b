import { bi, h, replaceChildren } from "./dom.js";
import { messageOf } from "./message-of.js";
import { parseViewHash } from "../../notebook/view-link.js";
import { notebookApi } from "./notebook-api.js";
import { NotebookList } from "./notebook-list.js";
import { SnapshotBadge } from "./snapshot-badge.js";
import type { NotebookView, ToastAction } from "./notebook-view.js";
import type { NumberStyle } from "./number-format.js";
import { startWriteSession, WRITE_ACCESS_HINT } from "./write-session.js";

const STYLE_KEY = "kc-number-style";

/**
 * What an open notebook needs: the notebook parser (yaml), the cell views with their CodeMirror editors and
 * Observable Plot charts, the schema for completion. Loaded when the first notebook opens, not with the page,
 * so a first visit to / sends the list without them (test/web/first-visit.browser.test.ts keeps it small).
 */
const notebookModules = () =>
  Promise.all([import("../../notebook/index.js"), import("./notebook-view.js"), import("./live-schema.js")]);

/**
 * The page: header (number format, playground link), the notebook list, and the open notebook, chosen by the
 * URL's hash (`#/north-plan`), so a reload reopens it. Unsaved changes are guarded on navigation and unload.
 */
export class NotebookApp {
  private readonly main = h("main", { id: "main", class: "main", tabindex: "-1" });
  private readonly toast = h("div", { class: "toast", role: "status", "aria-live": "polite" });
  /** The notebook list and the open notebook; on a narrow screen the list folds behind the header's button. */
  private readonly layout = h("div", { class: "layout" });
  private readonly navToggle = h(
    "button",
    {
      type: "button",
      class: "nav-toggle",
      "aria-expanded": "false",
      "aria-controls": "notebook-nav",
      onclick: () => this.showNav(this.navToggle.getAttribute("aria-expanded") !== "true"),
    },
    "☰ ",
    bi("Notebooks", "Sổ"),
  );
  private readonly list = new NotebookList((name, title) => void this.create(name, title));
  private readonly styleButtons: HTMLButtonElement[] = [];
  private readonly snapshotBadge = new SnapshotBadge();
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
      this.layout,
      this.toast,
    );
    this.list.element.id = "notebook-nav";
    this.layout.append(this.list.element, this.main);
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

  /** A message in the corner; with `action`, a button in it (Undo) and more time to reach it. */
  say(message: string, kind: "info" | "error" = "info", action?: ToastAction): void {
    this.toast.replaceChildren(message);
    if (action !== undefined) {
      const button = h("button", { type: "button", class: "toast-action" }, action.label);
      button.addEventListener("click", () => {
        this.toast.classList.remove("visible", "with-action");
        action.run();
      });
      this.toast.append(" ", button);
    }
    this.toast.className = `toast visible ${kind}${action === undefined ? "" : " with-action"}`;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(
      () => this.toast.classList.remove("visible", "with-action"),
      kind === "error" || action !== undefined ? 10_000 : 4_000,
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
    // A shared view: `#/name?param=value&number-format=en` (src/notebook/view-link.ts).
    const request = parseViewHash(location.hash);
    if (location.hash === this.shownHash) return;
    if (this.view?.hasUnsavedChanges() && !confirm("Discard unsaved changes? · Bỏ các thay đổi chưa lưu?")) {
      history.replaceState(null, "", this.shownHash ?? "#/");
      return;
    }
    this.shownHash = location.hash;
    if (request.locale !== null) this.setStyle(request.locale, false);
    await this.open(request.name, request.parameters);
  }

  /**
   * Writes the open notebook's view (every parameter value, the number format) into the address once the reader
   * changed one, without a new history entry: the address is then a link to what is shown.
   */
  private showViewInAddress(): void {
    if (this.view === null) return;
    this.shownHash = this.view.viewHash(this.style);
    history.replaceState(null, "", this.shownHash);
  }

  private async open(name: string, parameters: Readonly<Record<string, string>> = {}): Promise<void> {
    this.view = null;
    this.list.select(name || null);
    this.layout.classList.toggle("at-home", name === "");
    this.showNav(false);
    if (name === "") return this.welcome();
    replaceChildren(this.main, h("p", { class: "loading" }, "Opening · Đang mở…"));
    this.snapshotBadge.listen();
    let file;
    let modules;
    try {
      [file, modules] = await Promise.all([notebookApi.open(name), notebookModules()]);
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
    const [{ NotebookFormatError, parseNotebook }, { NotebookView }, { liveSchema }] = modules;
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
        const query = this.shownHash?.includes("?") ? this.shownHash.slice(this.shownHash.indexOf("?")) : "";
        this.shownHash = `#/${newName}${query}`;
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
      say: (message, kind, action) => this.say(message, kind, action),
      shown: (summary) => this.list.showOpen(summary),
      canWrite: this.canWrite,
      initialParameters: parameters,
      viewChanged: () => this.showViewInAddress(),
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
      this.navToggle,
      h("a", { class: "brand", href: "#/" }, "Khuyến công ", h("span", {}, "Analytics")),
      h("span", { class: "spacer" }),
      this.snapshotBadge.element,
      group,
      h("a", { class: "playground-link", href: "playground/" }, bi("Playground", "Thử truy vấn")),
    );
  }

  /** Unfolds or folds the notebook list (only narrow screens fold it; see notebook.css). */
  private showNav(open: boolean): void {
    this.navToggle.setAttribute("aria-expanded", String(open));
    this.layout.classList.toggle("nav-open", open);
  }

  /** `remember`: keep it for the next visit (a choice made here, not one read from a shared link). */
  private setStyle(style: NumberStyle, remember = true): void {
    this.style = style;
    if (remember) localStorage.setItem(STYLE_KEY, style);
    this.markStyle();
    this.view?.redrawOutputs();
    this.showViewInAddress();
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
