import { checkParameterValue, type ValueCheck } from "./parameter-value.js";
import type { ParameterSpec, ParameterType, ParameterValue } from "./notebook.js";

/** The type each entry of `options` has: the parameter's own, an area for `areas`, none for `yearRange`. */
export const OPTION_ITEM_TYPE: Readonly<Record<ParameterType, ParameterType | null>> = Object.freeze({
  area: "area",
  areas: "area",
  year: "year",
  yearRange: null,
  fundingSource: "fundingSource",
  stage: "stage",
  text: "text",
});

/** A failed options check also says which entry is wrong (its index), so the parser can point at it. */
export type OptionsCheck =
  | { readonly ok: true; readonly value: ReadonlyArray<string | number> }
  | { readonly ok: false; readonly problem: string; readonly index: number | null };

/**
 * Checks a parameter's `options`: a non-empty list of distinct values of the option type
 * (`[north, south, '02']` for an area, `[2021, 2024]` for a year). Enum names come back in their GraphQL
 * spelling (`national` → `NATIONAL`).
 */
export function checkParameterOptions(type: ParameterType, raw: unknown): OptionsCheck {
  const itemType = OPTION_ITEM_TYPE[type];
  if (itemType === null) {
    return {
      ok: false,
      problem: `a ${type} parameter cannot have options; bound it with a constraint instead (e.g. "years.from >= 2015").`,
      index: null,
    };
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    return { ok: false, problem: `options must be a non-empty list such as [north, south].`, index: null };
  }
  const values: (string | number)[] = [];
  for (const [index, item] of raw.entries()) {
    const checked: ValueCheck = checkParameterValue(itemType, item);
    if (!checked.ok) return { ok: false, problem: `option ${index + 1} ${checked.problem}`, index };
    const value = checked.value as string | number;
    if (values.includes(value)) {
      return {
        ok: false,
        problem: `option ${index + 1} repeats ${JSON.stringify(value)}; list each once.`,
        index,
      };
    }
    values.push(value);
  }
  return { ok: true, value: Object.freeze(values) };
}

/** Why `value` is not allowed by the parameter's options (a sentence), or undefined when it is (or has none). */
export function optionsProblem(
  spec: Pick<ParameterSpec, "type" | "options">,
  value: ParameterValue,
): string | undefined {
  const options = spec.options as ReadonlyArray<string | number> | undefined;
  if (options === undefined) return undefined;
  const items = (spec.type === "areas" ? value : [value]) as ReadonlyArray<string | number>;
  const outside = items.find((item) => !options.includes(item));
  if (outside === undefined) return undefined;
  return `allows only ${options.join(", ")}; got ${JSON.stringify(outside)}. Pick one of the options or add it to them.`;
}
