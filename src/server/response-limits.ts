import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type FormattedExecutionResult, type GraphQLFormattedError } from "graphql";
import { DEFAULT_ANALYSIS_LIMITS, ErrorCode } from "../graphql/index.js";
import type { Logger } from "./logger.js";
import { stringifyYielding } from "./yielding-json.js";
import { setImmediate as nextTurn } from "node:timers/promises";

/** The defaults: the widest trend of the published data is 1.3 MB and 4,234 rows. */
export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_RESULT_ROWS = DEFAULT_ANALYSIS_LIMITS.maxResultRows;

/** The `extensions.code` of a response refused by a limit below; clients may switch on it. */
export const RESPONSE_TOO_LARGE = ErrorCode.RESPONSE_TOO_LARGE;

/** How to make a response smaller: the end of every refusal for size. */
export const NARROW_THE_QUERY =
  "Narrow the query: group by fewer dimensions, add a filter (areas, years, stages, funding sources), " +
  "shorten from–to, ask for fewer fields or aliases, or page facts with limit and offset.";

/**
 * Apollo's `stringifyResult` with a ceiling: the response as JSON (as Apollo writes it), or, when that would be
 * longer than `maxBytes`, `{ data: null, errors: [RESPONSE_TOO_LARGE] }` naming the limit and how to narrow the
 * query. The JSON is written in slices with turns of the event loop between them (src/server/yielding-json.ts),
 * so other requests and /health are answered meanwhile, and writing stops at the limit: a refused response is
 * never built whole. The response keeps its extensions (the snapshot) and HTTP 200: the operation ran, its
 * result is withheld.
 */
export function limitedStringify(
  maxBytes: number,
  logger: Logger,
): (result: FormattedExecutionResult) => Promise<string> {
  return async (result) => {
    const written = await stringifyYielding(result, { maxBytes: maxBytes - 1 });
    if (written.kind === "json") return `${written.json}\n`;
    const fields = Object.keys(result.data ?? {});
    logger.warn(
      `Refused a response of more than ${maxBytes} bytes (KC_MAX_RESPONSE_BYTES) to the fields ${fields.join(", ")}.`,
    );
    const error: GraphQLFormattedError = {
      message:
        `The response would be larger than ${formatBytes(maxBytes)}, the limit per response ` +
        `(the server's KC_MAX_RESPONSE_BYTES). ${NARROW_THE_QUERY}`,
      extensions: { code: RESPONSE_TOO_LARGE, limitBytes: maxBytes },
    };
    return `${JSON.stringify({ errors: [error], data: null, ...withExtensions(result) })}\n`;
  };
}

/**
 * A ceiling on the rows of each top-level field of a response: its rows are the objects in its lists, nested
 * lists included (a trend of 146 series × 19 points with 9 keys each is 146 + 2,774 + 1,314 = 4,234 rows). A
 * response with a field over `maxRows` becomes `{ data: null, errors: [RESPONSE_TOO_LARGE] }` naming the field,
 * its rows, the limit and how to narrow the query, before it is serialized. Introspection is not counted.
 */
export function resultRowsPlugin(maxRows: number, logger: Logger): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          const data = result.data;
          if (data === null || data === undefined) return;
          const fieldNames = new Map<string, string>();
          for (const s of operation?.selectionSet.selections ?? []) {
            if (s.kind === Kind.FIELD) fieldNames.set(s.alias?.value ?? s.name.value, s.name.value);
          }
          for (const [key, value] of Object.entries(data)) {
            const field = fieldNames.get(key) ?? key;
            if (field.startsWith("__")) continue;
            const rows = await countRows(value, maxRows);
            if (rows <= maxRows) continue;
            const named = field === key ? `"${key}"` : `"${key}" (${field})`;
            logger.warn(`Refused a response: the field ${named} has more than ${maxRows} rows.`);
            const error: GraphQLFormattedError = {
              message:
                `The field ${named} would return more than ${maxRows} rows (series, points, slices… counted ` +
                `together), the limit per field (the server's KC_MAX_RESULT_ROWS). ${NARROW_THE_QUERY}`,
              path: [key],
              extensions: { code: RESPONSE_TOO_LARGE, limitRows: maxRows },
            };
            response.body.singleResult = {
              errors: [...(result.errors ?? []), error],
              data: null,
              ...withExtensions(result),
            };
            return;
          }
        },
      };
    },
  };
}

/**
 * The objects in the lists under `value`, counted until the count passes `stopAfter`, with a turn of the event
 * loop (setImmediate) every 10 ms of counting: 50,000 rows take long enough to hold other requests up.
 */
async function countRows(value: unknown, stopAfter: number): Promise<number> {
  let rows = 0;
  let sliceStart = performance.now();
  let visited = 0;
  // Depth first, with a stack of [value, inList] instead of recursion, so the walk can pause anywhere.
  const stack: Array<readonly [unknown, boolean]> = [[value, false]];
  while (stack.length > 0 && rows <= stopAfter) {
    const [item, inList] = stack.pop() as readonly [unknown, boolean];
    if (item === null || typeof item !== "object") continue;
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], true]);
      continue;
    }
    if (inList) rows += 1;
    for (const field of Object.values(item)) stack.push([field, false]);
    if (++visited % 1024 === 0 && performance.now() - sliceStart >= 10) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  return rows;
}

function withExtensions(result: FormattedExecutionResult): Pick<FormattedExecutionResult, "extensions"> {
  return result.extensions === undefined ? {} : { extensions: result.extensions };
}

/** `5 MB`, `10.5 MB`, `512 KB`, `900 bytes` (1 MB = 1024 × 1024 bytes). */
export function formatBytes(bytes: number): string {
  const format = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  if (bytes >= 1024 * 1024) return `${format(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
  if (bytes >= 1024) return `${format(Math.round((bytes / 1024) * 10) / 10)} KB`;
  return `${bytes} bytes`;
}
