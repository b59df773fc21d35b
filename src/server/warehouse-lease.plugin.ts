import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestContext } from "./request-context.js";
import type { ServedSnapshots } from "./served-snapshots.js";

/**
 * Leases the current snapshot when a GraphQL request starts and releases it when its response is sent, so a
 * reload that swaps snapshots meanwhile closes the old one only after this request is done. Also starts the
 * request's time limit: at `timeLimitMs` the context's signal aborts and unfinished root fields fail.
 */
export function warehouseLeasePlugin(
  snapshots: ServedSnapshots,
  timeLimitMs: number,
): ApolloServerPlugin<RequestContext> {
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
      return {
        async willSendResponse() {
          clearTimeout(timer);
          lease.release();
        },
      };
    },
  };
}
