import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import { ParameterError } from "./parameter-error.js";
import { constraintViolations, type ParameterConstraint } from "./parameter-constraint.js";
import { optionsProblem } from "./parameter-options.js";
import { checkParameterValue, parseParameterString } from "./parameter-value.js";
import type { ParameterSpec, ParameterValue, ParameterValues } from "./notebook.js";

/**
 * The value of every declared parameter: its default, or the override of the same name. A string override is
 * parsed the way the command line writes it (`years=2021-2025`, `areas=north,south`, `year=2024`,
 * `source=national`); any other override must already have the value's shape (`[2021, 2025]`, `["north"]`).
 * `undefined` overrides are ignored.
 *
 * Throws `ParameterError` for an unknown name (with a suggestion), a value the type or its options cannot
 * take, or values that break one of `constraints` (the notebook's, `baseYear in years`).
 *
 * @example resolveParameters(nb.parameters, { years: "2022-2024" })
 *   // → { region: "north", years: { from: 2022, to: 2024 }, source: "total" }
 */
export function resolveParameters(
  parameters: ReadonlyArray<ParameterSpec>,
  overrides: Readonly<Record<string, unknown>> = {},
  constraints: ReadonlyArray<ParameterConstraint> = [],
): ParameterValues {
  const names = parameters.map((parameter) => parameter.name);
  for (const name of Object.keys(overrides)) {
    if (!names.includes(name)) {
      const declared =
        names.length === 0 ? "This notebook has no parameters." : `Parameters: ${names.join(", ")}.`;
      throw new ParameterError(
        `Unknown parameter "${name}".${formatDidYouMean(didYouMean(name, names))} ${declared}`,
        name,
      );
    }
  }
  const values: Record<string, ParameterValue> = {};
  for (const parameter of parameters) {
    const override = overrides[parameter.name];
    values[parameter.name] = override === undefined ? parameter.default : parseOverride(parameter, override);
  }
  const broken = constraintViolations(constraints, parameters, values)[0];
  if (broken !== undefined) throw new ParameterError(broken.message, broken.parameters[0]!);
  return Object.freeze(values);
}

/** Parses one override for `parameter` (shared with `setParameterDefault`). */
export function parseOverride(parameter: ParameterSpec, value: unknown): ParameterValue {
  const checked =
    typeof value === "string"
      ? parseParameterString(parameter.type, value)
      : checkParameterValue(parameter.type, value);
  const problem = checked.ok ? optionsProblem(parameter, checked.value) : checked.problem;
  if (problem !== undefined || !checked.ok) {
    throw new ParameterError(`Parameter "${parameter.name}" (${parameter.type}) ${problem}`, parameter.name);
  }
  return checked.value;
}
