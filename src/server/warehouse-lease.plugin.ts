import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestContext } from "./request-context.js";
import type { ServedSnapshots } from "./served-snapshots.js";

/**
 * Leases the current snapshot when a GraphQL request starts and releases it when its response is sent, or when
 * Apollo gives up on the request (`unexpectedErrorProcessingRequest`: a hook or the serializer threw, and
 * willSendResponse never comes), so a reload that swaps snapshots meanwhile closes the old one only after this
 * request is done, and never waits for a request that failed. Also starts the request's time limit: at
 * `timeLimitMs` the context's signal aborts and unfinished root fields fail.
 */
export function warehouseLeasePlugin(
  snapshots: ServedSnapshots,
  timeLimitMs: number,
): ApolloServerPlugin<RequestContext> {
  const releases = new WeakMap<object, () => void>();
  const finish = (context: object): void => {
    releases.get(context)?.();
    releases.delete(context);
  };
  return {
    async requestDidStart({ contextValue }) {
      const lease = await snapshots.lease();
      try {
        contextValue.attach(lease);
      } catch (error) {
        lease.release();
        throw error;
      }
      const timer = setTimeout(() => contextValue.abort(), timeLimitMs);
      timer.unref();
      releases.set(contextValue, () => {
        clearTimeout(timer);
        lease.release();
      });
      return {
        async willSendResponse() {
          finish(contextValue);
        },
      };
    },
    async unexpectedErrorProcessingRequest({ requestContext }) {
      finish(requestContext.contextValue);
    },
  };
}
