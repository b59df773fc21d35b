import { isScalar, isSeq, type Node } from "yaml";
import { deepEqual } from "./deep-equal.js";
import { formatYamlString, formatYamlValue } from "./yaml-scalar.js";
import type { NotebookOrigin } from "./notebook-origin.js";
import type { Notebook, ParameterSpec } from "./notebook.js";

/**
 * The front matter, from the opening `---` to the closing `---` (no final line terminator). Three cases, from most to least faithful:
 * 1. unchanged since parsing: the original text;
 * 2. only the title or parameter defaults changed: the original text with just those values replaced, so
 *    comments, key order and quoting survive and the diff is one line per change;
 * 3. anything else: the canonical form, one parameter per line.
 */
export function serializeFrontMatter(notebook: Notebook, origin: NotebookOrigin | undefined): string {
  const eol = origin?.eol ?? "\n";
  if (origin !== undefined) {
    const before = origin.frontMatter;
    if (
      before.title === notebook.title &&
      before.description === notebook.description &&
      deepEqual(before.parameters, notebook.parameters)
    ) {
      return before.raw;
    }
    const spliced = splice(notebook, origin);
    if (spliced !== undefined) return spliced;
  }
  return canonicalFrontMatter(notebook).replace(/\n/g, eol);
}

export function canonicalFrontMatter(notebook: Notebook): string {
  const lines = ["---", `title: ${formatYamlString(notebook.title, "block")}`];
  if (notebook.description !== undefined) {
    lines.push(`description: ${formatYamlString(notebook.description, "block")}`);
  }
  if (notebook.parameters.length > 0) lines.push("parameters:");
  for (const parameter of notebook.parameters) {
    const fields = [`type: ${parameter.type}`, `default: ${formatYamlValue(parameter.default)}`];
    if (parameter.label !== undefined) fields.push(`label: ${formatYamlString(parameter.label, "flow")}`);
    if (parameter.description !== undefined) {
      fields.push(`description: ${formatYamlString(parameter.description, "flow")}`);
    }
    lines.push(`  ${parameter.name}: { ${fields.join(", ")} }`);
  }
  lines.push("---");
  return lines.join("\n");
}

function splice(notebook: Notebook, origin: NotebookOrigin): string | undefined {
  const before = origin.frontMatter;
  const withoutDefault = ({ default: _, ...rest }: ParameterSpec): object => rest;
  if (
    before.description !== notebook.description ||
    before.parameters.length !== notebook.parameters.length ||
    before.parameters.some(
      (parameter, i) => !deepEqual(withoutDefault(parameter), withoutDefault(notebook.parameters[i]!)),
    )
  ) {
    return undefined;
  }
  const edits: { node: unknown; text: string }[] = [];
  if (before.title !== notebook.title) {
    edits.push({ node: before.document.get("title", true), text: formatYamlString(notebook.title, "block") });
  }
  notebook.parameters.forEach((parameter, i) => {
    if (deepEqual(parameter.default, before.parameters[i]!.default)) return;
    edits.push({
      node: before.document.getIn(["parameters", parameter.name, "default"], true),
      text: formatYamlValue(parameter.default),
    });
  });
  const ranges: { start: number; end: number; text: string }[] = [];
  for (const edit of edits) {
    const node = edit.node as Node | undefined;
    const inline = isScalar(node)
      ? node.type === "PLAIN" || node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE"
      : isSeq(node) && node.flow === true;
    if (!inline || node?.range == null) return undefined;
    ranges.push({
      start: before.yamlOffset + node.range[0],
      end: before.yamlOffset + node.range[1],
      text: edit.text,
    });
  }
  return ranges
    .sort((a, b) => b.start - a.start)
    .reduce((raw, range) => raw.slice(0, range.start) + range.text + raw.slice(range.end), before.raw);
}
