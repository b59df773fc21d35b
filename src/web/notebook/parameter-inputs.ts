import { FUNDING_SOURCE, STAGE, type Term } from "../../model/index.js";
import {
  FUNDING_SOURCES,
  STAGES,
  resolveParameters,
  type ParameterSpec,
  type ParameterValue,
  type ParameterValues,
  type YearRange,
} from "../../notebook/index.js";
import { areaDirectory, areaName, areaSearchBox, type AreaCounts } from "./area-picker.js";
import { h, replaceChildren } from "./dom.js";

/** The label a picker shows for each GraphQL enum name: "National funding · Khuyến công quốc gia (KCQG)". */
const labelsByGraphQLName = (terms: ReadonlyArray<Term<string>>): Readonly<Record<string, string>> =>
  Object.freeze(Object.fromEntries(terms.map((term) => [term.graphql, term.label])));

const FUNDING_SOURCE_LABELS = labelsByGraphQLName(FUNDING_SOURCE.terms);
const STAGE_LABELS = labelsByGraphQLName(STAGE.terms);

export type ParameterChange = (name: string, value: ParameterValue) => void;

/** Figures per area id for an area parameter's choices, from its cell's measure (coverage-hints.ts). */
export type AreaCoverage = (name: string) => Promise<ReadonlyMap<string, number> | null>;

/**
 * One labelled input per declared parameter. A control checks its value with `resolveParameters` (the same
 * rules as the file and the command line) and calls `onChange` only with a valid value; otherwise it shows the
 * problem beside itself.
 */
export function renderParameterInputs(
  parameters: ReadonlyArray<ParameterSpec>,
  values: ParameterValues,
  onChange: ParameterChange,
  coverage?: AreaCoverage,
): HTMLElement {
  return h(
    "div",
    { class: "parameters" },
    parameters.map((parameter) => parameterField(parameter, values[parameter.name]!, onChange, coverage)),
  );
}

function parameterField(
  spec: ParameterSpec,
  value: ParameterValue,
  onChange: ParameterChange,
  coverage: AreaCoverage | undefined,
): HTMLElement {
  const id = `param-${spec.name}`;
  const problem = h("span", { class: "problem", role: "alert" });
  const commit = (raw: unknown, control?: HTMLElement): boolean => {
    try {
      const checked = resolveParameters([spec], { [spec.name]: raw })[spec.name]!;
      problem.textContent = "";
      control?.removeAttribute("aria-invalid");
      onChange(spec.name, checked);
      return true;
    } catch (error) {
      problem.textContent = error instanceof Error ? error.message : String(error);
      control?.setAttribute("aria-invalid", "true");
      return false;
    }
  };
  const label = spec.label ?? spec.name;
  return h(
    "div",
    { class: `parameter parameter-${spec.type}`, "data-parameter": spec.name },
    h("label", { for: id, class: "parameter-label" }, label, h("small", {}, ` ${spec.type}`)),
    control(spec, value, id, commit, coverage && (() => coverage(spec.name))),
    spec.description === undefined ? null : h("small", { class: "hint" }, spec.description),
    spec.type === "year" || spec.type === "yearRange"
      ? h("small", { class: "coverage-hint", "data-coverage-for": spec.name, "aria-live": "polite" })
      : null,
    problem,
  );
}

type Commit = (raw: unknown, control?: HTMLElement) => boolean;

function control(
  spec: ParameterSpec,
  value: ParameterValue,
  id: string,
  commit: Commit,
  counts: AreaCounts | undefined,
): HTMLElement {
  if (spec.options !== undefined) return optionsControl(spec, value, id, commit);
  switch (spec.type) {
    case "area": {
      const current = h("span", { class: "current" }, areaName(value as string));
      const box = areaSearchBox(
        `${spec.label ?? spec.name}: search areas`,
        (picked) => {
          if (commit(picked)) replaceChildren(current, areaName(picked));
        },
        counts,
      );
      box.querySelector("input")!.id = id;
      return h("div", { class: "area-control" }, current, box);
    }
    case "areas": {
      let chosen = [...(value as ReadonlyArray<string>)];
      const chips = h("span", { class: "chips" });
      const choose = (next: string[]): void => {
        if (!commit(next)) return;
        chosen = next;
        draw();
      };
      const draw = (): void =>
        replaceChildren(
          chips,
          chosen.map((area) =>
            h(
              "span",
              { class: "chip" },
              areaName(area),
              h(
                "button",
                {
                  type: "button",
                  "aria-label": `Remove ${area}`,
                  onclick: () => choose(chosen.filter((other) => other !== area)),
                },
                "×",
              ),
            ),
          ),
        );
      draw();
      const box = areaSearchBox(
        `${spec.label ?? spec.name}: add an area`,
        (picked) => choose(chosen.includes(picked) ? chosen : [...chosen, picked]),
        counts,
      );
      box.querySelector("input")!.id = id;
      return h("div", { class: "area-control" }, chips, box);
    }
    case "year": {
      const input = yearInput(id, value as number);
      input.addEventListener("change", () => commit(Number(input.value), input));
      return input;
    }
    case "yearRange": {
      const range = value as YearRange;
      const from = yearInput(id, range.from);
      const to = yearInput(`${id}-to`, range.to);
      to.setAttribute("aria-label", `${spec.label ?? spec.name}: last year`);
      const change = (): void => {
        commit({ from: Number(from.value), to: Number(to.value) }, from);
      };
      from.addEventListener("change", change);
      to.addEventListener("change", change);
      return h("span", { class: "year-range" }, from, h("span", { "aria-hidden": "true" }, "–"), to);
    }
    case "fundingSource":
    case "stage": {
      const labels = spec.type === "stage" ? STAGE_LABELS : FUNDING_SOURCE_LABELS;
      const choices: ReadonlyArray<string> = spec.type === "stage" ? STAGES : FUNDING_SOURCES;
      const select = h(
        "select",
        { id },
        choices.map((choice) =>
          h("option", { value: choice, selected: choice === value }, labels[choice] ?? choice),
        ),
      );
      select.addEventListener("change", () => commit(select.value, select));
      return select;
    }
    case "text": {
      const input = h("input", { id, type: "text", value: value as string });
      input.addEventListener("change", () => commit(input.value, input));
      return input;
    }
  }
}

/** A parameter with `options`: a list to pick one from, or boxes to tick for `areas`. */
function optionsControl(spec: ParameterSpec, value: ParameterValue, id: string, commit: Commit): HTMLElement {
  const options = spec.options as ReadonlyArray<string | number>;
  const label = (option: string | number): string =>
    spec.type === "stage"
      ? (STAGE_LABELS[option] ?? String(option))
      : spec.type === "fundingSource"
        ? (FUNDING_SOURCE_LABELS[option] ?? String(option))
        : String(option);
  const named = (element: HTMLElement, option: string | number): void => {
    if (spec.type === "area" || spec.type === "areas") {
      void areaDirectory().then((areas) => {
        const area = areas.get(String(option));
        if (area !== undefined) element.textContent = `${area.name} (${option})`;
      });
    }
  };
  if (spec.type === "areas") {
    const chosen = value as ReadonlyArray<string>;
    const boxes = options.map((option) => {
      const text = h("span", {}, String(option));
      named(text, option);
      const box = h("input", {
        type: "checkbox",
        value: String(option),
        checked: chosen.includes(String(option)),
      });
      return h("label", { class: "option" }, box, text);
    });
    const group = h("div", { id, class: "option-boxes", role: "group" }, boxes);
    group.addEventListener("change", () => {
      const ticked = [...group.querySelectorAll<HTMLInputElement>("input:checked")].map((box) => box.value);
      commit(ticked, group);
    });
    return group;
  }
  const select = h(
    "select",
    { id },
    options.map((option) => {
      const element = h("option", { value: String(option), selected: option === value }, label(option));
      named(element, option);
      return element;
    }),
  );
  select.addEventListener("change", () =>
    commit(spec.type === "year" ? Number(select.value) : select.value, select),
  );
  return select;
}

function yearInput(id: string, year: number): HTMLInputElement {
  return h("input", {
    id,
    type: "number",
    class: "year",
    min: 1990,
    max: 2100,
    step: 1,
    inputmode: "numeric",
    value: year,
  });
}
