import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type FormattedExecutionResult, type GraphQLFormattedError } from "graphql";
import type { Logger } from "./logger.js";

/** The defaults: the widest trend of the published data is 1.3 MB and 4,234 rows. */
export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_RESULT_ROWS = 50_000;

/** The `extensions.code` of a response refused by a limit below; clients may switch on it. */
export const RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";

const NARROW =
  "Narrow the query: group by fewer dimensions, add a filter (areas, years, stages, funding sources), " +
  "shorten from–to, ask for fewer fields or aliases, or page facts with limit and offset.";

/**
 * Apollo's `stringifyResult` with a ceiling: the response as JSON (as Apollo writes it), or, when that is longer
 * than `maxBytes`, `{ data: null, errors: [RESPONSE_TOO_LARGE] }` naming the size, the limit and how to narrow the
 * query. Measuring the JSON Apollo sends anyway costs no second serialization. The response keeps its
 * extensions (the snapshot) and HTTP 200: the operation ran, its result is withheld.
 */
export function limitedStringify(
  maxBytes: number,
  logger: Logger,
): (result: FormattedExecutionResult) => string {
  return (result) => {
    const json = `${JSON.stringify(result)}\n`;
    const bytes = Buffer.byteLength(json, "utf8");
    if (bytes <= maxBytes) return json;
    const fields = Object.keys(result.data ?? {});
    logger.warn(
      `Refused a response of ${bytes} bytes (limit ${maxBytes}, KC_MAX_RESPONSE_BYTES) to the fields ${fields.join(", ")}.`,
    );
    const error: GraphQLFormattedError = {
      message:
        `The response would be ${formatBytes(bytes)}, over the limit of ${formatBytes(maxBytes)} per response ` +
        `(the server's KC_MAX_RESPONSE_BYTES). ${NARROW}`,
      extensions: { code: RESPONSE_TOO_LARGE, limitBytes: maxBytes, bytes },
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
            const rows = countRows(value, maxRows);
            if (rows <= maxRows) continue;
            const named = field === key ? `"${key}"` : `"${key}" (${field})`;
            logger.warn(`Refused a response: the field ${named} has more than ${maxRows} rows.`);
            const error: GraphQLFormattedError = {
              message:
                `The field ${named} would return more than ${maxRows} rows (series, points, slices… counted ` +
                `together), the limit per field (the server's KC_MAX_RESULT_ROWS). ${NARROW}`,
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

/** The objects in the lists under `value`, counted until the count passes `stopAfter`. */
function countRows(value: unknown, stopAfter: number): number {
  if (value === null || typeof value !== "object") return 0;
  let rows = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === "object") rows += 1 + countRows(item, stopAfter - rows);
      if (rows > stopAfter) break;
    }
  } else {
    for (const field of Object.values(value)) {
      rows += countRows(field, stopAfter - rows);
      if (rows > stopAfter) break;
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
