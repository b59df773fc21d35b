import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLContext } from "../graphql/index.js";
import {
  DASHBOARD_CACHE_CONTROL,
  DASHBOARD_VARY,
  dashboardEtag,
  dashboardRequestKey,
  isSnapshotBound,
} from "./dashboard-etag.js";
import { preferredMediaType } from "./response-media-type.plugin.js";

/**
 * Makes the answer to a GET query cacheable until the snapshot changes: `ETag` (src/server/dashboard-etag.ts)
 * and `Cache-Control: public, no-cache`. Only for answers that are the same for everyone on the same snapshot:
 * a GET without `Authorization` (the admin sees server paths), with data and no error, of a query whose root
 * fields are all snapshot-bound. Everything else keeps Apollo's `Cache-Control: no-store`. A later GET that
 * sends the ETag in `If-None-Match` is answered 304 before Apollo runs (src/server/not-modified.ts), or by
 * express when the answer was computed anyway.
 */
export function dashboardCachePlugin(instance: string): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ request }) {
      const http = request.http;
      if (http?.method !== "GET" || http.headers.has("authorization")) return;
      const mediaType = preferredMediaType(http.headers.get("accept"));
      const key = dashboardRequestKey(http.search);
      if (mediaType === null || key === null) return;
      return {
        async willSendResponse({ response, contextValue, document, operation }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (result.errors !== undefined || result.data == null) return;
          if (document === undefined || operation === undefined || !isSnapshotBound(document, operation))
            return;
          response.http.headers.set("etag", dashboardEtag(instance, contextValue.snapshot, key, mediaType));
          response.http.headers.set("cache-control", DASHBOARD_CACHE_CONTROL);
          response.http.headers.set("vary", DASHBOARD_VARY);
        },
      };
    },
  };
}
