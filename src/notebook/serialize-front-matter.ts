import { deepEqual } from "./deep-equal.js";
import { canonicalConstraints, canonicalParameter, spliceFrontMatter } from "./splice-front-matter.js";
import { formatYamlString } from "./yaml-scalar.js";
import type { NotebookOrigin } from "./notebook-origin.js";
import type { Notebook } from "./notebook.js";

/**
 * The front matter, from the opening `---` to the closing `---` (no final line terminator). Three cases, from most to least faithful:
 * 1. unchanged since parsing: the original text;
 * 2. edited: the original text with just the changed values or parameter lines rewritten, so comments, key
 *    order and quoting survive and the diff is one line per change (`spliceFrontMatter`);
 * 3. a shape that cannot be spliced (a block scalar title, flow-style parameters): the canonical form, one
 *    parameter per line.
 */
export function serializeFrontMatter(notebook: Notebook, origin: NotebookOrigin | undefined): string {
  const eol = origin?.eol ?? "\n";
  if (origin !== undefined) {
    const before = origin.frontMatter;
    if (
      before.title === notebook.title &&
      before.description === notebook.description &&
      deepEqual(before.parameters, notebook.parameters) &&
      deepEqual(before.constraints, notebook.constraints ?? [])
    ) {
      return before.raw;
    }
    const spliced = spliceFrontMatter(notebook, origin);
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
  for (const parameter of notebook.parameters) lines.push(`  ${canonicalParameter(parameter)}`);
  lines.push(...canonicalConstraints(notebook.constraints ?? []));
  lines.push("---");
  return lines.join("\n");
}
