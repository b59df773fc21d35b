import type { ExecuteQuery, GraphQLResponse } from "../../notebook/report/index.js";

/**
 * Sends each query to a running server (POST, JSON). A response that is not GraphQL JSON (a proxy's error page,
 * a wrong path) rejects with a sentence naming the URL and the HTTP status.
 */
export function remoteExecutor(url: string): ExecuteQuery {
  return async (query, variables) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(
        `${url} answered HTTP ${response.status} with something other than JSON; is it the GraphQL endpoint (…/graphql)?`,
      );
    }
    if (typeof body !== "object" || body === null || (!("data" in body) && !("errors" in body))) {
      throw new Error(
        `${url} answered HTTP ${response.status} without data or errors; is it a GraphQL endpoint?`,
      );
    }
    return body as GraphQLResponse;
  };
}
