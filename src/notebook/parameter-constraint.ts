import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import { REFERENCE_FIELDS } from "./parameter-reference.js";
import type { ParameterSpec, ParameterType, ParameterValue, ParameterValues, YearRange } from "./notebook.js";

/*
 * Constraints between parameters, declared in the front matter (docs/notebook-format.md, "Constraints"):
 *
 *   constraints:
 *     - baseYear in years
 *     - { check: years.from >= 2015, message: "The warehouse starts in 2015." }
 *
 * One constraint is `operand operator operand`. An operand is a parameter (`baseYear`, `years.from`,
 * `years.to`) or a whole number; the operators are `<`, `<=`, `>`, `>=`, `==`, `!=` between numbers (years), `==` and
 * `!=` between two parameters of the same type, and `in`: a year in a year range, a year range inside another,
 * an area among areas. Written by hand rather than with an expression library: the language is six tokens
 * long, and what matters is its typing and located messages, which a general evaluator would not give.
 */

export const CONSTRAINT_OPERATORS = Object.freeze(["<", "<=", ">", ">=", "==", "!=", "in"] as const);
export type ConstraintOperator = (typeof CONSTRAINT_OPERATORS)[number];

export type ConstraintOperand =
  | { readonly kind: "parameter"; readonly name: string; readonly field: "from" | "to" | undefined }
  | { readonly kind: "number"; readonly value: number };

export interface ParameterConstraint {
  /** The constraint as written: `baseYear in years`. */
  readonly check: string;
  readonly left: ConstraintOperand;
  readonly operator: ConstraintOperator;
  readonly right: ConstraintOperand;
  /** The sentence shown when it does not hold; absent: one made from the check. */
  readonly message?: string;
}

/** A constraint that does not hold for some values: the sentence, and the parameters to show it at. */
export interface ConstraintViolation {
  readonly constraint: ParameterConstraint;
  readonly parameters: ReadonlyArray<string>;
  readonly message: string;
}

/** A parse or type problem and its offset in the check's text. */
export type ConstraintCheck =
  | { readonly ok: true; readonly value: ParameterConstraint }
  | { readonly ok: false; readonly problem: string; readonly offset: number };

const TOKEN = /\s*(?:(<=|>=|==|!=|<|>)|(\d+)\b|([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?)/y;
const EXAMPLE = 'write it as "baseYear in years" or "years.from >= 2015"';

/** Parses and types `check` against the declared parameters. */
export function parseConstraint(
  check: string,
  parameters: ReadonlyArray<ParameterSpec>,
  message?: string,
): ConstraintCheck {
  const tokens: {
    text: string;
    offset: number;
    operator?: string;
    number?: string;
    name?: string;
    field?: string;
  }[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < check.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(check);
    if (match === null) {
      if (check.slice(start).trim() === "") break;
      const offset = start + (check.slice(start).length - check.slice(start).trimStart().length);
      return fail(
        `constraint "${check}" has an unexpected "${check.slice(offset).split(/\s/)[0]}"; ${EXAMPLE}.`,
        offset,
      );
    }
    const text = match[0].trimStart();
    tokens.push({
      text,
      offset: match.index + match[0].length - text.length,
      ...(match[1] === undefined ? {} : { operator: match[1] }),
      ...(match[2] === undefined ? {} : { number: match[2] }),
      ...(match[3] === undefined ? {} : { name: match[3] }),
      ...(match[4] === undefined ? {} : { field: match[4] }),
    });
  }
  const [leftToken, operatorToken, rightToken, extra] = tokens;
  if (extra !== undefined)
    return fail(
      `constraint "${check}" goes on after "${rightToken!.text}"; one constraint compares two things, ${EXAMPLE}.`,
      extra.offset,
    );
  if (leftToken === undefined || operatorToken === undefined || rightToken === undefined) {
    return fail(`constraint "${check}" is incomplete; ${EXAMPLE}.`, check.length);
  }
  const operator =
    operatorToken.operator ??
    (operatorToken.name === "in" && operatorToken.field === undefined ? "in" : undefined);
  if (operator === undefined) {
    return fail(
      `constraint "${check}" has "${operatorToken.text}" where an operator belongs; use one of ${CONSTRAINT_OPERATORS.join(", ")}.`,
      operatorToken.offset,
    );
  }
  const operands: ConstraintOperand[] = [];
  for (const token of [leftToken, rightToken]) {
    if (token.number !== undefined) {
      operands.push({ kind: "number", value: Number(token.number) });
      continue;
    }
    if (token.name === undefined || token.name === "in") {
      return fail(
        `constraint "${check}" has "${token.text}" where a parameter or a number belongs; ${EXAMPLE}.`,
        token.offset,
      );
    }
    const names = parameters.map((parameter) => parameter.name);
    const spec = parameters.find((parameter) => parameter.name === token.name);
    if (spec === undefined) {
      return fail(
        `constraint "${check}" refers to unknown parameter "${token.name}".${formatDidYouMean(didYouMean(token.name, names))} Declared: ${names.join(", ") || "none"}.`,
        token.offset,
      );
    }
    if (token.field !== undefined && !REFERENCE_FIELDS[spec.type].includes(token.field)) {
      return fail(
        `constraint "${check}" refers to "${token.text}", but a ${spec.type} parameter has no field "${token.field}"${spec.type === "yearRange" ? "; use .from or .to" : `; use ${spec.name}`}.`,
        token.offset,
      );
    }
    operands.push({ kind: "parameter", name: token.name, field: token.field as "from" | "to" | undefined });
  }
  const constraint: ParameterConstraint = Object.freeze({
    check,
    left: Object.freeze(operands[0]!),
    operator: operator as ConstraintOperator,
    right: Object.freeze(operands[1]!),
    ...(message === undefined ? {} : { message }),
  });
  const problem = typeProblem(constraint, parameters);
  return problem === undefined ? { ok: true, value: constraint } : fail(problem, operatorToken.offset);
}

/**
 * The constraints that do not hold for `values`, each with a sentence naming the values and the parameters to
 * show it at.
 *
 * @example constraintViolations([baseYear in years], parameters, { baseYear: 2021, years: { from: 2022, to: 2024 } })
 *   // → [{ message: 'Index base year is 2021, outside Years 2022–2024 ("baseYear in years").', parameters: ["baseYear", "years"], … }]
 */
export function constraintViolations(
  constraints: ReadonlyArray<ParameterConstraint>,
  parameters: ReadonlyArray<ParameterSpec>,
  values: ParameterValues,
): ReadonlyArray<ConstraintViolation> {
  return constraints.flatMap((constraint) => {
    const left = valueOf(constraint.left, values);
    const right = valueOf(constraint.right, values);
    if (left === undefined || right === undefined || holds(constraint.operator, left, right)) return [];
    const involved = [constraint.left, constraint.right].flatMap((operand) =>
      operand.kind === "parameter" ? [operand.name] : [],
    );
    return [
      {
        constraint,
        parameters: [...new Set(involved)],
        message: constraint.message ?? explain(constraint, parameters, left, right),
      },
    ];
  });
}

/** A constraint as the front matter's canonical form writes it. */
export function formatConstraint(constraint: ParameterConstraint): string {
  const operand = (value: ConstraintOperand): string =>
    value.kind === "number"
      ? String(value.value)
      : value.field === undefined
        ? value.name
        : `${value.name}.${value.field}`;
  return `${operand(constraint.left)} ${constraint.operator} ${operand(constraint.right)}`;
}

/** The parameters a constraint refers to. */
export function constraintParameters(constraint: ParameterConstraint): ReadonlyArray<string> {
  return [constraint.left, constraint.right].flatMap((operand) =>
    operand.kind === "parameter" ? [operand.name] : [],
  );
}

type Kind = "number" | "yearRange" | "list" | ParameterType;

function kindOf(operand: ConstraintOperand, parameters: ReadonlyArray<ParameterSpec>): Kind {
  if (operand.kind === "number" || operand.field !== undefined) return "number";
  const type = parameters.find((parameter) => parameter.name === operand.name)!.type;
  return type === "year" ? "number" : type;
}

function typeProblem(
  constraint: ParameterConstraint,
  parameters: ReadonlyArray<ParameterSpec>,
): string | undefined {
  const left = kindOf(constraint.left, parameters);
  const right = kindOf(constraint.right, parameters);
  const where = `constraint "${constraint.check}"`;
  switch (constraint.operator) {
    case "in":
      if ((left === "number" || left === "yearRange") && right === "yearRange") return undefined;
      if (left === "area" && right === "areas") return undefined;
      return `${where} cannot use "in" between ${article(left)} and ${article(right)}; "in" asks whether a year (or a year range) lies in a year range, or an area is among areas.`;
    case "==":
    case "!=":
      if (left === right && left !== "areas") return undefined;
      return `${where} compares ${article(left)} with ${article(right)}; compare values of the same type.`;
    default:
      if (left === "number" && right === "number") return undefined;
      return `${where} orders ${article(left)} and ${article(right)}; "${constraint.operator}" compares years and numbers (a year range's .from or .to).`;
  }
}

function article(kind: Kind): string {
  return `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;
}

function valueOf(operand: ConstraintOperand, values: ParameterValues): ParameterValue | undefined {
  if (operand.kind === "number") return operand.value;
  const value = values[operand.name];
  if (value === undefined || operand.field === undefined) return value;
  return (value as YearRange)[operand.field];
}

function holds(operator: ConstraintOperator, left: ParameterValue, right: ParameterValue): boolean {
  switch (operator) {
    case "<":
      return (left as number) < (right as number);
    case "<=":
      return (left as number) <= (right as number);
    case ">":
      return (left as number) > (right as number);
    case ">=":
      return (left as number) >= (right as number);
    case "==":
      return JSON.stringify(left) === JSON.stringify(right);
    case "!=":
      return JSON.stringify(left) !== JSON.stringify(right);
    case "in": {
      if (Array.isArray(right)) return right.includes(left as string);
      const range = right as YearRange;
      if (typeof left === "number") return range.from <= left && left <= range.to;
      return range.from <= (left as YearRange).from && (left as YearRange).to <= range.to;
    }
  }
}

const PHRASES: Readonly<Record<ConstraintOperator, string>> = {
  "<": "must be before",
  "<=": "must be at most",
  ">": "must be after",
  ">=": "must be at least",
  "==": "must equal",
  "!=": "must differ from",
  in: "must lie within",
};

function explain(
  constraint: ParameterConstraint,
  parameters: ReadonlyArray<ParameterSpec>,
  left: ParameterValue,
  right: ParameterValue,
): string {
  const describe = (operand: ConstraintOperand, value: ParameterValue): string => {
    if (operand.kind === "number") return String(operand.value);
    const spec = parameters.find((parameter) => parameter.name === operand.name);
    const label = spec?.label ?? operand.name;
    const field =
      operand.field === undefined ? "" : operand.field === "from" ? " (first year)" : " (last year)";
    return `${label}${field} (${show(value)})`;
  };
  const phrase =
    constraint.operator === "in" && Array.isArray(right) ? "must be one of" : PHRASES[constraint.operator];
  return `${describe(constraint.left, left)} ${phrase} ${describe(constraint.right, right)}: change one of them ("${constraint.check}").`;
}

function show(value: ParameterValue): string {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return `${(value as YearRange).from}–${(value as YearRange).to}`;
  return String(value);
}

function fail(problem: string, offset: number): ConstraintCheck {
  return { ok: false, problem, offset };
}
