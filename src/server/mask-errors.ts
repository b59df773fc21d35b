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
