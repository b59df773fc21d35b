import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import {
  estimateAnalyses,
  factProfiles,
  selectsAnalyses,
  type AnalysisCost,
} from "../graphql/analysis-cost.js";
import { ErrorCode } from "../graphql/index.js";
import { DIMENSION_MODEL } from "../model/index.js";
import type { Logger } from "./logger.js";
import type { RequestContext } from "./request-context.js";
import { NARROW_THE_QUERY } from "./response-limits.js";

/** Estimated rows of all analyses and aliases of one request, unless configured (KC_MAX_ESTIMATED_ROWS). */
export const DEFAULT_MAX_ESTIMATED_ROWS = 100_000;
/** Estimated rows of the large requests running at once, unless configured (KC_MAX_ROWS_IN_FLIGHT). */
export const DEFAULT_MAX_ROWS_IN_FLIGHT = 200_000;
/** A request estimated at fewer rows is never held back by the budget in flight: dashboards keep working. */
export const SMALL_REQUEST_ROWS = 5_000;

/** `extensions.code` of a request refused by its estimate, before anything ran. */
export const QUERY_TOO_LARGE = ErrorCode.QUERY_TOO_LARGE;
/** `extensions.code` of a request refused because large requests fill the budget in flight (HTTP 503). */
export const SERVER_BUSY = ErrorCode.SERVER_BUSY;

export interface AnalysisCostLimits {
  /** Estimated rows per analysis (KC_MAX_RESULT_ROWS, the limit the finished response is held to as well). */
  readonly maxResultRows: number;
  /** Estimated rows per request, every analysis and alias counted. */
  readonly maxEstimatedRows: number;
  /** Estimated rows of the large requests in flight together. */
  readonly maxRowsInFlight: number;
}

/**
 * Refuses, after validation and before any resolver runs, a query whose analyses are estimated
 * (src/graphql/analysis-cost.ts: group-by cardinality from the snapshot's fact profile, every alias counted)
 * to return more rows than an analysis (`maxResultRows`) or a request (`maxEstimatedRows`) may: QUERY_TOO_LARGE,
 * naming the analysis, its estimate, the limit and how to narrow the query. A request estimated at
 * SMALL_REQUEST_ROWS or more then reserves its estimate from a budget shared by all requests
 * (`maxRowsInFlight`), released when its response is sent (or its processing failed): when the budget is full,
 * SERVER_BUSY with HTTP 503 and `Retry-After`, so four of the largest requests at once cannot take the memory
 * that four times their size would (one request alone always fits).
 */
export function analysisCostPlugin(
  limits: AnalysisCostLimits,
  logger: Logger,
): ApolloServerPlugin<RequestContext> {
  let rowsInFlight = 0;
  const reservations = new WeakMap<object, () => void>();
  const release = (context: object): void => {
    reservations.get(context)?.();
    reservations.delete(context);
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue, schema }) {
          if (operation === undefined) return;
          const fragments = Object.fromEntries(
            document.definitions.flatMap((d) => (d.kind === "FragmentDefinition" ? [[d.name.value, d]] : [])),
          );
          if (!selectsAnalyses(operation, fragments)) return;
          const profiles = await factProfiles(contextValue.warehouse);
          const costs = estimateAnalyses(schema, operation, fragments, request.variables ?? {}, profiles);
          const total = costs.reduce((sum, c) => sum + c.rows, 0);
          const widest = costs.reduce<AnalysisCost | null>(
            (w, c) => (w === null || c.rows > w.rows ? c : w),
            null,
          );
          if (widest !== null && widest.rows > limits.maxResultRows) {
            logger.warn(
              `Refused ${describe(widest)}: about ${widest.rows} rows (limit ${limits.maxResultRows}).`,
            );
            throw tooLarge(
              `The analysis ${describe(widest)} would return about ${format(widest.rows)} rows ` +
                `(${format(widest.groups)} groups${groupedBy(widest)}), over the limit of ` +
                `${format(limits.maxResultRows)} rows per analysis (the server's KC_MAX_RESULT_ROWS). ` +
                NARROW_THE_QUERY,
              widest.rows,
              limits.maxResultRows,
            );
          }
          if (total > limits.maxEstimatedRows) {
            logger.warn(
              `Refused ${costs.length} analyses: about ${total} rows (limit ${limits.maxEstimatedRows}).`,
            );
            throw tooLarge(
              `This request's ${costs.length} analyses would return about ${format(total)} rows together ` +
                `(${costs.map((c) => `${describe(c)} ${format(c.rows)}`).join(", ")}), over the limit of ` +
                `${format(limits.maxEstimatedRows)} rows per request (the server's KC_MAX_ESTIMATED_ROWS): each ` +
                `alias runs its analysis once more. Send the analyses in several requests. ${NARROW_THE_QUERY}`,
              total,
              limits.maxEstimatedRows,
            );
          }
          if (total < SMALL_REQUEST_ROWS) return;
          if (rowsInFlight > 0 && rowsInFlight + total > limits.maxRowsInFlight) {
            logger.warn(
              `Busy: refused a request of about ${total} rows with ${rowsInFlight} rows in flight.`,
            );
            throw new GraphQLError(
              `The server is busy with other large analyses (about ${format(rowsInFlight)} rows in flight; this ` +
                `request would add about ${format(total)}, over the server's budget of ` +
                `${format(limits.maxRowsInFlight)}, KC_MAX_ROWS_IN_FLIGHT). Retry in a few seconds, or narrow ` +
                `the query to fewer than ${format(SMALL_REQUEST_ROWS)} rows, which never wait.`,
              {
                extensions: {
                  code: SERVER_BUSY,
                  http: { status: 503, headers: new Map([["retry-after", "2"]]) },
                },
              },
            );
          }
          rowsInFlight += total;
          let released = false;
          reservations.set(contextValue, () => {
            if (released) return;
            released = true;
            rowsInFlight -= total;
          });
        },
        async willSendResponse({ contextValue }) {
          release(contextValue);
        },
      };
    },
    // A request whose processing threw (a plugin hook, the serializer) never reaches willSendResponse.
    async unexpectedErrorProcessingRequest({ requestContext }) {
      release(requestContext.contextValue);
    },
  };
}

function tooLarge(message: string, estimatedRows: number, limitRows: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: QUERY_TOO_LARGE, estimatedRows, limitRows, http: { status: 400 } },
  });
}

/** `"a" (trend)`, or `"trend"` without an alias. */
function describe(cost: AnalysisCost): string {
  return cost.key === cost.field ? `"${cost.field}"` : `"${cost.key}" (${cost.field})`;
}

/** ` by ACTIVITY × AREA × STAGE` with the dimensions as the API names them. */
function groupedBy(cost: AnalysisCost): string {
  if (cost.dimensions.length === 0) return "";
  return ` by ${cost.dimensions.map((d) => DIMENSION_MODEL[d].graphql).join(" × ")}`;
}

// One formatter: toLocaleString builds a new one (ICU) at every call, a few milliseconds each.
const THOUSANDS = new Intl.NumberFormat("en-US");

/** `133,056` */
function format(n: number): string {
  return THOUSANDS.format(n);
}
