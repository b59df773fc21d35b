import { bi, h, replaceChildren } from "./dom.js";

export interface HeaderParts {
  readonly titleInput: HTMLInputElement;
  readonly fileLabel: HTMLElement;
  readonly status: HTMLElement;
  readonly description: string | undefined;
  /** False in read-only mode: Save, Rename and Delete are disabled. */
  readonly canWrite: boolean;
}

export interface HeaderActions {
  runAll(): void;
  save(): void;
  exportMarkdown(): void;
  exportHtml(): void;
  /** Hides or shows every query editor. */
  hideQueries(hidden: boolean): void;
  /** The file name now, to start the rename form with. */
  currentName(): string;
  rename(newName: string): void;
  delete(): void;
}

const READ_ONLY_TITLE = "Read-only: open the address with ?token=… printed at start · Chỉ đọc";

/** The notebook's header: editable title, file and save state, the toolbar, and the rename form it opens. */
export function notebookHeader(parts: HeaderParts, actions: HeaderActions): HTMLElement {
  const renameInput = h("input", {
    type: "text",
    required: true,
    pattern: "[a-z0-9]+(-[a-z0-9]+)*",
    "aria-label": "New file name (a-z, 0-9, -) · Tên tệp mới",
  });
  const renameForm = h(
    "form",
    { class: "rename-form", hidden: true },
    renameInput,
    h("button", { type: "submit" }, bi("Rename", "Đổi tên")),
    h("button", { type: "button", onclick: () => (renameForm.hidden = true) }, bi("Cancel", "Huỷ")),
  );
  renameForm.addEventListener("submit", (event) => {
    event.preventDefault();
    renameForm.hidden = true;
    actions.rename(renameInput.value.trim());
  });
  const button = (cls: string, label: Node, onclick: () => void, title?: string): HTMLButtonElement =>
    h("button", { type: "button", class: cls, onclick, title }, label);
  const change = (cls: string, label: Node, onclick: () => void, title?: string): HTMLButtonElement =>
    parts.canWrite
      ? button(cls, label, onclick, title)
      : h("button", { type: "button", class: cls, disabled: true, title: READ_ONLY_TITLE }, label);
  return h(
    "header",
    { class: "notebook-header" },
    parts.titleInput,
    h(
      "p",
      { class: "file-line" },
      parts.fileLabel,
      " · ",
      parts.status,
      parts.description === undefined ? null : h("span", { class: "description" }, parts.description),
    ),
    h(
      "div",
      { class: "toolbar", role: "toolbar", "aria-label": "Notebook actions" },
      button("run-all primary", bi("▶ Run all", "Chạy tất cả"), actions.runAll),
      change("save", bi("Save", "Lưu"), actions.save, "Save (Ctrl+S)"),
      button("export-md", bi("Markdown", "Xuất .md"), actions.exportMarkdown),
      button("export-html", bi("HTML report", "Báo cáo HTML"), actions.exportHtml),
      queryToggle(actions.hideQueries),
      change("rename", bi("Rename file", "Đổi tên tệp"), () => {
        renameInput.value = actions.currentName();
        renameForm.hidden = false;
        renameInput.focus();
      }),
      change("delete danger", bi("Delete", "Xoá"), actions.delete),
    ),
    renameForm,
  );
}

/** "Hide queries": the notebook then reads as a report, narrative, tables and charts. */
function queryToggle(hideQueries: (hidden: boolean) => void): HTMLElement {
  const toggle = h("button", { type: "button", class: "toggle-queries", "aria-pressed": "false" });
  const draw = (hidden: boolean): void => {
    toggle.setAttribute("aria-pressed", String(hidden));
    replaceChildren(toggle, hidden ? bi("Show queries", "Hiện truy vấn") : bi("Hide queries", "Ẩn truy vấn"));
    hideQueries(hidden);
  };
  toggle.addEventListener("click", () => draw(toggle.getAttribute("aria-pressed") !== "true"));
  draw(false);
  return toggle;
}

/**
 * What a save, rename or delete that hit a CONFLICT shows, in the writer's terms (the server's message speaks of
 * versions and arguments): someone else saved the file since this page opened it, or deleted or renamed it; the
 * writer's changes are still in the page, and they choose to reload the file (dropping them) or to save theirs
 * over it. Nothing is ever overwritten without that choice.
 */
export function conflictBanner(gone: boolean, onReload: () => void, onOverwrite: () => void): HTMLElement {
  return h(
    "div",
    { class: "banner conflict", role: "alert" },
    h("strong", {}, "Conflict · Xung đột: "),
    gone
      ? "this notebook was deleted or renamed elsewhere since you opened it (in another tab, or by another person). "
      : "this notebook was changed elsewhere since you opened it (another tab or person saved it). ",
    h(
      "small",
      { lang: "vi" },
      gone ? "Sổ đã bị xoá hoặc đổi tên ở nơi khác. " : "Sổ đã được sửa ở nơi khác sau khi bạn mở. ",
    ),
    h(
      "p",
      { class: "detail" },
      "Your changes are still here and not saved. ",
      gone
        ? "Choose “Save mine again” to write your version back under this name, or “Reload” to leave it."
        : "Choose “Reload theirs” to see the other edit (your changes are dropped), or “Overwrite with mine” to " +
            "replace it with your version.",
    ),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "reload", onclick: onReload },
        bi(gone ? "Reload" : "Reload theirs", "Tải lại"),
      ),
      h(
        "button",
        { type: "button", class: "overwrite danger", onclick: onOverwrite },
        gone ? bi("Save mine again", "Lưu lại bản của tôi") : bi("Overwrite with mine", "Ghi đè"),
      ),
    ),
  );
}
