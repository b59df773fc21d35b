import { ParameterError } from "./parameter-error.js";
import {
  findParameterReferences,
  REFERENCE_PATTERN,
  referenceProblem,
  type ParameterReference,
} from "./parameter-reference.js";
import type { ParameterValue, ParameterValues, QueryCell, YearRange } from "./notebook.js";

/**
 * The cell's variables with every `{{name}}` / `{{name.field}}` replaced by the parameter's value.
 *
 * A string that is exactly one reference becomes the value itself, keeping its type: `"{{years.from}}"` → `2021`,
 * `"{{areas}}"` → `["north", "south"]`, `"{{years}}"` → `{ from: 2021, to: 2025 }`. A reference inside a longer
 * string is interpolated as text (lists joined with ",", ranges as "2021-2025"). Objects and arrays are walked
 * recursively; other values pass through. A cell without variables binds to `{}`.
 *
 * Throws `ParameterError` naming the cell and the parameter when a reference has no value in `values`.
 *
 * @example bindVariables({ …, variables: { area: "{{region}}", from: "{{years.from}}" } },
 *   { region: "north", years: { from: 2021, to: 2025 } })  // → { area: "north", from: 2021 }
 */
export function bindVariables(cell: QueryCell, values: ParameterValues): Record<string, unknown> {
  const variables = cell.variables ?? {};
  const declared = Object.entries(values).map(([name, value]) => ({ name, type: typeOf(value) }));
  for (const reference of findParameterReferences(variables)) {
    const problem = referenceProblem(reference, declared);
    if (problem !== undefined)
      throw new ParameterError(`Cell "${cell.id}" ${problem}`, reference.name, cell.id);
  }
  return bind(variables, values) as Record<string, unknown>;
}

function bind(node: unknown, values: ParameterValues): unknown {
  if (typeof node === "string") {
    const whole = new RegExp(`^${REFERENCE_PATTERN.source}$`).exec(node);
    if (whole !== null) return copy(select({ name: whole[1]!, field: whole[2], path: [] }, values));
    return node.replace(REFERENCE_PATTERN, (_, name: string, field: string | undefined) =>
      format(select({ name, field, path: [] }, values)),
    );
  }
  if (Array.isArray(node)) return node.map((item) => bind(item, values));
  if (typeof node === "object" && node !== null) {
    return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, bind(item, values)]));
  }
  return node;
}

function select(reference: ParameterReference, values: ParameterValues): ParameterValue {
  const value = values[reference.name]!;
  return reference.field === undefined
    ? value
    : ((value as YearRange)[reference.field as keyof YearRange] ?? value);
}

function copy(value: ParameterValue): unknown {
  if (Array.isArray(value)) return [...(value as string[])];
  return typeof value === "object" ? { ...(value as YearRange) } : value;
}

function format(value: ParameterValue): string {
  if (Array.isArray(value)) return value.join(",");
  if (typeof value === "object") return `${(value as YearRange).from}-${(value as YearRange).to}`;
  return String(value);
}

// Values carry no declared type; only the year range shape has fields to check references against.
function typeOf(value: ParameterValue): "yearRange" | "text" {
  return typeof value === "object" && !Array.isArray(value) ? "yearRange" : "text";
}
