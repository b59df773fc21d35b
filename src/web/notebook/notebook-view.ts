import type { GraphQLSchema } from "graphql";
import {
  addCell,
  cellsUsingParameter,
  deleteCell,
  moveCell,
  parseNotebook,
  renameNotebook,
  serializeNotebook,
  setParameterDefault,
  updateCell,
  type Cell,
  type CellPatch,
  type NewCell,
  type Notebook,
  type ParameterValue,
  type ParameterValues,
  resolveParameters,
} from "../../notebook/index.js";
import { CellView, type CellHost } from "./cell-view.js";
import { bi, h, replaceChildren } from "./dom.js";
import { downloadText } from "./download.js";
import { NotebookApiError, notebookApi, type NotebookFile } from "./notebook-api.js";
import { conflictBanner, notebookHeader } from "./notebook-header.js";
import { notebookReportHtml } from "./notebook-report.js";
import type { NumberStyle } from "./number-format.js";
import { renderParameterInputs } from "./parameter-inputs.js";
import { runQueryCell } from "./run-cell.js";
import { WRITE_ACCESS_HINT } from "./write-session.js";

/** What an open notebook asks of the page around it. */
export interface NotebookHost {
  numberStyle(): NumberStyle;
  /** Opens `name` again from the server, dropping unsaved changes. */
  reopen(name: string): void;
  renamed(newName: string): void;
  deleted(): void;
  saved(): void;
  say(message: string, kind?: "info" | "error"): void;
  /** False in read-only mode (no write session): the notebook can be read, run and exported, not changed. */
  readonly canWrite: boolean;
}

const NEW_QUERY = "{\n  years {\n    year\n    fundingFacts\n  }\n}";
const NEW_TEXT = "New text · Văn bản mới";

/**
 * One open notebook: header (title, file, save, exports), parameters, cells. Holds the parsed notebook, the
 * file version it was loaded at (sent back with every save, so a concurrent edit gives a conflict), the current
 * parameter values and one CellView per cell, in order.
 */
export class NotebookView implements CellHost {
  readonly element = h("article", { class: "notebook" });
  private notebook: Notebook;
  private name: string;
  private version: string;
  private dirty = false;
  private values: ParameterValues;
  private views: CellView[] = [];
  private schema: GraphQLSchema | null = null;
  private readonly tickets = new WeakMap<CellView, number>();
  private readonly status = h("span", { class: "save-status", role: "status" });
  private readonly fileLabel = h("code", { class: "file-name" });
  private readonly banner = h("div", { class: "banner-slot" });
  private readonly parameterSlot = h("section", { class: "parameter-panel", "aria-label": "Parameters" });
  private readonly cellList = h("div", { class: "cells" });
  private readonly titleInput = h("input", {
    class: "title-input",
    type: "text",
    "aria-label": "Notebook title · Tiêu đề",
  });

  constructor(
    file: NotebookFile,
    notebook: Notebook,
    private readonly host: NotebookHost,
  ) {
    this.notebook = notebook;
    this.name = file.name;
    this.version = file.version;
    this.values = resolveParameters(notebook.parameters);
    this.titleInput.value = notebook.title;
    this.titleInput.readOnly = !host.canWrite;
    this.titleInput.addEventListener("input", () => this.retitle());
    this.element.append(this.header(), this.banner, this.parameterSlot, this.cellList, this.addBar());
    this.renderParameters();
    this.views = notebook.cells.map((cell) => this.cellView(cell));
    this.cellList.append(...this.views.map((view) => view.element));
    this.showFile();
  }

  get canWrite(): boolean {
    return this.host.canWrite;
  }

  get fileName(): string {
    return this.name;
  }

  hasUnsavedChanges(): boolean {
    return this.dirty;
  }

  setSchema(schema: GraphQLSchema): void {
    this.schema = schema;
    for (const view of this.views) view.setSchema(schema);
  }

  numberStyle(): NumberStyle {
    return this.host.numberStyle();
  }

  /** Redraws outputs after the number format changed. */
  redrawOutputs(): void {
    for (const view of this.views) view.renderOutput();
  }

  // ── cells (CellHost) ───────────────────────────────────────────────────────────────────────────────

  edit(view: CellView, patch: CellPatch): string | null {
    try {
      this.change(updateCell(this.notebook, view.cell.id, patch));
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  run(view: CellView): void {
    void this.runView(view);
  }

  move(view: CellView, by: -1 | 1): void {
    const from = this.views.indexOf(view);
    const to = from + by;
    if (to < 0 || to >= this.views.length) return;
    this.change(moveCell(this.notebook, view.cell.id, to));
    this.views.splice(from, 1);
    this.views.splice(to, 0, view);
    this.placeViews();
    view.element.querySelector<HTMLButtonElement>(by < 0 ? "button.move-up" : "button.move-down")?.focus();
  }

  remove(view: CellView): void {
    this.change(deleteCell(this.notebook, view.cell.id));
    this.views = this.views.filter((other) => other !== view);
    view.element.remove();
    this.host.say(`Deleted cell ${view.cell.id}. Reload without saving to get it back.`);
  }

  insertAfter(view: CellView | null, kind: Cell["kind"]): void {
    const index = view === null ? this.views.length : this.views.indexOf(view) + 1;
    const cell: NewCell = kind === "graphql" ? { kind, query: NEW_QUERY } : { kind, source: NEW_TEXT };
    this.change(addCell(this.notebook, cell, index));
    const added = this.cellView(this.notebook.cells[index]!);
    this.views.splice(index, 0, added);
    this.placeViews();
    added.focus();
  }

  // ── running ────────────────────────────────────────────────────────────────────────────────────────

  /** Runs every query cell in order. */
  async runAll(): Promise<void> {
    for (const view of [...this.views]) if (view.cell.kind === "graphql") await this.runView(view);
  }

  private async runView(view: CellView): Promise<void> {
    if (view.cell.kind !== "graphql") return;
    const ticket = (this.tickets.get(view) ?? 0) + 1;
    this.tickets.set(view, ticket);
    view.setRunning(true);
    const result = await runQueryCell(this.notebook, view.cell, this.values);
    if (this.tickets.get(view) !== ticket) return; // a newer run of this cell started meanwhile
    view.setRunning(false);
    view.showResult(result);
  }

  private setParameter(name: string, value: ParameterValue): void {
    this.values = Object.freeze({ ...this.values, [name]: value });
    this.renderDefaultsButton();
    const ids = new Set(cellsUsingParameter(this.notebook, name));
    void Promise.all(this.views.filter((view) => ids.has(view.cell.id)).map((view) => this.runView(view)));
  }

  // ── saving, renaming, deleting ─────────────────────────────────────────────────────────────────────

  /** Saves with the version loaded; `overwrite` first takes the file's current version (after a conflict). */
  async save(overwrite = false): Promise<void> {
    if (!this.canWrite) return this.host.say(`This page is read-only. ${WRITE_ACCESS_HINT}`, "error");
    const text = serializeNotebook(this.notebook);
    try {
      let base = this.version;
      if (overwrite) {
        const current = await notebookApi.open(this.name);
        base = (current ?? (await notebookApi.create(this.name, this.notebook.title))).version;
      }
      const saved = await notebookApi.save(this.name, text, base);
      this.loaded(saved);
      replaceChildren(this.banner);
      this.host.saved();
      this.host.say(`Saved notebooks/${saved.name}.md · Đã lưu`);
    } catch (error) {
      if (error instanceof NotebookApiError && error.code === "CONFLICT") this.showConflict(error.message);
      else this.host.say(`Could not save: ${messageOf(error)}`, "error");
    }
  }

  /** After a save: the server's text becomes the new origin; views keep their place and get the new ids. */
  private loaded(file: NotebookFile): void {
    const notebook = parseNotebook(file.text, `${file.name}.md`);
    this.name = file.name;
    this.version = file.version;
    this.notebook = notebook;
    this.dirty = false;
    if (notebook.cells.length === this.views.length) {
      this.views.forEach((view, i) => view.update(notebook.cells[i]!));
    } else {
      this.views = notebook.cells.map((cell) => this.cellView(cell));
      this.placeViews();
    }
    this.showFile();
  }

  private showConflict(message: string): void {
    replaceChildren(
      this.banner,
      conflictBanner(
        message,
        () => this.host.reopen(this.name),
        () => void this.save(true),
      ),
    );
    this.banner.querySelector<HTMLButtonElement>("button.reload")?.focus();
  }

  private async renameFile(newName: string): Promise<void> {
    try {
      const file = await notebookApi.rename(this.name, newName, this.version);
      this.name = file.name;
      this.version = file.version;
      this.showFile();
      this.host.renamed(file.name);
      this.host.say(`Renamed to notebooks/${file.name}.md · Đã đổi tên`);
    } catch (error) {
      if (error instanceof NotebookApiError && error.code === "CONFLICT") this.showConflict(error.message);
      else this.host.say(`Could not rename: ${messageOf(error)}`, "error");
    }
  }

  private async deleteFile(): Promise<void> {
    if (!confirm(`Delete notebooks/${this.name}.md? · Xoá sổ này?`)) return;
    try {
      await notebookApi.delete(this.name, this.version);
      this.dirty = false;
      this.host.say(`Deleted notebooks/${this.name}.md · Đã xoá`);
      this.host.deleted();
    } catch (error) {
      if (error instanceof NotebookApiError && error.code === "CONFLICT") this.showConflict(error.message);
      else this.host.say(`Could not delete: ${messageOf(error)}`, "error");
    }
  }

  private async exportHtml(): Promise<void> {
    if (this.views.some((view) => view.cell.kind === "graphql" && view.result === null)) await this.runAll();
    const cells = this.views.map((view) => ({ cell: view.cell, result: view.result }));
    const html = notebookReportHtml(this.notebook, this.values, cells, this.numberStyle());
    downloadText(`${this.name}.html`, html, "text/html;charset=utf-8");
  }

  // ── drawing ────────────────────────────────────────────────────────────────────────────────────────

  private change(notebook: Notebook): void {
    this.notebook = notebook;
    const byId = new Map(notebook.cells.map((cell) => [cell.id, cell]));
    for (const view of this.views) {
      const cell = byId.get(view.cell.id);
      if (cell !== undefined && cell !== view.cell) view.update(cell);
    }
    if (!this.dirty) {
      this.dirty = true;
      this.showFile();
    }
  }

  private retitle(): void {
    try {
      this.change(renameNotebook(this.notebook, this.titleInput.value));
      this.titleInput.removeAttribute("aria-invalid");
    } catch {
      this.titleInput.setAttribute("aria-invalid", "true");
    }
  }

  private cellView(cell: Cell): CellView {
    return new CellView(cell, this, this.schema);
  }

  private placeViews(): void {
    this.cellList.replaceChildren(...this.views.map((view) => view.element));
  }

  private showFile(): void {
    this.fileLabel.textContent = `notebooks/${this.name}.md`;
    this.fileLabel.title = `version ${this.version}`;
    this.status.textContent = this.dirty ? "Unsaved changes · Chưa lưu" : "Saved · Đã lưu";
    this.status.classList.toggle("dirty", this.dirty);
    document.title = `${this.notebook.title} · Khuyến công Analytics`;
  }

  private header(): HTMLElement {
    return notebookHeader(
      {
        titleInput: this.titleInput,
        fileLabel: this.fileLabel,
        status: this.status,
        description: this.notebook.description,
        canWrite: this.canWrite,
      },
      {
        runAll: () => void this.runAll(),
        save: () => void this.save(),
        exportMarkdown: () =>
          downloadText(`${this.name}.md`, serializeNotebook(this.notebook), "text/markdown;charset=utf-8"),
        exportHtml: () => void this.exportHtml(),
        hideQueries: (hidden) => this.element.classList.toggle("hide-queries", hidden),
        currentName: () => this.name,
        rename: (newName) => void this.renameFile(newName),
        delete: () => void this.deleteFile(),
      },
    );
  }

  private renderParameters(): void {
    if (this.notebook.parameters.length === 0) return replaceChildren(this.parameterSlot);
    replaceChildren(
      this.parameterSlot,
      h("h2", {}, bi("Parameters", "Tham số")),
      renderParameterInputs(this.notebook.parameters, this.values, (name, value) =>
        this.setParameter(name, value),
      ),
      h("div", { class: "defaults-slot" }),
    );
    this.renderDefaultsButton();
  }

  /** Offers to write the current values into the front matter as defaults, when they differ. */
  private renderDefaultsButton(): void {
    const slot = this.parameterSlot.querySelector(".defaults-slot");
    if (slot === null) return;
    const changed = this.notebook.parameters.filter(
      (parameter) => JSON.stringify(parameter.default) !== JSON.stringify(this.values[parameter.name]),
    );
    replaceChildren(
      slot,
      changed.length === 0
        ? null
        : h(
            "button",
            {
              type: "button",
              class: "set-defaults",
              disabled: !this.canWrite,
              onclick: () => {
                let notebook = this.notebook;
                for (const parameter of changed) {
                  notebook = setParameterDefault(notebook, parameter.name, this.values[parameter.name]);
                }
                this.change(notebook);
                this.renderDefaultsButton();
              },
            },
            bi("Make these the defaults", "Đặt làm mặc định"),
          ),
    );
  }

  private addBar(): HTMLElement {
    return h(
      "div",
      { class: "add-bar" },
      h(
        "button",
        {
          type: "button",
          class: "add-query",
          disabled: !this.canWrite,
          onclick: () => this.insertAfter(null, "graphql"),
        },
        bi("+ Query cell", "Ô truy vấn"),
      ),
      h(
        "button",
        {
          type: "button",
          class: "add-text",
          disabled: !this.canWrite,
          onclick: () => this.insertAfter(null, "markdown"),
        },
        bi("+ Text cell", "Ô văn bản"),
      ),
    );
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
