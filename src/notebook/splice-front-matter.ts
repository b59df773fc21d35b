import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import { deepEqual } from "./deep-equal.js";
import { formatYamlString, formatYamlValue } from "./yaml-scalar.js";
import type { NotebookOrigin } from "./notebook-origin.js";
import type { Notebook, ParameterSpec } from "./notebook.js";
import type { ParameterConstraint } from "./parameter-constraint.js";

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A parameter as one canonical flow mapping: `region: { type: area, default: north, label: Region }`. */
export function canonicalParameter(parameter: ParameterSpec): string {
  const fields = [`type: ${parameter.type}`, `default: ${formatYamlValue(parameter.default)}`];
  if (parameter.options !== undefined) {
    const items = (parameter.options as ReadonlyArray<string | number>).map((item) =>
      typeof item === "number" ? String(item) : formatYamlString(item, "flow"),
    );
    fields.push(`options: [${items.join(", ")}]`);
  }
  if (parameter.label !== undefined) fields.push(`label: ${formatYamlString(parameter.label, "flow")}`);
  if (parameter.description !== undefined) {
    fields.push(`description: ${formatYamlString(parameter.description, "flow")}`);
  }
  return `${parameter.name}: { ${fields.join(", ")} }`;
}

/** The `constraints:` block, one per line: `  - baseYear in years` or `  - { check: …, message: … }`. */
export function canonicalConstraints(constraints: ReadonlyArray<ParameterConstraint>): string[] {
  if (constraints.length === 0) return [];
  return [
    "constraints:",
    ...constraints.map((constraint) =>
      constraint.message === undefined
        ? `  - ${formatYamlString(constraint.check, "block")}`
        : `  - { check: ${formatYamlString(constraint.check, "flow")}, message: ${formatYamlString(constraint.message, "flow")} }`,
    ),
  ];
}

/**
 * The original front matter with only the changed parts rewritten, or undefined when the original's shape
 * does not allow it (a block scalar title, parameters in flow style…) and the caller writes it canonically.
 * - a new title or description replaces just its value; an added description goes right under the title, a
 *   removed one takes its lines with it;
 * - parameters are rewritten one at a time: an unchanged parameter keeps its lines (and comments), a new
 *   default replaces only the default, any other change rewrites that parameter's line canonically, a new
 *   parameter is a new line, a removed one loses its lines. The order follows the notebook's;
 * - changed constraints rewrite the `constraints:` block canonically.
 */
export function spliceFrontMatter(notebook: Notebook, origin: NotebookOrigin): string | undefined {
  const before = origin.frontMatter;
  const root = before.document.contents;
  if (!isMap(root)) return undefined;
  const text = new RawText(before.raw, before.yamlOffset, origin.eol);
  const edits: Edit[] = [];

  if (before.title !== notebook.title) {
    const edit = text.replaceScalar(root.get("title", true), formatYamlString(notebook.title, "block"));
    if (edit === undefined) return undefined;
    edits.push(edit);
  }
  if (before.description !== notebook.description) {
    const pair = pairOf(root, "description");
    if (notebook.description === undefined) {
      if (pair === undefined) return undefined;
      edits.push({ ...text.pairLines(root, pair), text: "" });
    } else if (pair === undefined) {
      const title = pairOf(root, "title")!;
      const at = text.pairLines(root, title).end;
      edits.push({
        start: at,
        end: at,
        text: `description: ${formatYamlString(notebook.description, "block")}${origin.eol}`,
      });
    } else {
      const edit = text.replaceScalar(pair.value, formatYamlString(notebook.description, "block"));
      if (edit === undefined) return undefined;
      edits.push(edit);
    }
  }
  if (!deepEqual(before.parameters, notebook.parameters)) {
    const edit = parametersEdit(notebook.parameters, before.parameters, root, before.document, text);
    if (edit === undefined) return undefined;
    edits.push(edit);
  }
  const constraints = notebook.constraints ?? [];
  if (!deepEqual(before.constraints, constraints)) {
    const pair = pairOf(root, "constraints");
    const lines = canonicalConstraints(constraints);
    const written = lines.length === 0 ? "" : lines.join(origin.eol) + origin.eol;
    const at =
      pair === undefined ? { start: text.yamlEnd(), end: text.yamlEnd() } : text.pairLines(root, pair);
    edits.push({ ...at, text: written });
  }
  return edits
    .sort((a, b) => b.start - a.start)
    .reduce((raw, edit) => raw.slice(0, edit.start) + edit.text + raw.slice(edit.end), before.raw);
}

function parametersEdit(
  parameters: ReadonlyArray<ParameterSpec>,
  previous: ReadonlyArray<ParameterSpec>,
  root: YAMLMap,
  document: Document,
  text: RawText,
): Edit | undefined {
  const pair = pairOf(root, "parameters");
  if (parameters.length === 0)
    return pair === undefined ? undefined : { ...text.pairLines(root, pair), text: "" };
  const lines = (indent: string): string[] =>
    parameters.map((parameter) => indent + canonicalParameter(parameter));
  if (pair === undefined) {
    const end = text.yamlEnd();
    return { start: end, end, text: ["parameters:", ...lines("  ")].join(text.eol) + text.eol };
  }
  const block = pair.value;
  if (!isMap(block) || block.flow === true || block.items.length === 0) return undefined;
  const items = block.items as Pair<Node, Node>[];
  const first = text.lineStart(text.offset(items[0]!.key.range![0]));
  const indent = text.raw.slice(first, text.offset(items[0]!.key.range![0]));
  const chunks = new Map<string, string>();
  for (const [index, item] of items.entries()) {
    const name = String(isScalar(item.key) ? item.key.value : item.key);
    const old = previous.find((parameter) => parameter.name === name);
    const spec = parameters.find((parameter) => parameter.name === name);
    if (old === undefined || spec === undefined) continue;
    const start = text.lineStart(text.offset(item.key.range![0]));
    const next = items[index + 1];
    const end =
      next === undefined
        ? text.lineEnd(text.offset(item.value!.range![1]) - 1)
        : text.lineStart(text.offset(next.key.range![0]));
    const chunk = text.raw.slice(start, end).replace(/\r?\n$/, "");
    chunks.set(name, reworded(chunk, start, old, spec, item, document, text));
  }
  const start = first;
  const last = items.at(-1)!;
  const end = text.lineEnd(text.offset(last.value!.range![1]) - 1);
  const written = parameters.map(
    (parameter) => chunks.get(parameter.name) ?? indent + canonicalParameter(parameter),
  );
  return { start, end, text: written.join(text.eol) };
}

/** One parameter's original lines with what changed rewritten: the default alone, or the whole spec. */
function reworded(
  chunk: string,
  chunkStart: number,
  old: ParameterSpec,
  spec: ParameterSpec,
  item: Pair<Node, Node>,
  document: Document,
  text: RawText,
): string {
  if (deepEqual(old, spec)) return chunk;
  const { default: _old, ...oldRest } = old;
  const { default: _new, ...newRest } = spec;
  const local = (edit: Edit): string =>
    chunk.slice(0, edit.start - chunkStart) + edit.text + chunk.slice(edit.end - chunkStart);
  if (deepEqual(oldRest, newRest)) {
    const node = document.getIn(["parameters", spec.name, "default"], true);
    const edit = text.replaceScalar(node, formatYamlValue(spec.default));
    if (edit !== undefined) return local(edit);
  }
  const value = item.value!;
  const start = text.offset(item.key.range![0]);
  const end =
    isMap(value) && value.flow === true
      ? text.offset(value.range![1])
      : text.lineEnd(text.offset(value.range![1]) - 1);
  return local({ start, end, text: canonicalParameter(spec) });
}

function pairOf(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
  return (map.items as Pair<Node, Node>[]).find((pair) => isScalar(pair.key) && pair.key.value === key);
}

/** The front matter's raw text and the arithmetic between YAML node offsets and its lines. */
class RawText {
  constructor(
    readonly raw: string,
    private readonly yamlOffset: number,
    readonly eol: string,
  ) {}

  offset(yamlOffset: number): number {
    return this.yamlOffset + yamlOffset;
  }

  /** Where the closing fence's line starts: the end of the YAML. */
  yamlEnd(): number {
    return this.lineStart(this.raw.length);
  }

  lineStart(at: number): number {
    return this.raw.lastIndexOf("\n", at - 1) + 1;
  }

  /** The end of the line holding `at`, before its line terminator. */
  lineEnd(at: number): number {
    const newline = this.raw.indexOf("\n", at);
    if (newline === -1) return this.raw.length;
    return this.raw[newline - 1] === "\r" ? newline - 1 : newline;
  }

  /** A top-level pair's lines, up to the next top-level key (or the end of the YAML), terminators included. */
  pairLines(root: YAMLMap, pair: Pair<Node, Node>): { start: number; end: number } {
    const items = root.items as Pair<Node, Node>[];
    const next = items[items.indexOf(pair) + 1];
    return {
      start: this.lineStart(this.offset(pair.key.range![0])),
      end: next === undefined ? this.yamlEnd() : this.lineStart(this.offset(next.key.range![0])),
    };
  }

  /** Replaces a scalar or flow sequence written on one line; undefined for block scalars and others. */
  replaceScalar(node: unknown, text: string): Edit | undefined {
    const value = node as Node | undefined;
    const inline = isScalar(value)
      ? value.type === "PLAIN" || value.type === "QUOTE_DOUBLE" || value.type === "QUOTE_SINGLE"
      : isSeq(value) && value.flow === true;
    if (!inline || value?.range == null) return undefined;
    return { start: this.offset(value.range[0]), end: this.offset(value.range[1]), text };
  }
}
