import { cellsUsingParameter } from "./cells-using-parameter.js";
import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import { NotebookEditError } from "./notebook-edit-error.js";
import { originOf, withOrigin } from "./notebook-origin.js";
import {
  constraintParameters,
  constraintViolations,
  formatConstraint,
  parseConstraint,
  type ConstraintOperand,
  type ParameterConstraint,
} from "./parameter-constraint.js";
import { checkParameterOptions, optionsProblem } from "./parameter-options.js";
import { findParameterReferences, REFERENCE_PATTERN, referenceProblem } from "./parameter-reference.js";
import { checkParameterValue, parseParameterString } from "./parameter-value.js";
import {
  PARAMETER_TYPES,
  type Cell,
  type Notebook,
  type ParameterSpec,
  type ParameterType,
  type ParameterValue,
} from "./notebook.js";

/*
 * Editing the front matter: description and parameters. Like the cell helpers (edit-notebook.ts) each returns a
 * new frozen notebook carrying the input's origin, so `serializeNotebook` rewrites only the changed lines, and
 * each enforces what `parseNotebook` enforces, so what is saved reads back.
 */

/** A parameter as a form holds it: texts, or values already in shape. */
export interface ParameterInput {
  readonly name: string;
  readonly type: string;
  /** The value's shape (`[2021, 2025]`) or its command-line spelling (`2021-2025`, `north,south`). */
  readonly default: unknown;
  /** Empty or absent: none. */
  readonly label?: string | undefined;
  readonly description?: string | undefined;
  /** A list, or its entries separated by commas (`north, south`); empty or absent: none. */
  readonly options?: unknown;
}

/** Which input of a parameter form a problem belongs to, so a page can show it there. */
export type ParameterField = "name" | "type" | "default" | "options" | "label" | "description";

/** An invalid parameter edit, naming the field to fix. */
export class ParameterSpecError extends NotebookEditError {
  constructor(
    message: string,
    readonly field: ParameterField,
  ) {
    super(message);
  }
}

/** A default each type starts with when a parameter is added or changes type. */
export const STARTING_DEFAULTS: Readonly<Record<ParameterType, ParameterValue>> = Object.freeze({
  area: "VN",
  areas: Object.freeze(["VN"]),
  year: 2024,
  yearRange: Object.freeze({ from: 2021, to: 2025 }),
  fundingSource: "TOTAL",
  stage: "PLAN",
  text: "",
});

const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Sets (text) or removes (undefined or blank) the notebook's description. */
export function setDescription(notebook: Notebook, description: string | undefined): Notebook {
  const text = description?.trim() === "" ? undefined : description;
  const { description: _, ...rest } = notebook;
  return withOrigin(
    Object.freeze(text === undefined ? rest : { ...rest, description: text }),
    originOf(notebook),
  );
}

/** Declares a new parameter, at the end. */
export function addParameter(notebook: Notebook, input: ParameterInput): Notebook {
  const spec = checkParameterInput(input, notebook.parameters);
  return withParameters(notebook, [...notebook.parameters, spec], notebook.cells);
}

/**
 * Replaces parameter `name` with `input`. A new name is written into every `{{name}}` reference of the cells'
 * variables; a new type must still suit those references (`{{years.from}}` needs a year range).
 */
export function updateParameter(notebook: Notebook, name: string, input: ParameterInput): Notebook {
  const index = indexOf(notebook, name);
  const others = notebook.parameters.filter((_, i) => i !== index);
  const spec = checkParameterInput(input, others);
  const parameters = notebook.parameters.map((other, i) => (i === index ? spec : other));
  const renamed = spec.name !== name;
  const cells = renamed ? renameReferences(notebook.cells, name, spec.name) : notebook.cells;
  const constraints = (notebook.constraints ?? []).map((constraint) =>
    renamed ? renameInConstraint(constraint, name, spec.name) : constraint,
  );
  return withParameters(notebook, parameters, cells, constraints);
}

/** Removes parameter `name`; refused while a cell's variables refer to it (the message names the cells). */
export function removeParameter(notebook: Notebook, name: string): Notebook {
  const index = indexOf(notebook, name);
  const users = cellsUsingParameter(notebook, name);
  if (users.length > 0) {
    throw new NotebookEditError(
      `Parameter "${name}" is used by cell${users.length === 1 ? "" : "s"} ${users.join(", ")}; remove {{${name}}} from their variables first.`,
    );
  }
  const constraint = notebook.constraints?.find((other) => constraintParameters(other).includes(name));
  if (constraint !== undefined) {
    throw new NotebookEditError(
      `Parameter "${name}" is used by the constraint "${constraint.check}"; remove the constraint from the front matter first.`,
    );
  }
  return withParameters(
    notebook,
    notebook.parameters.filter((_, i) => i !== index),
    notebook.cells,
  );
}

/** The spec `input` describes, or a `ParameterSpecError` naming the field; `others` are the other parameters. */
export function checkParameterInput(
  input: ParameterInput,
  others: ReadonlyArray<ParameterSpec>,
): ParameterSpec {
  const name = input.name.trim();
  if (!PARAMETER_NAME.test(name)) {
    throw new ParameterSpecError(
      `A parameter name must be letters, digits and _ (starting with a letter), so {{name}} can refer to it; got "${name}".`,
      "name",
    );
  }
  if (others.some((other) => other.name === name)) {
    throw new ParameterSpecError(`There already is a parameter "${name}"; choose another name.`, "name");
  }
  const type = input.type as ParameterType;
  if (!PARAMETER_TYPES.includes(type)) {
    throw new ParameterSpecError(
      `Unknown parameter type "${input.type}".${formatDidYouMean(didYouMean(input.type, PARAMETER_TYPES))} Use one of ${PARAMETER_TYPES.join(", ")}.`,
      "type",
    );
  }
  const value =
    typeof input.default === "string"
      ? parseParameterString(type, input.default)
      : checkParameterValue(type, input.default);
  if (!value.ok) throw new ParameterSpecError(`The default ${value.problem}`, "default");

  const spec: Record<string, unknown> = { name, type, default: value.value };
  const rawOptions =
    typeof input.options === "string"
      ? input.options.trim() === ""
        ? undefined
        : input.options.split(",").map((item) => item.trim())
      : input.options;
  if (rawOptions !== undefined && rawOptions !== null) {
    const typed =
      typeof input.options === "string" && type === "year"
        ? (rawOptions as string[]).map((item) => (/^\d+$/.test(item) ? Number(item) : item))
        : rawOptions;
    const options = checkParameterOptions(type, typed);
    if (!options.ok) throw new ParameterSpecError(`The ${options.problem}`, "options");
    spec["options"] = options.value;
    const outside = optionsProblem({ type, options: options.value as never }, value.value);
    if (outside !== undefined) throw new ParameterSpecError(`The default ${outside}`, "default");
  }
  for (const field of ["label", "description"] as const) {
    const text = input[field]?.trim();
    if (text !== undefined && text !== "") spec[field] = text;
  }
  return Object.freeze(spec) as unknown as ParameterSpec;
}

function withParameters(
  notebook: Notebook,
  parameters: ReadonlyArray<ParameterSpec>,
  cells: ReadonlyArray<Cell>,
  constraints: ReadonlyArray<ParameterConstraint> = notebook.constraints ?? [],
): Notebook {
  const checked = constraints.map((constraint) => {
    const parsed = parseConstraint(constraint.check, parameters, constraint.message);
    if (!parsed.ok) throw new ParameterSpecError(`The ${parsed.problem}`, "type");
    return parsed.value;
  });
  const defaults = Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.default]));
  const broken = constraintViolations(checked, parameters, defaults)[0];
  if (broken !== undefined) {
    throw new ParameterSpecError(`The defaults break a constraint: ${broken.message}`, "default");
  }
  for (const cell of cells) {
    if (cell.kind !== "graphql") continue;
    for (const reference of findParameterReferences(cell.variables ?? {})) {
      const problem = referenceProblem(reference, parameters);
      if (problem !== undefined) throw new NotebookEditError(`Cell "${cell.id}" ${problem}`);
    }
  }
  const { constraints: _, ...rest } = notebook;
  return withOrigin(
    Object.freeze({
      ...rest,
      parameters: Object.freeze([...parameters]),
      ...(checked.length === 0 ? {} : { constraints: Object.freeze(checked) }),
      cells: Object.freeze([...cells]),
    }),
    originOf(notebook),
  );
}

function renameInConstraint(constraint: ParameterConstraint, from: string, to: string): ParameterConstraint {
  const rename = (operand: ConstraintOperand): ConstraintOperand =>
    operand.kind === "parameter" && operand.name === from ? { ...operand, name: to } : operand;
  const renamed = { ...constraint, left: rename(constraint.left), right: rename(constraint.right) };
  return constraintParameters(constraint).includes(from)
    ? { ...renamed, check: formatConstraint(renamed) }
    : constraint;
}

function renameReferences(cells: ReadonlyArray<Cell>, from: string, to: string): ReadonlyArray<Cell> {
  const rename = (node: unknown): unknown => {
    if (typeof node === "string") {
      return node.replace(REFERENCE_PATTERN, (whole: string, name: string, field: string | undefined) =>
        name === from ? `{{${to}${field === undefined ? "" : `.${field}`}}}` : whole,
      );
    }
    if (Array.isArray(node)) return Object.freeze(node.map(rename));
    if (typeof node === "object" && node !== null) {
      return Object.freeze(
        Object.fromEntries(Object.entries(node).map(([key, item]) => [key, rename(item)])),
      );
    }
    return node;
  };
  return cells.map((cell) =>
    cell.kind === "graphql" &&
    cell.variables !== undefined &&
    findParameterReferences(cell.variables).some((reference) => reference.name === from)
      ? Object.freeze({ ...cell, variables: rename(cell.variables) as Readonly<Record<string, unknown>> })
      : cell,
  );
}

function indexOf(notebook: Notebook, name: string): number {
  const names = notebook.parameters.map((parameter) => parameter.name);
  const index = names.indexOf(name);
  if (index === -1) {
    throw new NotebookEditError(
      `Unknown parameter "${name}".${formatDidYouMean(didYouMean(name, names))} Parameters: ${names.join(", ") || "none"}.`,
    );
  }
  return index;
}
