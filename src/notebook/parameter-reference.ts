import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import type { ParameterSpec, ParameterType } from "./notebook.js";

/** A `{{name}}` or `{{name.field}}` reference inside a string of a cell's variables. */
export interface ParameterReference {
  readonly name: string;
  readonly field: string | undefined;
  /** Where the string sits in the variables, e.g. `["filter", "areas", 0]`. */
  readonly path: ReadonlyArray<string | number>;
}

/** Fields a reference may select; `{{years.from}}` is the only kind today. */
export const REFERENCE_FIELDS: Readonly<Record<ParameterType, ReadonlyArray<string>>> = Object.freeze({
  area: [],
  areas: [],
  year: [],
  yearRange: ["from", "to"],
  fundingSource: [],
  stage: [],
  text: [],
});

/** Matches one reference; whitespace inside the braces is allowed: `{{ years.from }}`. */
export const REFERENCE_PATTERN = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?\s*\}\}/g;

/** Every reference in `value` (depth-first, in key order), for validation and `cellsUsingParameter`. */
export function findParameterReferences(value: unknown): ParameterReference[] {
  const found: ParameterReference[] = [];
  const visit = (node: unknown, path: ReadonlyArray<string | number>): void => {
    if (typeof node === "string") {
      for (const match of node.matchAll(REFERENCE_PATTERN)) {
        found.push({ name: match[1]!, field: match[2], path });
      }
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
    } else if (typeof node === "object" && node !== null) {
      for (const [key, item] of Object.entries(node)) visit(item, [...path, key]);
    }
  };
  visit(value, []);
  return found;
}

/** Why the reference cannot be bound with these parameters (a sentence with the fix), or undefined. */
export function referenceProblem(
  reference: ParameterReference,
  parameters: ReadonlyArray<{ readonly name: string; readonly type: ParameterSpec["type"] }>,
): string | undefined {
  const names = parameters.map((parameter) => parameter.name);
  const spec = parameters.find((parameter) => parameter.name === reference.name);
  const where = `variable "${formatPath(reference.path)}"`;
  if (spec === undefined) {
    const declared = names.length === 0 ? "the front matter declares none" : `declared: ${names.join(", ")}`;
    return (
      `${where} refers to unknown parameter "${reference.name}".${formatDidYouMean(didYouMean(reference.name, names))} ` +
      `Declare it under parameters in the front matter or use a declared one (${declared}).`
    );
  }
  const fields = REFERENCE_FIELDS[spec.type];
  if (reference.field !== undefined && !fields.includes(reference.field)) {
    const fix =
      fields.length === 0
        ? `use {{${spec.name}}}`
        : `use ${fields.map((field) => `{{${spec.name}.${field}}}`).join(" or ")}`;
    return `${where} refers to "${spec.name}.${reference.field}", but a ${spec.type} parameter has no field "${reference.field}"; ${fix}.`;
  }
  return undefined;
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  return path
    .map((step, index) => (typeof step === "number" ? `[${step}]` : index === 0 ? step : `.${step}`))
    .join("");
}
