import type { EditorView } from "@codemirror/view";
import type { GraphQLSchema } from "graphql";
import {
  checkChartColumns,
  columnLabels,
  columnLabelText,
  renderMarkdown,
  type Cell,
  type CellPatch,
  type ChartSpec,
  type ColumnLabels,
  type NarrativeReference,
} from "../../notebook/index.js";
import {
  createJsonEditor,
  createMarkdownEditor,
  createQueryEditor,
  markQueryProblems,
  setQueryEditorSchema,
} from "./cell-editors.js";
import { renderCellOutput } from "./cell-output.js";
import { chartSpecCompletion, type ChartColumn } from "./chart-spec-completion.js";
import { bi, h, replaceChildren } from "./dom.js";
import type { NumberStyle } from "./number-format.js";
import type { SortState } from "./result-table.js";
import type { CellResult } from "./run-cell.js";

/** What a cell asks of the notebook around it. `edit` returns a problem to show, or null when applied. */
export interface CellHost {
  edit(view: CellView, patch: CellPatch): string | null;
  run(view: CellView): void;
  move(view: CellView, by: -1 | 1): void;
  remove(view: CellView): void;
  insertAfter(view: CellView, kind: Cell["kind"]): void;
  numberStyle(): NumberStyle;
  /** The text of a `{{@cell.column}}` in narrative, from that cell's current result. */
  narrativeValue(reference: NarrativeReference): string;
  /** False in read-only mode: the cell can be run and read, not edited, moved, added or deleted. */
  readonly canWrite: boolean;
}

/**
 * One cell on the page. The view outlives edits, moves and saves (its editors keep their undo history);
 * `cell` is replaced by the notebook after every change.
 */
export class CellView {
  readonly element: HTMLElement;
  result: CellResult | null = null;
  private stale = false;
  /** Said with the output: why the result is empty, or why the cell did not run (a broken constraint). */
  private note: HTMLElement | null = null;
  private sort: SortState | null = null;
  private labelCache: {
    readonly run: CellResult["run"];
    readonly schema: GraphQLSchema;
    readonly labels: ColumnLabels;
  } | null = null;
  private editor: EditorView | null = null;
  private readonly idLabel = h("code", { class: "cell-id" });
  private readonly body = h("div", { class: "cell-body" });
  private readonly output = h("div", { class: "output-slot", "aria-live": "polite" });

  constructor(
    public cell: Cell,
    private readonly host: CellHost,
    private schema: GraphQLSchema | null,
  ) {
    this.element = h("section", { class: `cell cell-${cell.kind}` });
    this.element.append(this.toolbar(), this.body, this.output);
    this.update(cell);
    if (cell.kind === "graphql") this.buildQueryBody();
    else this.showMarkdown(false);
  }

  /** The notebook changed this cell (an edit, or new ids after a save). */
  update(cell: Cell): void {
    this.cell = cell;
    this.element.dataset["cellId"] = cell.id;
    this.element.setAttribute("aria-label", `${cell.kind === "graphql" ? "Query" : "Text"} cell ${cell.id}`);
    this.idLabel.textContent = cell.id;
  }

  setSchema(schema: GraphQLSchema): void {
    this.schema = schema;
    if (this.cell.kind === "graphql" && this.editor !== null) setQueryEditorSchema(this.editor, schema);
    this.renderOutput(); // the headings now come from the schema's descriptions
  }

  /** Opens a new cell for typing: a text cell's editor with its placeholder text selected, so typing replaces it. */
  startEditing(): void {
    if (this.cell.kind === "markdown") this.showMarkdown(true);
    this.editor?.focus();
    this.editor?.dispatch({ selection: { anchor: 0, head: this.editor.state.doc.length } });
  }

  setRunning(running: boolean): void {
    this.element.classList.toggle("running", running);
    this.element.setAttribute("aria-busy", String(running));
  }

  /**
   * Replaces whatever the cell showed with this run: its stamp, its errors and only its own data. The output is
   * drawn before the editor marks the errors, so nothing in the editor can leave an old result standing.
   */
  showResult(result: CellResult): void {
    this.result = result;
    this.note = null;
    this.stale = false;
    this.element.classList.remove("stale");
    this.element.classList.toggle("failed", result.run.errors.length > 0);
    this.renderOutput();
    if (this.editor !== null && this.cell.kind === "graphql") {
      markQueryProblems(
        this.editor,
        result.run.errors.flatMap((e) =>
          e.line === null ? [] : [{ line: e.line, column: e.column ?? 1, message: e.message }],
        ),
      );
    }
  }

  /** Says under an empty result which filter removed everything (coverage-hints.ts). */
  explainEmpty(reasons: ReadonlyArray<string>): void {
    this.note = h(
      "div",
      { class: "empty-why", role: "note" },
      h("strong", {}, bi("Why no rows", "Vì sao không có dòng")),
      reasons.map((reason) => h("p", {}, reason)),
    );
    this.renderOutput();
  }

  /** The cell cannot run with the parameters as they are (a broken constraint): says why, in place of a result. */
  showBlocked(reason: string): void {
    this.result = null;
    this.stale = false;
    this.element.classList.remove("stale", "failed");
    this.note = h("p", { class: "blocked-note", role: "status" }, bi("Not run", "Chưa chạy"), `: ${reason}`);
    this.renderOutput();
  }

  /** Draws the output again (a new number format, a sort, a chart edit). */
  renderOutput(): void {
    if (this.result === null || this.cell.kind !== "graphql") return replaceChildren(this.output, this.note);
    replaceChildren(
      this.output,
      renderCellOutput(this.result, {
        labels: this.labels(),
        cellId: this.cell.id,
        chart: this.cell.chart ?? (this.result.run.chartFromCell ? null : this.result.run.chart),
        style: this.host.numberStyle(),
        sort: this.sort,
        onSort: (sort) => {
          this.sort = sort;
          this.renderOutput();
        },
      }),
    );
    const empty = this.output.querySelector(".empty");
    if (this.note !== null && empty !== null) empty.after(this.note);
    else if (this.note !== null) this.output.append(this.note);
  }

  /** The headings of the last result's columns, from the schema's descriptions; null before the schema came. */
  private labels(): ColumnLabels | null {
    const run = this.result?.run;
    if (this.schema === null || run === undefined || run.data === null) return null;
    if (this.labelCache?.run !== run || this.labelCache.schema !== this.schema) {
      const labels = columnLabels(this.schema, run.query, run.variables, run.data, run.table.columns);
      this.labelCache = { run, schema: this.schema, labels };
    }
    return this.labelCache.labels;
  }

  /** What the chart block may name: the last result's columns, with their headings. */
  private chartColumns(): ReadonlyArray<ChartColumn> {
    const labels = this.labels();
    const style = this.host.numberStyle();
    return (this.result?.run.table.columns ?? []).map((column) => {
      const label = columnLabelText(labels, column, style);
      return { column, label: label === column ? null : label };
    });
  }

  /** Draws the narrative again when a cell it quotes (`{{@cell.column}}`) has a new result; not while editing. */
  refreshNarrative(): void {
    if (this.cell.kind === "markdown" && this.editor === null) this.showMarkdown(false);
  }

  focus(): void {
    this.editor?.focus();
  }

  private toolbar(): HTMLElement {
    const isQuery = this.cell.kind === "graphql";
    const readOnly = !this.host.canWrite;
    const button = (label: Node | string, title: string, onclick: () => void, extra = {}) =>
      h(
        "button",
        { type: "button", title, "aria-label": title, onclick, disabled: readOnly, ...extra },
        label,
      );
    return h(
      "div",
      { class: "cell-bar" },
      h("span", { class: "cell-kind" }, isQuery ? "GraphQL" : bi("Text", "Văn bản")),
      this.idLabel,
      h("span", { class: "spacer" }),
      isQuery
        ? h(
            "button",
            {
              type: "button",
              class: "run primary",
              title: "Run this cell (Shift+Enter)",
              onclick: () => this.host.run(this),
            },
            bi("▶ Run", "Chạy"),
          )
        : h(
            "button",
            { type: "button", class: "edit", disabled: readOnly, onclick: () => this.toggleMarkdown() },
            bi("Edit", "Sửa"),
          ),
      button("↑", "Move up · Lên", () => this.host.move(this, -1), { class: "icon move-up" }),
      button("↓", "Move down · Xuống", () => this.host.move(this, 1), { class: "icon move-down" }),
      button("+Q", "Add a query cell below · Thêm ô truy vấn", () => this.host.insertAfter(this, "graphql"), {
        class: "icon",
      }),
      button("+T", "Add a text cell below · Thêm ô văn bản", () => this.host.insertAfter(this, "markdown"), {
        class: "icon",
      }),
      button("✕", "Delete cell · Xoá ô", () => this.host.remove(this), { class: "icon danger delete-cell" }),
    );
  }

  private buildQueryBody(): void {
    if (this.cell.kind !== "graphql") return;
    const slot = h("div", { class: "editor query-editor" });
    this.editor = createQueryEditor(
      {
        text: this.cell.query,
        label: `GraphQL query of cell ${this.cell.id}`,
        readOnly: !this.host.canWrite,
        onChange: (query) => {
          this.host.edit(this, { query });
          this.markStale();
        },
        onRun: () => this.host.run(this),
      },
      this.schema,
    );
    slot.append(this.editor.dom);
    replaceChildren(
      this.body,
      slot,
      this.jsonBlock("variables", bi("Variables", "Biến"), this.cell.variables),
      this.jsonBlock("chart", bi("Chart", "Biểu đồ"), this.cell.chart),
    );
  }

  /** A collapsible JSON editor for the `json variables` or `json chart` block; empty text removes the block. */
  private jsonBlock(key: "variables" | "chart", summary: Node, value: unknown): HTMLElement {
    const problem = h("p", { class: "problem", role: "alert" });
    const text = value === undefined ? "" : JSON.stringify(value, null, 2);
    const editor = createJsonEditor(
      {
        text,
        label: `${key} of cell ${this.cell.id} (JSON)`,
        readOnly: !this.host.canWrite,
        onRun: () => this.host.run(this),
        onChange: (source) => {
          let parsed: unknown;
          try {
            parsed = source.trim() === "" ? undefined : JSON.parse(source);
          } catch (error) {
            problem.textContent = `Not valid JSON yet: ${(error as Error).message}`;
            return;
          }
          if (
            parsed !== undefined &&
            (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
          ) {
            problem.textContent = `The ${key} block must be a JSON object, { … }.`;
            return;
          }
          const patch: CellPatch =
            key === "variables"
              ? { variables: parsed as Record<string, unknown> | undefined }
              : { chart: parsed as ChartSpec | undefined };
          problem.textContent = this.host.edit(this, patch) ?? "";
          if (key === "chart" && problem.textContent === "") {
            this.renderOutput();
            const columns = this.result?.run.table.columns ?? [];
            if (patch.chart !== undefined)
              problem.textContent = checkChartColumns(patch.chart, columns) ?? "";
          } else this.markStale();
        },
      },
      key === "chart" ? chartSpecCompletion(() => this.chartColumns()) : undefined,
    );
    return h(
      "details",
      { class: `cell-json cell-${key}` },
      h(
        "summary",
        {},
        summary,
        h("code", { class: "json-preview" }, value === undefined ? "" : ` ${preview(value)}`),
      ),
      h("div", { class: "editor json-editor" }, editor.dom),
      problem,
    );
  }

  private markStale(): void {
    if (this.result === null || this.stale) return;
    this.stale = true;
    this.element.classList.add("stale");
  }

  private toggleMarkdown(): void {
    this.showMarkdown(this.editor === null);
  }

  private showMarkdown(editing: boolean): void {
    if (this.cell.kind !== "markdown") return;
    const editButton = this.element.querySelector<HTMLButtonElement>("button.edit");
    if (editButton !== null) replaceChildren(editButton, editing ? bi("Done", "Xong") : bi("Edit", "Sửa"));
    this.editor?.destroy();
    this.editor = null;
    if (editing) {
      const problem = h("p", { class: "problem", role: "alert" });
      this.editor = createMarkdownEditor({
        text: this.cell.source,
        label: `Text of cell ${this.cell.id} (Markdown)`,
        onChange: (source) => (problem.textContent = this.host.edit(this, { source }) ?? ""),
        onRun: () => this.showMarkdown(false),
      });
      replaceChildren(this.body, h("div", { class: "editor markdown-editor" }, this.editor.dom), problem);
      this.editor.focus();
      return;
    }
    const rendered = h("div", {
      class: "markdown-body",
      title: this.host.canWrite ? "Double-click to edit · Nhấp đúp để sửa" : undefined,
    });
    rendered.innerHTML =
      this.cell.source.trim() === ""
        ? "<p class='placeholder'>Empty text cell · Ô trống</p>"
        : renderMarkdown(this.cell.source, (reference) => this.host.narrativeValue(reference));
    if (this.host.canWrite) rendered.addEventListener("dblclick", () => this.showMarkdown(true));
    replaceChildren(this.body, rendered);
  }
}

/** The block on one line, shortened: what the collapsed summary shows. */
function preview(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}
