import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "./logger.js";

export const UNEXPECTED_ERROR_MESSAGE = "Unexpected error.";

/**
 * Apollo's `formatError`: an expected error (a GraphQLError carrying its own `extensions.code`, such as
 * BAD_USER_INPUT, FORBIDDEN, or Apollo's and graphql-armor's parse and validation errors) reaches the client
 * as it is. Anything else (a bug, a DuckDB failure, a GraphQLError without a code) reaches the client as
 * "Unexpected error." with code INTERNAL_SERVER_ERROR, and the log with its cause. graphql-js's refusal of a
 * document over the token limit (`parseOptions.maxTokens`) is reworded to say what to do.
 */
export function maskErrors(
  logger: Logger,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    const persisted = persistedQueryRefusal(original);
    if (persisted !== null) return persisted;
    if (isExpected(original)) return explainTokenLimit(withoutStacktrace(formatted));
    const where = formatted.path ? ` at ${formatted.path.join(".")}` : "";
    logger.error(`Masked an unexpected error${where}: ${describe(original)}`, original);
    return {
      message: UNEXPECTED_ERROR_MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}

// Apollo refuses these persisted-query requests with a GraphQLError that has no code (its requestPipeline.ts);
// they are the client's mistake, so they get a code and a sentence saying what to send instead.
const PERSISTED_QUERY_REFUSALS: Readonly<Record<string, string>> = Object.freeze({
  "provided sha does not match query":
    "The persistedQuery's sha256Hash is not the sha256 of the query sent with it: send the hex sha256 of exactly " +
    "that text, or the hash alone for a document the server knows.",
  "Unsupported persisted query version": 'Only persistedQuery version 1 is supported: send "version": 1.',
});

function persistedQueryRefusal(error: unknown): GraphQLFormattedError | null {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return null;
  const message = PERSISTED_QUERY_REFUSALS[error.message];
  return message === undefined ? null : { message, extensions: { code: "BAD_PERSISTED_QUERY" } };
}

function isExpected(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  const code = error.extensions.code;
  return typeof code === "string" && code !== "INTERNAL_SERVER_ERROR";
}

function withoutStacktrace(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.stacktrace === undefined) return formatted;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

// graphql-js 16's wording (src/language/parser.ts: "more that", sic).
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

function explainTokenLimit(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const limit = TOKEN_LIMIT.exec(formatted.message)?.[1];
  if (limit === undefined) return formatted;
  return {
    ...formatted,
    message:
      `The query has more than ${limit} tokens (names, punctuation, values), the limit per request. Ask for fewer ` +
      `fields or aliases, pass values as variables, or split it into several requests.`,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
