import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { QueryTimeoutError } from "../warehouse/index.js";
import type { GraphQLContext } from "./context.js";
import { ErrorCode } from "./errors.js";

/**
 * Wraps every root field (Query, Mutation) of `schema`, in place, so that a request's time limit holds:
 * a root field does not start once `context.signal` has aborted, and one still running when it aborts
 * fails at once with REQUEST_TIMEOUT (its warehouse query goes on until the warehouse's own timeout
 * interrupts it). The warehouse's QueryTimeoutError becomes a QUERY_TIMEOUT error that clients may see.
 * Only root fields are wrapped, so nested fields keep graphql-js's fast path.
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
    const signal = context.signal;
    if (signal.aborted) throw requestTimeout();
    let result: unknown;
    try {
      result = resolve(source, args, context, info);
    } catch (error) {
      throw fromWarehouse(error);
    }
    if (!(result instanceof Promise)) return result;
    return new Promise((resolvePromise, reject) => {
      const onAbort = (): void => reject(requestTimeout());
      signal.addEventListener("abort", onAbort, { once: true });
      result.then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          resolvePromise(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(fromWarehouse(error));
        },
      );
    });
  };
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
