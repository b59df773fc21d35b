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
import { areaName, areaSearchBox } from "./area-picker.js";
import { h, replaceChildren } from "./dom.js";

/** The label a picker shows for each GraphQL enum name: "National funding · Khuyến công quốc gia (KCQG)". */
const labelsByGraphQLName = (terms: ReadonlyArray<Term<string>>): Readonly<Record<string, string>> =>
  Object.freeze(Object.fromEntries(terms.map((term) => [term.graphql, term.label])));

const FUNDING_SOURCE_LABELS = labelsByGraphQLName(FUNDING_SOURCE.terms);
const STAGE_LABELS = labelsByGraphQLName(STAGE.terms);

export type ParameterChange = (name: string, value: ParameterValue) => void;

/**
 * One labelled input per declared parameter. A control checks its value with `resolveParameters` (the same
 * rules as the file and the command line) and calls `onChange` only with a valid value; otherwise it shows the
 * problem beside itself.
 */
export function renderParameterInputs(
  parameters: ReadonlyArray<ParameterSpec>,
  values: ParameterValues,
  onChange: ParameterChange,
): HTMLElement {
  return h(
    "div",
    { class: "parameters" },
    parameters.map((parameter) => parameterField(parameter, values[parameter.name]!, onChange)),
  );
}

function parameterField(spec: ParameterSpec, value: ParameterValue, onChange: ParameterChange): HTMLElement {
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
    control(spec, value, id, commit),
    spec.description === undefined ? null : h("small", { class: "hint" }, spec.description),
    problem,
  );
}

type Commit = (raw: unknown, control?: HTMLElement) => boolean;

function control(spec: ParameterSpec, value: ParameterValue, id: string, commit: Commit): HTMLElement {
  switch (spec.type) {
    case "area": {
      const current = h("span", { class: "current" }, areaName(value as string));
      const box = areaSearchBox(`${spec.label ?? spec.name}: search areas`, (picked) => {
        if (commit(picked)) replaceChildren(current, areaName(picked));
      });
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
      const box = areaSearchBox(`${spec.label ?? spec.name}: add an area`, (picked) =>
        choose(chosen.includes(picked) ? chosen : [...chosen, picked]),
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
