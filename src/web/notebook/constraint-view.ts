import {
  cellsUsingParameter,
  constraintViolations,
  type Cell,
  type ConstraintViolation,
  type Notebook,
  type ParameterValues,
} from "../../notebook/index.js";
import { h } from "./dom.js";

/*
 * The notebook's constraints in the page (`baseYear in years`): a broken one is said at the inputs of the
 * parameters it names, and the cells that use those parameters do not run until the values agree, so no cell
 * answers "outside the trend's span" for a choice the page could have caught.
 */

/** The constraints the values break. */
export function brokenConstraints(
  notebook: Notebook,
  values: ParameterValues,
): ReadonlyArray<ConstraintViolation> {
  return constraintViolations(notebook.constraints ?? [], notebook.parameters, values);
}

/** The broken constraint that keeps `cell` from running, if any. */
export function blockingConstraint(
  notebook: Notebook,
  values: ParameterValues,
  cell: Cell,
): ConstraintViolation | undefined {
  return brokenConstraints(notebook, values).find((violation) =>
    violation.parameters.some((name) => cellsUsingParameter(notebook, name).includes(cell.id)),
  );
}

/** The parameters to re-run with `name`: itself and every parameter a constraint ties to it. */
export function tiedParameters(notebook: Notebook, name: string): ReadonlyArray<string> {
  const tied = new Set([name]);
  for (const constraint of notebook.constraints ?? []) {
    const names = [constraint.left, constraint.right].flatMap((operand) =>
      operand.kind === "parameter" ? [operand.name] : [],
    );
    if (names.includes(name)) for (const other of names) tied.add(other);
  }
  return [...tied];
}

/**
 * Writes each broken constraint under the inputs of its parameters (`.constraint-problem`, linked with
 * `aria-describedby`) and marks their controls `aria-invalid`; clears what an earlier call wrote.
 */
export function showBrokenConstraints(
  panel: HTMLElement,
  violations: ReadonlyArray<ConstraintViolation>,
): void {
  for (const old of panel.querySelectorAll(".constraint-problem")) old.remove();
  for (const control of panel.querySelectorAll("[data-constraint-invalid]")) {
    control.removeAttribute("data-constraint-invalid");
    control.removeAttribute("aria-invalid");
    control.removeAttribute("aria-describedby");
  }
  for (const field of panel.querySelectorAll<HTMLElement>(".parameter[data-parameter]")) {
    const name = field.dataset["parameter"]!;
    const broken = violations.filter((violation) => violation.parameters.includes(name));
    if (broken.length === 0) continue;
    const id = `constraint-${name}`;
    field.append(
      h(
        "span",
        { id, class: "constraint-problem", role: "alert" },
        broken.map((violation) => violation.message).join(" "),
      ),
    );
    for (const control of field.querySelectorAll("input:not([role=combobox]), select")) {
      control.setAttribute("data-constraint-invalid", "");
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", id);
    }
  }
}
