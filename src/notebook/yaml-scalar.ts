import { parse } from "yaml";
import type { ParameterValue, YearRange } from "./notebook.js";

/**
 * A string as a YAML scalar: plain when it reads back as the same string (in a block mapping, or inside a flow
 * mapping `{ … }` where commas and brackets end a plain scalar), otherwise double-quoted.
 */
export function formatYamlString(value: string, context: "block" | "flow"): string {
  const plain =
    value !== "" &&
    value === value.trim() &&
    !/[\n\r\t]|: | #|:$/.test(value) &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    (context === "block" || !/[,[\]{}]/.test(value)) &&
    readsBack(value, context);
  return plain ? value : JSON.stringify(value);
}

/** A parameter value in flow style: `north`, `2024`, `[north, south]`, `[2021, 2025]`. */
export function formatYamlValue(value: ParameterValue): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return formatYamlString(value, "flow");
  if (Array.isArray(value))
    return `[${value.map((item: string) => formatYamlString(item, "flow")).join(", ")}]`;
  return `[${(value as YearRange).from}, ${(value as YearRange).to}]`;
}

function readsBack(value: string, context: "block" | "flow"): boolean {
  try {
    const parsed: unknown = parse(context === "block" ? `k: ${value}` : `{ k: ${value} }`);
    return (parsed as { k?: unknown } | null)?.k === value;
  } catch {
    return false;
  }
}
