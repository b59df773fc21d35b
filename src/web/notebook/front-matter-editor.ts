import {
  addParameter,
  checkParameterInput,
  NotebookEditError,
  PARAMETER_TYPES,
  ParameterSpecError,
  removeParameter,
  setDescription,
  STARTING_DEFAULTS,
  updateParameter,
  type Notebook,
  type ParameterField,
  type ParameterInput,
  type ParameterSpec,
  type ParameterType,
} from "../../notebook/index.js";
import { formatParameterValue } from "../../notebook/report/index.js";
import { bi, h, replaceChildren } from "./dom.js";
import "./notebook-editing.css";

/** What the editor asks of the notebook: the current notebook, and to take an edited one. */
export interface FrontMatterHost {
  notebook(): Notebook;
  /** `renamed` maps an old parameter name to its new one when a row renamed it. */
  apply(notebook: Notebook, renamed?: { readonly from: string; readonly to: string }): void;
}

const FIELDS: ReadonlyArray<{
  field: Exclude<ParameterField, "type">;
  en: string;
  vi: string;
  hint: string;
}> = [
  { field: "name", en: "Name", vi: "Tên", hint: "letters, digits, _: used as {{name}}" },
  { field: "label", en: "Label", vi: "Nhãn", hint: "shown above the input" },
  { field: "default", en: "Default", vi: "Mặc định", hint: "as on the command line: 2021-2025, north,south" },
  { field: "options", en: "Options", vi: "Lựa chọn", hint: "optional, comma-separated: north, south" },
  { field: "description", en: "Help", vi: "Ghi chú", hint: "optional" },
];

let rowCount = 0;

/**
 * The front matter as a form: the description, one row per parameter (name, type, label, default, options,
 * help, remove) and a row to add one. A row applies its edit when an input changes, through the same helpers
 * the file rules use (`updateParameter`…); a problem is shown under the row and marks the input it concerns
 * (`aria-invalid`), and the notebook stays as it was.
 */
export class FrontMatterEditor {
  readonly element: HTMLDetailsElement;
  private readonly description = h("textarea", {
    id: "front-matter-description",
    rows: 2,
    "aria-label": "Description · Mô tả",
  });
  private readonly descriptionProblem = h("p", { class: "problem", role: "alert" });
  private readonly rows = h("div", { class: "parameter-rows" });
  private readonly constraints = h("div", { class: "constraint-list" });

  constructor(private readonly host: FrontMatterHost) {
    this.description.addEventListener("change", () => this.setDescription());
    this.element = h(
      "details",
      { class: "front-matter-editor" },
      h("summary", {}, bi("Edit description and parameters", "Sửa mô tả và tham số")),
      h("label", { for: "front-matter-description", class: "field-label" }, bi("Description", "Mô tả")),
      this.description,
      this.descriptionProblem,
      h("h3", {}, bi("Parameters", "Tham số")),
      this.rows,
      this.constraints,
    );
    this.refresh();
  }

  /** Draws the form again from the notebook (after a save, or "Make these the defaults"). */
  refresh(): void {
    const notebook = this.host.notebook();
    this.description.value = notebook.description ?? "";
    replaceChildren(
      this.rows,
      notebook.parameters.map((parameter) => this.row(parameter)),
      this.row(null),
    );
    this.showConstraints();
  }

  /** Lists the notebook's constraints (after a rename, with the new name). */
  showConstraints(): void {
    const notebook = this.host.notebook();
    // Constraints are shown, not edited here: they are short text, written in the file's front matter.
    const constraints = notebook.constraints ?? [];
    replaceChildren(
      this.constraints,
      constraints.length === 0
        ? null
        : [
            h("h3", {}, bi("Constraints", "Ràng buộc")),
            h(
              "ul",
              {},
              constraints.map((constraint) =>
                h(
                  "li",
                  {},
                  h("code", {}, constraint.check),
                  constraint.message === undefined ? null : ` — ${constraint.message}`,
                ),
              ),
            ),
            h(
              "small",
              { class: "hint" },
              "Written in the file's front matter (constraints:); renaming a parameter renames it there too.",
            ),
          ],
    );
  }

  private setDescription(): void {
    this.host.apply(setDescription(this.host.notebook(), this.description.value));
  }

  /** A parameter's row, or with `null` the row that adds one. */
  private row(spec: ParameterSpec | null): HTMLElement {
    let name = spec?.name ?? null;
    const problem = h("p", { class: "problem", role: "alert" });
    const inputs = new Map<ParameterField, HTMLInputElement | HTMLSelectElement>();
    const key = spec === null ? "new" : `p${++rowCount}`;
    const type = h(
      "select",
      { "data-field": "type", "aria-label": "Type · Kiểu" },
      PARAMETER_TYPES.map((option) =>
        h("option", { value: option, selected: option === (spec?.type ?? "area") }, option),
      ),
    );
    inputs.set("type", type);
    for (const { field } of FIELDS) {
      inputs.set(field, h("input", { type: "text", "data-field": field, id: `fm-${key}-${field}` }));
    }
    const fill = (value: ParameterSpec): void => {
      inputs.get("name")!.value = value.name;
      type.value = value.type;
      inputs.get("label")!.value = value.label ?? "";
      inputs.get("default")!.value = formatParameterValue(value, value.default);
      inputs.get("options")!.value =
        (value.options as ReadonlyArray<string | number> | undefined)?.join(", ") ?? "";
      inputs.get("description")!.value = value.description ?? "";
    };
    if (spec !== null) fill(spec);
    else inputs.get("default")!.value = startingDefault("area");

    const read = (): ParameterInput => ({
      name: inputs.get("name")!.value,
      type: type.value,
      default: inputs.get("default")!.value,
      label: inputs.get("label")!.value,
      options: inputs.get("options")!.value,
      description: inputs.get("description")!.value,
    });
    const show = (error: unknown): void => {
      for (const input of inputs.values()) input.removeAttribute("aria-invalid");
      if (error === null) return void (problem.textContent = "");
      if (!(error instanceof NotebookEditError)) throw error;
      problem.textContent = error.message;
      const field = error instanceof ParameterSpecError ? error.field : "type";
      inputs.get(field)?.setAttribute("aria-invalid", "true");
    };
    const apply = (): void => {
      if (name === null) return;
      try {
        const input = read();
        const next = updateParameter(this.host.notebook(), name, input);
        const renamed = input.name.trim() === name ? undefined : { from: name, to: input.name.trim() };
        show(null);
        this.host.apply(next, renamed);
        name = input.name.trim();
        const fieldset = inputs.get("name")!.closest("fieldset");
        if (fieldset !== null) {
          fieldset.dataset["parameterRow"] = name;
          fieldset.querySelector("legend")!.textContent = name;
        }
      } catch (error) {
        show(error);
      }
    };
    // A new type keeps the default when it still fits, else starts from the type's example default.
    type.addEventListener("change", () => {
      try {
        checkParameterInput({ ...read(), name: "x", options: "" }, []);
      } catch (error) {
        if (error instanceof ParameterSpecError && error.field === "default") {
          inputs.get("default")!.value = startingDefault(type.value as ParameterType);
        }
      }
      apply();
    });
    for (const [field, input] of inputs) if (field !== "type") input.addEventListener("change", apply);

    const cells = FIELDS.map(({ field, en, vi, hint }) =>
      h(
        "label",
        { class: `field field-${field}`, for: `fm-${key}-${field}`, title: hint },
        h("span", { class: "field-label" }, bi(en, vi)),
        inputs.get(field)!,
      ),
    );
    const typeCell = h(
      "label",
      { class: "field field-type" },
      h("span", { class: "field-label" }, bi("Type", "Kiểu")),
      type,
    );
    cells.splice(1, 0, typeCell);
    if (spec === null) {
      const add = (): void => {
        try {
          const next = addParameter(this.host.notebook(), read());
          show(null);
          this.host.apply(next);
          this.refresh();
          this.rows.querySelector<HTMLElement>(".parameter-row.new [data-field='name']")?.focus();
        } catch (error) {
          show(error);
        }
      };
      for (const input of inputs.values()) {
        input.removeEventListener("change", apply);
        input.addEventListener("keydown", (event) => {
          if ((event as KeyboardEvent).key === "Enter") {
            event.preventDefault();
            add();
          }
        });
      }
      return h(
        "fieldset",
        { class: "parameter-row new" },
        h("legend", {}, bi("Add a parameter", "Thêm tham số")),
        cells,
        h("button", { type: "button", class: "add-parameter", onclick: add }, bi("Add", "Thêm")),
        problem,
      );
    }
    const row = h(
      "fieldset",
      { class: "parameter-row", "data-parameter-row": spec.name },
      h("legend", {}, spec.name),
      cells,
      h(
        "button",
        {
          type: "button",
          class: "remove-parameter danger",
          onclick: () => {
            try {
              this.host.apply(removeParameter(this.host.notebook(), name!));
              row.remove();
            } catch (error) {
              show(error);
            }
          },
        },
        bi("Remove", "Xoá"),
      ),
      problem,
    );
    return row;
  }
}

function startingDefault(type: ParameterType): string {
  return formatParameterValue({ name: "x", type } as ParameterSpec, STARTING_DEFAULTS[type]);
}
