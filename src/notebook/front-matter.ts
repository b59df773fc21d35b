import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Scalar,
} from "yaml";
import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import { constraintViolations, parseConstraint, type ParameterConstraint } from "./parameter-constraint.js";
import { checkParameterOptions, optionsProblem } from "./parameter-options.js";
import { checkParameterValue, EXPECTED } from "./parameter-value.js";
import { PARAMETER_TYPES, type ParameterSpec, type ParameterType } from "./notebook.js";

export interface FrontMatter {
  readonly title: string;
  readonly description: string | undefined;
  readonly parameters: ReadonlyArray<ParameterSpec>;
  readonly constraints: ReadonlyArray<ParameterConstraint>;
  readonly document: Document;
}

/** Reports a problem at an offset of the YAML text; never returns. */
export type FrontMatterFail = (reason: string, at: { line: number; column: number }) => never;

const TOP_KEYS = ["title", "description", "parameters", "constraints"];
const SPEC_KEYS = ["type", "default", "label", "description", "options"];
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses the YAML between the `---` fences into a title, an optional description and typed parameters.
 * `firstLine` is the file line of the YAML's first line; positions in failures are file positions.
 */
export function parseFrontMatter(yaml: string, firstLine: number, fail: FrontMatterFail): FrontMatter {
  const lineCounter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): { line: number; column: number } => {
    const position = lineCounter.linePos(offset ?? 0);
    return { line: position.line + firstLine - 1, column: position.col };
  };
  const where = (node: unknown): { line: number; column: number } => at((node as Node | null)?.range?.[0]);

  const syntax = document.errors[0];
  if (syntax !== undefined) {
    const message = syntax.message.replace(/\s+/g, " ").replace(/\.?$/, ".");
    fail(
      `invalid YAML in the front matter: ${message} Fix the YAML there (quote values that contain ": " or " #").`,
      at(syntax.pos[0]),
    );
  }
  const root = document.contents;
  const noTitle = `the front matter has no title; add a line such as "title: The north's plan, 2021–2025".`;
  if (root === null) fail(noTitle, { line: firstLine - 1, column: 1 });
  if (!isMap(root))
    return fail(
      "the front matter must be YAML keys (title, description, parameters, constraints).",
      where(root),
    );

  const fields = new Map<string, { key: unknown; value: unknown }>();
  for (const pair of root.items) {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!TOP_KEYS.includes(name)) {
      fail(
        `unknown front matter key "${name}".${formatDidYouMean(didYouMean(name, TOP_KEYS))} Allowed keys: ${TOP_KEYS.join(", ")}.`,
        where(pair.key),
      );
    }
    fields.set(name, { key: pair.key, value: pair.value });
  }

  const title = fields.get("title");
  if (title === undefined) return fail(noTitle, { line: firstLine - 1, column: 1 });
  const titleText = text(title.value);
  if (titleText === undefined || titleText.trim() === "") {
    return fail(
      `title must be non-empty text; write it as title: "…" (quotes keep numbers and colons as text).`,
      where(title.value ?? title.key),
    );
  }
  const description = fields.get("description");
  const descriptionText = description === undefined ? undefined : text(description.value);
  if (description !== undefined && descriptionText === undefined) {
    fail(
      `description must be text; quote it: description: "…".`,
      where(description.value ?? description.key),
    );
  }

  const parameters: ParameterSpec[] = [];
  const block = fields.get("parameters");
  if (block !== undefined && block.value !== null && !(isScalar(block.value) && block.value.value === null)) {
    if (!isMap(block.value)) {
      return fail(
        `parameters must map names to specs, e.g. "region: { type: area, default: north }".`,
        where(block.value),
      );
    }
    for (const pair of block.value.items) {
      const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
      if (!PARAMETER_NAME.test(name)) {
        fail(
          `parameter name "${name}" must be letters, digits and _ (starting with a letter), so {{${name}}} can refer to it.`,
          where(pair.key),
        );
      }
      parameters.push(parseSpec(name, pair.key, pair.value, document, where, fail));
    }
  }
  const constraints = parseConstraints(fields.get("constraints"), parameters, where, fail);
  return {
    title: titleText,
    description: descriptionText,
    parameters: Object.freeze(parameters),
    constraints,
    document,
  };
}

/** `constraints:` — a list of checks, each a string or `{ check, message }` (parameter-constraint.ts). */
function parseConstraints(
  block: { key: unknown; value: unknown } | undefined,
  parameters: ReadonlyArray<ParameterSpec>,
  where: (node: unknown) => { line: number; column: number },
  fail: FrontMatterFail,
): ReadonlyArray<ParameterConstraint> {
  if (block === undefined || block.value === null || (isScalar(block.value) && block.value.value === null)) {
    return Object.freeze([]);
  }
  const example = `constraints: [baseYear in years] or one "- { check: baseYear in years, message: … }" per line`;
  if (!isSeq(block.value)) return fail(`constraints must be a list; write ${example}.`, where(block.value));
  const constraints: ParameterConstraint[] = [];
  for (const item of block.value.items) {
    let checkNode: unknown = item;
    let message: string | undefined;
    if (isMap(item)) {
      for (const pair of item.items) {
        const field = String(isScalar(pair.key) ? pair.key.value : pair.key);
        if (field === "check") checkNode = pair.value;
        else if (field === "message" && text(pair.value) !== undefined) message = text(pair.value);
        else {
          fail(
            `a constraint has "check" and "message" (text); "${field}" is not one of them.${formatDidYouMean(didYouMean(field, ["check", "message"]))}`,
            where(pair.key),
          );
        }
      }
      if (checkNode === item)
        return fail(`this constraint has no check; add check: baseYear in years.`, where(item));
    }
    const check = text(checkNode);
    if (check === undefined)
      return fail(`a constraint must be text such as "baseYear in years".`, where(checkNode));
    const parsed = parseConstraint(check, parameters, message);
    const scalar = checkNode as Scalar;
    const shift = scalar.type === "QUOTE_DOUBLE" || scalar.type === "QUOTE_SINGLE" ? 1 : 0;
    const at = (offset: number): { line: number; column: number } => {
      const start = where(checkNode);
      return { line: start.line, column: start.column + shift + offset };
    };
    if (!parsed.ok) return fail(parsed.problem, at(parsed.offset));
    const defaults = Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.default]));
    const violation = constraintViolations([parsed.value], parameters, defaults)[0];
    if (violation !== undefined) {
      return fail(
        `the defaults break a constraint: ${violation.message} Change a default or the constraint.`,
        at(0),
      );
    }
    constraints.push(parsed.value);
  }
  return Object.freeze(constraints);
}

function parseSpec(
  name: string,
  key: unknown,
  node: unknown,
  document: Document,
  where: (node: unknown) => { line: number; column: number },
  fail: FrontMatterFail,
): ParameterSpec {
  const example = `${name}: { type: area, default: north }`;
  if (!isMap(node))
    return fail(`parameter "${name}" must be a spec such as "${example}".`, where(node ?? key));
  const fields = new Map<string, { key: unknown; value: unknown }>();
  for (const pair of node.items) {
    const field = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!SPEC_KEYS.includes(field)) {
      fail(
        `parameter "${name}" has unknown field "${field}".${formatDidYouMean(didYouMean(field, SPEC_KEYS))} Allowed: ${SPEC_KEYS.join(", ")}.`,
        where(pair.key),
      );
    }
    fields.set(field, { key: pair.key, value: pair.value });
  }
  const typeField = fields.get("type");
  if (typeField === undefined) {
    return fail(
      `parameter "${name}" has no type; add type: with one of ${PARAMETER_TYPES.join(", ")}.`,
      where(key),
    );
  }
  const type = text(typeField.value) ?? "";
  if (!(PARAMETER_TYPES as ReadonlyArray<string>).includes(type)) {
    return fail(
      `parameter "${name}" has unknown type "${type}".${formatDidYouMean(didYouMean(type, PARAMETER_TYPES))} Use one of ${PARAMETER_TYPES.join(", ")}.`,
      where(typeField.value ?? typeField.key),
    );
  }
  const defaultField = fields.get("default");
  if (defaultField === undefined) {
    return fail(
      `parameter "${name}" has no default; add default: with ${EXPECTED[type as ParameterType]}.`,
      where(key),
    );
  }
  const raw: unknown = (defaultField.value as Node | null)?.toJS(document) ?? null;
  const checked = checkParameterValue(type as ParameterType, raw);
  if (!checked.ok)
    return fail(
      `parameter "${name}" default ${checked.problem}`,
      where(defaultField.value ?? defaultField.key),
    );

  const spec: Record<string, unknown> = { name, type, default: checked.value };
  const optionsField = fields.get("options");
  if (optionsField !== undefined) {
    const node = optionsField.value as Node | null;
    const options = checkParameterOptions(type as ParameterType, node?.toJS(document) ?? null);
    if (!options.ok) {
      const item = options.index === null || !isSeq(node) ? undefined : node.items[options.index];
      return fail(`parameter "${name}" ${options.problem}`, where(item ?? node ?? optionsField.key));
    }
    spec["options"] = options.value;
    const outside = optionsProblem(
      { type: type as ParameterType, options: options.value as never },
      checked.value,
    );
    if (outside !== undefined) {
      return fail(`parameter "${name}" default ${outside}`, where(defaultField.value ?? defaultField.key));
    }
  }
  for (const field of ["label", "description"] as const) {
    const entry = fields.get(field);
    if (entry === undefined) continue;
    const value = text(entry.value);
    if (value === undefined)
      return fail(`parameter "${name}" ${field} must be text; quote it.`, where(entry.value ?? entry.key));
    spec[field] = value;
  }
  return Object.freeze(spec) as unknown as ParameterSpec;
}

function text(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === "string" ? node.value : undefined;
}
