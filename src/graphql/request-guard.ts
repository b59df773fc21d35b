import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { QueryTimeoutError } from "../warehouse/index.js";
import type { GraphQLContext } from "./context.js";
import { ErrorCode } from "./errors.js";

/**
 * Wraps every root field (Query, Mutation) of `schema`, in place, so that the time limits hold:
 * - a root field does not start once the request's `context.signal` has aborted, and one still running when it
 *   aborts fails at once with REQUEST_TIMEOUT;
 * - a root field still running `context.analysisLimits.queryTimeoutMs` after it started fails with
 *   QUERY_TIMEOUT: the whole resolver (its SQL, the shaping of its rows, the completion of its lists) is timed,
 *   not only the SQL, which the warehouse's own timeout interrupts.
 * The resolver sees a context whose `signal` aborts at whichever comes first, with the error as its reason, so
 * work it does in slices (src/graphql/common/bounded-shaping.ts) stops there. The warehouse's QueryTimeoutError
 * becomes a QUERY_TIMEOUT error that clients may see. Only root fields are wrapped, so nested fields keep
 * graphql-js's fast path.
 */
export function guardRootFields(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      field.resolve = guard(field.resolve ?? defaultFieldResolver);
    }
  }
  return schema;
}

function guard(
  resolve: GraphQLFieldResolver<unknown, GraphQLContext>,
): GraphQLFieldResolver<unknown, GraphQLContext> {
  return (source, args, context, info) => {
    const requestSignal = context.signal;
    if (requestSignal.aborted) throw requestTimeout();
    const field = new AbortController();
    const onRequestAbort = (): void => field.abort(requestTimeout());
    requestSignal.addEventListener("abort", onRequestAbort, { once: true });
    const timeoutMs = context.analysisLimits.queryTimeoutMs;
    const timer = setTimeout(() => field.abort(queryTimeout(info.fieldName, timeoutMs)), timeoutMs);
    timer.unref();
    const done = (): void => {
      clearTimeout(timer);
      requestSignal.removeEventListener("abort", onRequestAbort);
    };
    // The resolver's own view of the context: the same request, with the field's signal.
    const fieldContext: GraphQLContext = Object.create(context, { signal: { value: field.signal } });
    let result: unknown;
    try {
      result = resolve(source, args, fieldContext, info);
    } catch (error) {
      done();
      throw fromWarehouse(error);
    }
    if (!(result instanceof Promise)) {
      done();
      return result;
    }
    return new Promise((resolvePromise, reject) => {
      const onAbort = (): void => {
        done();
        reject(field.signal.reason);
      };
      field.signal.addEventListener("abort", onAbort, { once: true });
      result.then(
        (value) => {
          // Lists completed in slices after this (src/graphql/common/bounded-shaping.ts) keep the field's signal.
          field.signal.removeEventListener("abort", onAbort);
          resolvePromise(value);
        },
        (error: unknown) => {
          field.signal.removeEventListener("abort", onAbort);
          done();
          reject(fromWarehouse(error));
        },
      );
    });
  };
}

function queryTimeout(fieldName: string, timeoutMs: number): GraphQLError {
  return new GraphQLError(
    `The analysis "${fieldName}" took longer than its time limit of ${timeoutMs} ms (the server's ` +
      `KC_QUERY_TIMEOUT_MS) and was stopped. Narrow it: group by fewer dimensions, add a filter or shorten from–to.`,
    { extensions: { code: ErrorCode.QUERY_TIMEOUT } },
  );
}

function requestTimeout(): GraphQLError {
  return new GraphQLError("The request took longer than its time limit and was stopped. Ask for less data.", {
    extensions: { code: ErrorCode.REQUEST_TIMEOUT },
  });
}

function fromWarehouse(error: unknown): unknown {
  if (error instanceof QueryTimeoutError) {
    return new GraphQLError(error.message, {
      extensions: { code: ErrorCode.QUERY_TIMEOUT },
      originalError: error,
    });
  }
  return error;
}
