import type { ApolloServerPlugin } from "@apollo/server";

export const APPLICATION_JSON = "application/json";
export const GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";
export type ResponseMediaType = typeof APPLICATION_JSON | typeof GRAPHQL_RESPONSE_JSON;

/**
 * Status codes of the GraphQL-over-HTTP spec (https://graphql.github.io/graphql-over-http/draft/), which depend
 * on the response's media type. A request error (a document that does not parse, fails validation or whose
 * variables cannot be coerced; the response has no `data`) is answered
 * - as `application/graphql-response+json` with 400 (Apollo gives 200 to some, such as persisted-query errors);
 * - as `application/json` with 200: "the server SHOULD use the 200 status code for every response to a
 *   well-formed GraphQL-over-HTTP request", since legacy clients read an error body only on 200 (Apollo gives 400).
 *   A request that is not well-formed (no `query`, a `query` that is not a string: Apollo's BAD_REQUEST) keeps 400.
 * Responses with `data` (even null) keep 200. The media type is chosen here from the Accept header, as Apollo
 * does (`*` and no Accept: application/json), and written to Content-Type so Apollo sends the same one; when
 * neither type is acceptable Apollo answers 406. HTTP errors before GraphQL (no query, a GET mutation: 405) keep
 * Apollo's status.
 */
export function responseMediaTypePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const mediaType = preferredMediaType(request.http?.headers.get("accept"));
      return {
        async willSendResponse({ response }) {
          if (mediaType === null || response.body.kind !== "single") return;
          response.http.headers.set("content-type", `${mediaType}; charset=utf-8`);
          const result = response.body.singleResult;
          if ("data" in result) return;
          const status = response.http.status ?? 200;
          const malformed = result.errors?.some((e) => e.extensions?.code === "BAD_REQUEST") ?? false;
          if (mediaType === APPLICATION_JSON && status === 400 && !malformed) response.http.status = 200;
          if (mediaType === GRAPHQL_RESPONSE_JSON && status < 400) response.http.status = 400;
        },
      };
    },
  };
}

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
  readonly order: number;
}

/**
 * The media type a response to `accept` should have, or null when the header accepts neither. Content
 * negotiation as the `negotiator` package that Apollo uses does it: the highest quality wins, then the most
 * specific range (`application/json` over `application/*` over `*\/*`), then the range listed first, then
 * application/json. `accept` absent or empty: application/json.
 */
export function preferredMediaType(accept: string | undefined): ResponseMediaType | null {
  if (accept === undefined || accept.trim() === "") return APPLICATION_JSON;
  const ranges = accept.split(",").flatMap((part, order) => parseRange(part, order));
  let best: { readonly type: ResponseMediaType; readonly rank: ReadonlyArray<number> } | null = null;
  for (const type of [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON] as const) {
    const [wanted, wantedSub] = type.split("/") as [string, string];
    let match: { readonly range: MediaRange; readonly specificity: number } | null = null;
    for (const range of ranges) {
      const specificity =
        range.type === wanted && range.subtype === wantedSub
          ? 2
          : range.type === wanted && range.subtype === "*"
            ? 1
            : range.type === "*" && range.subtype === "*"
              ? 0
              : -1;
      if (specificity > (match?.specificity ?? -1)) match = { range, specificity };
    }
    if (match === null || match.range.q === 0) continue;
    const rank = [match.range.q, match.specificity, -match.range.order];
    if (best === null || compareRanks(rank, best.rank) > 0) best = { type, rank };
  }
  return best?.type ?? null;
}

function parseRange(part: string, order: number): MediaRange[] {
  const [mediaType = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
  const [type, subtype] = mediaType.split("/");
  if (type === undefined || subtype === undefined || type === "" || subtype === "") return [];
  const qParam = params.find((p) => p.startsWith("q="));
  const q = qParam === undefined ? 1 : Number(qParam.slice(2));
  return [{ type, subtype, q: Number.isFinite(q) ? q : 0, order }];
}

function compareRanks(a: ReadonlyArray<number>, b: ReadonlyArray<number>): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
