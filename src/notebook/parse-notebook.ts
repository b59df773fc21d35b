import { checkChartSpec } from "./check-chart-spec.js";
import { CELL_ID, CELL_MARKER, closesFence, GENERATED_ID, generatedId, openingFence } from "./cell-syntax.js";
import { parseFrontMatter } from "./front-matter.js";
import { findNarrativeReferences, narrativeReferenceProblem } from "./narrative-value.js";
import { JsonSyntaxError, parseJsonSource } from "./json-source.js";
import { NotebookFormatError } from "./notebook-format-error.js";
import { withOrigin, type NotebookOrigin } from "./notebook-origin.js";
import { findParameterReferences, referenceProblem } from "./parameter-reference.js";
import { splitLines, type SourceLine } from "./source-lines.js";
import type { Cell, Notebook, ParameterSpec } from "./notebook.js";
import type { ChartSpec } from "./chart-spec.js";

type Fail = (reason: string, at: { line: number; column: number }) => never;

/** A cell's lines (0-based, inclusive) before ids are assigned. */
type Block =
  | {
      readonly kind: "markdown";
      readonly start: number;
      readonly end: number;
      readonly marker: boolean;
      readonly id: string | undefined;
    }
  | {
      readonly kind: "graphql";
      readonly start: number;
      readonly end: number;
      readonly id: string | undefined;
      readonly query: string;
      readonly variables: Readonly<Record<string, unknown>> | undefined;
      readonly chart: ChartSpec | undefined;
    };

/**
 * Parses a notebook file (docs/notebook-format.md): YAML front matter, then markdown cells and fenced `graphql`
 * cells, each optionally followed by a `json variables` and a `json chart` block.
 *
 * Cells without an id get `markdown-N` / `graphql-N`, N being their position among cells of their kind.
 * The returned notebook remembers its text, so `serializeNotebook` reproduces it byte for byte.
 *
 * Throws `NotebookFormatError` (file, 1-based line and column, the fix) for a missing or invalid front matter,
 * an unknown parameter type, a default of the wrong type, bad JSON, an unknown parameter in a variable, an
 * invalid chart, or a duplicate cell id.
 */
export function parseNotebook(text: string, fileName = "notebook.md"): Notebook {
  const fail: Fail = (reason, at) => {
    throw new NotebookFormatError(reason, { fileName, ...at });
  };
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = text.slice(bom.length);
  const lines = splitLines(body);
  const eol = lines.find((line) => line.eol !== "")?.eol === "\r\n" ? "\r\n" : "\n";

  if (lines[0]?.text.trimEnd() !== "---") {
    fail(`a notebook starts with front matter: a line "---", YAML with at least "title: …", then "---".`, {
      line: 1,
      column: 1,
    });
  }
  const close = lines.findIndex((line, index) => index > 0 && /^(?:---|\.\.\.)\s*$/.test(line.text));
  if (close === -1)
    fail(`the front matter opened at line 1 is never closed; add a line "---" after it.`, {
      line: 1,
      column: 1,
    });
  const yamlOffset = lines[1]!.offset;
  const yaml = body.slice(yamlOffset, lines[close]!.offset);
  const frontMatter = parseFrontMatter(yaml, 2, fail);

  const blocks = readBlocks(lines, close + 1, frontMatter.parameters, fail);
  const seen = new Map<string, number>();
  const counts = { markdown: 0, graphql: 0 };
  const cells: Cell[] = [];
  const origin: { cell: Cell; raw: string; marker: boolean }[] = [];
  const gaps: string[] = [];
  let previousEnd = lines[close]!.offset + lines[close]!.text.length;
  for (const block of blocks) {
    const id = block.id ?? generatedId(block.kind, counts[block.kind] + 1);
    counts[block.kind]++;
    const first = seen.get(id);
    if (first !== undefined) {
      fail(`duplicate cell id "${id}" (also used at line ${first}); give each cell its own id=…`, {
        line: block.start + 1,
        column: 1,
      });
    }
    seen.set(id, block.start + 1);
    const start = lines[block.start]!.offset;
    const end = lines[block.end]!.offset + lines[block.end]!.text.length;
    const cell: Cell =
      block.kind === "markdown"
        ? Object.freeze({
            kind: "markdown",
            id,
            source: markdownSource(lines, block.start + (block.marker ? 1 : 0), block.end),
          })
        : Object.freeze({
            kind: "graphql",
            id,
            query: block.query,
            ...(block.variables === undefined ? {} : { variables: block.variables }),
            ...(block.chart === undefined ? {} : { chart: block.chart }),
          });
    cells.push(cell);
    origin.push({ cell, raw: body.slice(start, end), marker: block.kind === "markdown" && block.marker });
    gaps.push(body.slice(previousEnd, start));
    previousEnd = end;
  }
  gaps.push(body.slice(previousEnd));
  checkNarrativeReferences(blocks, cells, lines, fail);

  const notebook: Notebook = Object.freeze({
    title: frontMatter.title,
    ...(frontMatter.description === undefined ? {} : { description: frontMatter.description }),
    parameters: frontMatter.parameters,
    ...(frontMatter.constraints.length === 0 ? {} : { constraints: frontMatter.constraints }),
    cells: Object.freeze(cells),
  });
  const record: NotebookOrigin = {
    bom,
    eol,
    frontMatter: {
      raw: body.slice(0, lines[close]!.offset + lines[close]!.text.length),
      yaml,
      yamlOffset,
      document: frontMatter.document,
      title: frontMatter.title,
      description: frontMatter.description,
      parameters: frontMatter.parameters,
      constraints: frontMatter.constraints,
    },
    cells: origin,
    gaps,
  };
  return withOrigin(notebook, record);
}

function readBlocks(
  lines: ReadonlyArray<SourceLine>,
  from: number,
  parameters: ReadonlyArray<ParameterSpec>,
  fail: Fail,
): Block[] {
  const blocks: Block[] = [];
  let markdown: { start: number; end: number; marker: boolean; id: string | undefined } | undefined;
  const flush = (): void => {
    if (markdown !== undefined) blocks.push({ kind: "markdown", ...markdown });
    markdown = undefined;
  };
  const extend = (start: number, end: number): void => {
    markdown ??= { start, end, marker: false, id: undefined };
    markdown.end = end;
  };
  const closing = (open: number): number => {
    const fence = openingFence(lines[open]!.text)!;
    for (let index = open + 1; index < lines.length; index++)
      if (closesFence(lines[index]!.text, fence)) return index;
    return -1;
  };

  let index = from;
  while (index < lines.length) {
    const line = lines[index]!.text;
    const fence = openingFence(line);
    const words = fence?.info.split(/\s+/) ?? [];
    if (fence !== undefined && fence.indent === 0 && words[0] === "graphql") {
      flush();
      const cell = readQueryCell(lines, index, words.slice(1), closing, parameters, fail);
      blocks.push(cell);
      index = cell.end + 1;
    } else if (fence !== undefined) {
      if (fence.indent === 0 && words[0] === "json" && (words[1] === "variables" || words[1] === "chart")) {
        fail(
          `a "json ${words[1]}" block must directly follow a graphql cell (only blank lines between); move it under its query.`,
          { line: index + 1, column: 1 },
        );
      }
      const end = closing(index);
      extend(index, end === -1 ? lines.length - 1 : end);
      index = end === -1 ? lines.length : end + 1;
    } else if (CELL_MARKER.test(line)) {
      flush();
      const id = CELL_MARKER.exec(line)![1];
      if (id !== undefined) checkId(id, index, line.indexOf("id=") + 1, fail);
      markdown = { start: index, end: index, marker: true, id };
      index++;
    } else {
      if (line.trim() !== "") extend(index, index);
      index++;
    }
  }
  flush();
  return blocks;
}

function readQueryCell(
  lines: ReadonlyArray<SourceLine>,
  open: number,
  attributes: ReadonlyArray<string>,
  closing: (open: number) => number,
  parameters: ReadonlyArray<ParameterSpec>,
  fail: Fail,
): Block & { kind: "graphql" } {
  let id: string | undefined;
  for (const attribute of attributes) {
    const column = lines[open]!.text.indexOf(attribute) + 1;
    if (!attribute.startsWith("id=")) {
      fail(
        `unknown attribute "${attribute}" on the graphql fence; the only attribute is id=…, e.g. "\`\`\`graphql id=north-trend".`,
        { line: open + 1, column },
      );
    }
    id = attribute.slice(3);
    checkId(id, open, column, fail);
  }
  const close = closing(open);
  if (close === -1)
    fail(`the graphql cell opened at line ${open + 1} is never closed; add a line \`\`\` after the query.`, {
      line: open + 1,
      column: 1,
    });
  const query = content(lines, open, close);
  let end = close;
  const found: { variables?: unknown; chart?: unknown } = {};
  for (;;) {
    let next = end + 1;
    while (next < lines.length && lines[next]!.text.trim() === "") next++;
    const fence = next < lines.length ? openingFence(lines[next]!.text) : undefined;
    const words = fence?.info.split(/\s+/) ?? [];
    const role = words[1];
    if (
      fence?.indent !== 0 ||
      words[0] !== "json" ||
      (role !== "variables" && role !== "chart") ||
      words.length > 2
    )
      break;
    if (role in found)
      fail(`the graphql cell at line ${open + 1} already has a "json ${role}" block; merge the two.`, {
        line: next + 1,
        column: 1,
      });
    const blockEnd = closing(next);
    if (blockEnd === -1)
      fail(
        `the "json ${role}" block opened at line ${next + 1} is never closed; add a line \`\`\` after it.`,
        { line: next + 1, column: 1 },
      );
    found[role] = readJson(lines, next, blockEnd, role, parameters, fail);
    end = blockEnd;
  }
  return {
    kind: "graphql",
    start: open,
    end,
    id,
    query,
    variables: found.variables as Readonly<Record<string, unknown>> | undefined,
    chart: found.chart as ChartSpec | undefined,
  };
}

function readJson(
  lines: ReadonlyArray<SourceLine>,
  open: number,
  close: number,
  role: "variables" | "chart",
  parameters: ReadonlyArray<ParameterSpec>,
  fail: Fail,
): unknown {
  const text = content(lines, open, close);
  const at = (offset: number): { line: number; column: number } => {
    const before = text.slice(0, offset).split("\n");
    return { line: open + 1 + before.length, column: before.at(-1)!.length + 1 };
  };
  let source;
  try {
    source = parseJsonSource(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return fail(`invalid JSON in the "${role}" block: ${error.message}`, at(error.offset));
  }
  const value = source.value;
  if (role === "chart") {
    const checked = checkChartSpec(value);
    if (!checked.ok)
      return fail(checked.problem, at(source.offsets.get(checked.key === "" ? "" : `/${checked.key}`) ?? 0));
    return checked.value;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(`the "variables" block must be a JSON object such as { "area": "{{region}}" }.`, at(0));
  }
  for (const reference of findParameterReferences(value)) {
    const problem = referenceProblem(reference, parameters);
    if (problem !== undefined) fail(problem, at(source.offsets.get(`/${reference.path.join("/")}`) ?? 0));
  }
  return deepFreeze(value);
}

/** Every `{{@cell.column}}` in narrative must be well formed and name a query cell (before or after it). */
function checkNarrativeReferences(
  blocks: ReadonlyArray<Block>,
  cells: ReadonlyArray<Cell>,
  lines: ReadonlyArray<SourceLine>,
  fail: Fail,
): void {
  const queryIds = cells.filter((cell) => cell.kind === "graphql").map((cell) => cell.id);
  blocks.forEach((block, index) => {
    const cell = cells[index]!;
    if (block.kind !== "markdown" || cell.kind !== "markdown") return;
    let first = block.start + (block.marker ? 1 : 0);
    while (first <= block.end && lines[first]!.text.trim() === "") first++;
    for (const found of findNarrativeReferences(cell.source)) {
      const problem =
        "problem" in found ? found.problem : narrativeReferenceProblem(found.reference, queryIds);
      if (problem === undefined) continue;
      const before = cell.source.slice(0, found.offset).split("\n");
      fail(`${problem}`, { line: first + before.length, column: before.at(-1)!.length + 1 });
    }
  });
}

function checkId(id: string, line: number, column: number, fail: Fail): void {
  if (!CELL_ID.test(id)) {
    fail(`cell id "${id}" must be letters, digits, - and _, e.g. id=north-trend.`, {
      line: line + 1,
      column,
    });
  }
  if (GENERATED_ID.test(id)) {
    const [kind] = id.split("-");
    fail(
      `cell id "${id}" is reserved for cells without an id (the ${kind} cells' positions); remove it or choose a name such as id=north-trend.`,
      { line: line + 1, column },
    );
  }
}

function content(lines: ReadonlyArray<SourceLine>, open: number, close: number): string {
  return lines
    .slice(open + 1, close)
    .map((line) => line.text)
    .join("\n");
}

function markdownSource(lines: ReadonlyArray<SourceLine>, start: number, end: number): string {
  let first = start;
  while (first <= end && lines[first]!.text.trim() === "") first++;
  return content(lines, first - 1, end + 1);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
