import { GraphQLError } from "graphql";
import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";

/** The stable `extensions.code`s our resolvers use; clients may switch on them. */
export const ErrorCode = Object.freeze({
  BAD_USER_INPUT: "BAD_USER_INPUT",
  FORBIDDEN: "FORBIDDEN",
  /** A write without the write token (or a session for it): the message says how to get one. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  REQUEST_TIMEOUT: "REQUEST_TIMEOUT",
  QUERY_TIMEOUT: "QUERY_TIMEOUT",
  /** An answer over a size limit (rows or bytes), withheld or refused before shaping: the message says how to narrow. */
  RESPONSE_TOO_LARGE: "RESPONSE_TOO_LARGE",
  /** A request refused by its cost estimate before anything ran (src/graphql/analysis-cost.ts). */
  QUERY_TOO_LARGE: "QUERY_TOO_LARGE",
  /** Large requests fill the budget of rows in flight: retry after `Retry-After` (HTTP 503). */
  SERVER_BUSY: "SERVER_BUSY",
} as const);

/** A bad argument: `message` is a sentence quoting the culprit; `argumentName` names the argument. */
export function badUserInput(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName } });
}

/** The caller lacks a permission, for example the admin token. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

/** The caller sent no credential that allows this (for example a notebook change without the write token). */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

/** A value a user may pick, shown in suggestions as `"02" (Hà Giang)`. */
export interface Choice {
  /** What the user should send. */
  readonly value: string;
  /** A human label shown beside it, when it differs from the value. */
  readonly label?: string;
  /** Other spellings that should lead to this choice (names without diacritics, aliases). */
  readonly matches?: ReadonlyArray<string>;
}

/**
 * `Unknown area "Ha Giangg" in argument "id". Did you mean "02" (Hà Giang)?`: a BAD_USER_INPUT error for a
 * value that is not among `choices`, with the closest choices (by value, label and other spellings) suggested.
 */
export function unknownValue(
  what: string,
  value: string,
  argumentName: string,
  choices: ReadonlyArray<Choice>,
): GraphQLError {
  return badUserInput(
    `Unknown ${what} ${quote(value)} in argument "${argumentName}".${suggestChoices(value, choices)}`,
    argumentName,
  );
}

/** `' Did you mean "02" (Hà Giang)?'`, or `''` when nothing is close. */
export function suggestChoices(value: string, choices: ReadonlyArray<Choice>): string {
  const byKey = new Map<string, Choice>();
  for (const choice of choices) {
    for (const key of [choice.value, choice.label ?? "", ...(choice.matches ?? [])]) {
      if (key !== "" && !byKey.has(key)) byKey.set(key, choice);
    }
  }
  const picked: Choice[] = [];
  for (const key of didYouMean(value, [...byKey.keys()])) {
    const choice = byKey.get(key);
    if (choice !== undefined && !picked.includes(choice)) picked.push(choice);
  }
  return formatDidYouMean(
    picked.map((c) => c.value),
    (v) => {
      const label = picked.find((c) => c.value === v)?.label;
      return label !== undefined && label !== v ? `${quote(v)} (${label})` : quote(v);
    },
  );
}

/** A user value in double quotes, with quotes and control characters escaped and long values cut. */
export function quote(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(cut);
}
