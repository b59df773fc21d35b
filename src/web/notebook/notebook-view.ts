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
  type NarrativeReference,
  type NarrativeSource,
  narrativeValueText,
  viewHash,
  resolveParameters,
} from "../../notebook/index.js";
import { CellView, type CellHost } from "./cell-view.js";
import { areaCounts, emptyResultReasons, showYearCoverage } from "./coverage-hints.js";
import {
  blockingConstraint,
  brokenConstraints,
  showBrokenConstraints,
  tiedParameters,
} from "./constraint-view.js";
import { append, bi, h, replaceChildren } from "./dom.js";
import { downloadText } from "./download.js";
import { FrontMatterEditor } from "./front-matter-editor.js";
import { NotebookApiError, notebookApi, type NotebookFile } from "./notebook-api.js";
import type { OpenSummary } from "./notebook-list.js";
import { conflictBanner, notebookHeader } from "./notebook-header.js";
import { notebookReportHtml } from "./notebook-report.js";
import type { NumberStyle } from "./number-format.js";
import { renderParameterInputs } from "./parameter-inputs.js";
import { runQueryCell } from "./run-cell.js";
import { WRITE_ACCESS_HINT } from "./write-session.js";
import { messageOf } from "./message-of.js";

/** What an open notebook asks of the page around it. */
export interface NotebookHost {
  numberStyle(): NumberStyle;
  /** Opens `name` again from the server, dropping unsaved changes. */
  reopen(name: string): void;
  renamed(newName: string): void;
  deleted(): void;
  saved(): void;
  say(message: string, kind?: "info" | "error", action?: ToastAction): void;
  /** The open notebook's title or counts changed (an edit, saved or not): the list shows them at once. */
  shown(summary: OpenSummary): void;
  /** False in read-only mode (no write session): the notebook can be read, run and exported, not changed. */
  readonly canWrite: boolean;
  /** Parameter values from the address (a shared view), as text: `{ years: "2022-2024" }`. */
  readonly initialParameters: Readonly<Record<string, string>>;
  /** The parameter values changed: the address should show them. */
  viewChanged(): void;
}

/** A button in a message, such as Undo after a delete. */
export interface ToastAction {
  readonly label: string;
  readonly run: () => void;
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
  private readonly frontMatterEditor: FrontMatterEditor | null;
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
    this.values = this.valuesFromAddress(host.initialParameters);
    this.titleInput.value = notebook.title;
    this.titleInput.readOnly = !host.canWrite;
    this.titleInput.addEventListener("input", () => this.retitle());
    this.frontMatterEditor = host.canWrite
      ? new FrontMatterEditor({
          notebook: () => this.notebook,
          apply: (next, renamed) => this.applyFrontMatter(next, renamed),
        })
      : null;
    append(this.element, [
      this.header(),
      this.banner,
      this.parameterSlot,
      this.frontMatterEditor?.element,
      this.cellList,
      this.addBar(),
    ]);
    this.renderParameters();
    this.views = notebook.cells.map((cell) => this.cellView(cell));
    this.cellList.append(...this.views.map((view) => view.element));
    this.showFile();
  }

  /** The defaults with the address's values over them; a value that does not fit is dropped and said. */
  private valuesFromAddress(texts: Readonly<Record<string, string>>): ParameterValues {
    let values = resolveParameters(this.notebook.parameters);
    const problems: string[] = [];
    for (const [name, text] of Object.entries(texts)) {
      try {
        const value = resolveParameters(this.notebook.parameters, { [name]: text })[name]!;
        values = Object.freeze({ ...values, [name]: value });
      } catch (error) {
        problems.push(messageOf(error));
      }
    }
    if (problems.length > 0)
      this.host.say(`The link's values were not all used: ${problems.join(" ")}`, "error");
    return values;
  }

  /** This view as an address hash: the notebook, its parameter values and `style`. */
  viewHash(style: NumberStyle): string {
    return viewHash(this.name, this.notebook.parameters, this.values, style);
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
    for (const view of this.views) view.refreshNarrative();
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

  narrativeValue(reference: NarrativeReference): string {
    const quoted = this.views.find((view) => view.cell.id === reference.cellId);
    const result = quoted?.result ?? null;
    const source: NarrativeSource =
      result === null
        ? { kind: "pending" }
        : result.run.errors.length > 0
          ? { kind: "failed" }
          : { kind: "table", table: result.run.table };
    return narrativeValueText(reference, source, this.numberStyle());
  }

  /** Deletes the cell and offers to undo it for a few seconds; undoing puts the same cell, result and all, back. */
  remove(view: CellView): void {
    const index = this.views.indexOf(view);
    const removed = view.cell;
    try {
      this.change(deleteCell(this.notebook, removed.id));
    } catch (error) {
      return this.host.say(messageOf(error), "error");
    }
    this.views = this.views.filter((other) => other !== view);
    view.element.remove();
    const undo = (): void => {
      if (this.views.includes(view)) return;
      let restored: Notebook;
      try {
        restored = addCell(this.notebook, removed, Math.min(index, this.notebook.cells.length));
      } catch (error) {
        return this.host.say(`Could not restore cell ${removed.id}: ${messageOf(error)}`, "error");
      }
      this.change(restored);
      this.views.splice(Math.min(index, this.views.length), 0, view);
      this.placeViews();
      view.element.scrollIntoView({ block: "nearest" });
      this.host.say(`Restored cell ${removed.id} · Đã khôi phục`);
    };
    this.host.say(`Deleted cell ${removed.id} · Đã xoá ô`, "info", { label: "Undo · Hoàn tác", run: undo });
  }

  insertAfter(view: CellView | null, kind: Cell["kind"]): void {
    const index = view === null ? this.views.length : this.views.indexOf(view) + 1;
    const cell: NewCell = kind === "graphql" ? { kind, query: NEW_QUERY } : { kind, source: NEW_TEXT };
    this.change(addCell(this.notebook, cell, index));
    const added = this.cellView(this.notebook.cells[index]!);
    this.views.splice(index, 0, added);
    this.placeViews();
    added.startEditing();
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
    const blocked = blockingConstraint(this.notebook, this.values, view.cell);
    if (blocked !== undefined) {
      view.showBlocked(blocked.message);
      return this.refreshNarrativeOf(view.cell.id);
    }
    view.setRunning(true);
    const result = await runQueryCell(this.notebook, view.cell, this.values);
    if (this.tickets.get(view) !== ticket) return; // a newer run of this cell started meanwhile
    view.setRunning(false);
    view.showResult(result);
    this.refreshNarrativeOf(view.cell.id);
    const { run } = result;
    if (run.errors.length === 0 && run.data !== null && run.table.rows.length === 0) {
      const cell = view.cell;
      void emptyResultReasons(cell, run.variables).then(
        (reasons) => view.result === result && reasons.length > 0 && view.explainEmpty(reasons),
        () => undefined, // the explanation is extra: without it the cell still says "No rows"
      );
    }
  }

  /** Redraws the narrative that quotes cell `id` (`{{@id.column}}`). */
  private refreshNarrativeOf(id: string): void {
    for (const other of this.views) {
      if (other.cell.kind === "markdown" && other.cell.source.includes(`{{@${id}.`)) other.refreshNarrative();
    }
  }

  private setParameter(name: string, value: ParameterValue): void {
    this.values = Object.freeze({ ...this.values, [name]: value });
    this.host.viewChanged();
    this.renderDefaultsButton();
    showBrokenConstraints(this.parameterSlot, brokenConstraints(this.notebook, this.values));
    void showYearCoverage(this.parameterSlot, this.notebook, this.values);
    const ids = new Set(
      tiedParameters(this.notebook, name).flatMap((tied) => cellsUsingParameter(this.notebook, tied)),
    );
    void Promise.all(this.views.filter((view) => ids.has(view.cell.id)).map((view) => this.runView(view)));
  }

  /**
   * Takes a notebook whose front matter the editor changed: a parameter keeps its current value unless its
   * type, default or options changed (then it takes the new default), and the cells whose values changed run.
   */
  private applyFrontMatter(next: Notebook, renamed?: { readonly from: string; readonly to: string }): void {
    const before = this.notebook;
    const values: Record<string, ParameterValue> = {};
    const changed: string[] = [];
    for (const parameter of next.parameters) {
      const oldName = renamed?.to === parameter.name ? renamed.from : parameter.name;
      const old = before.parameters.find((other) => other.name === oldName);
      const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
      const keep =
        old !== undefined &&
        old.type === parameter.type &&
        same(old.default, parameter.default) &&
        same(old.options, parameter.options);
      values[parameter.name] = keep ? this.values[oldName]! : parameter.default;
      if (!same(values[parameter.name], this.values[oldName])) changed.push(parameter.name);
    }
    this.change(next);
    this.values = Object.freeze(values);
    this.host.viewChanged();
    this.renderParameters();
    this.showDescription();
    this.frontMatterEditor?.showConstraints();
    const ids = new Set(changed.flatMap((name) => cellsUsingParameter(next, name)));
    void Promise.all(this.views.filter((view) => ids.has(view.cell.id)).map((view) => this.runView(view)));
  }

  private showDescription(): void {
    const line = this.element.querySelector(".notebook-header .file-line");
    line?.querySelector(".description")?.remove();
    if (this.notebook.description !== undefined) {
      line?.append(h("span", { class: "description" }, this.notebook.description));
    }
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
      if (error instanceof NotebookApiError && error.code === "CONFLICT") this.showConflict(error.gone);
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
    this.frontMatterEditor?.refresh();
  }

  private showConflict(gone: boolean): void {
    replaceChildren(
      this.banner,
      conflictBanner(
        gone,
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
      if (error instanceof NotebookApiError && error.code === "CONFLICT") this.showConflict(error.gone);
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
      if (error instanceof NotebookApiError && error.code === "CONFLICT") this.showConflict(error.gone);
      else this.host.say(`Could not delete: ${messageOf(error)}`, "error");
    }
  }

  private async exportHtml(): Promise<void> {
    if (this.views.some((view) => view.cell.kind === "graphql" && view.result === null)) await this.runAll();
    const cells = this.views.map((view) => ({ cell: view.cell, result: view.result }));
    const html = await notebookReportHtml(
      this.notebook,
      this.values,
      cells,
      this.numberStyle(),
      `${location.origin}${location.pathname}${this.viewHash(this.numberStyle())}`,
    );
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
    } else this.showInList();
  }

  private showInList(): void {
    this.host.shown({
      name: this.name,
      title: this.notebook.title,
      cellCount: this.notebook.cells.length,
      parameterCount: this.notebook.parameters.length,
      unsaved: this.dirty,
    });
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
    this.showInList();
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
      renderParameterInputs(
        this.notebook.parameters,
        this.values,
        (name, value) => this.setParameter(name, value),
        (name) => areaCounts(this.notebook, this.values, name),
      ),
      h("div", { class: "defaults-slot" }),
    );
    this.renderDefaultsButton();
    showBrokenConstraints(this.parameterSlot, brokenConstraints(this.notebook, this.values));
    void showYearCoverage(this.parameterSlot, this.notebook, this.values);
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
                this.frontMatterEditor?.refresh();
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
