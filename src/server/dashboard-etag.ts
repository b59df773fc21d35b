import { createHash } from "node:crypto";
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { SnapshotInfo } from "../graphql/index.js";
import type { ResponseMediaType } from "./response-media-type.plugin.js";
import { sha256Hex } from "./trusted-documents.js";

/**
 * What a cacheable GET answer says to browsers and proxies: anyone may store it (it depends on nothing private),
 * but must ask again before each use, sending its ETag. Answers change only when the snapshot does, and a reload
 * comes at no predictable time, so no `max-age` could be right: a revalidation answered with 304 is cheap and
 * never stale. (`max-age=0, must-revalidate` would also allow storing; `no-cache` says "revalidate" directly.)
 */
export const DASHBOARD_CACHE_CONTROL = "public, no-cache";

/** Headers the answer varies by: the media type is chosen from Accept (compression adds Accept-Encoding). */
export const DASHBOARD_VARY = "Accept";

/**
 * Query fields whose answer depends on the served snapshot alone (and on the arguments), so an answer may be
 * kept until the snapshot changes. A field missing here is never cached: test/server/dashboard-cache.test.ts
 * fails for a Query field in neither list, so each new field is classified on purpose.
 */
export const SNAPSHOT_BOUND_QUERY_FIELDS: ReadonlySet<string> = new Set([
  "__typename",
  "__schema",
  "__type",
  "activities",
  "area",
  "areas",
  "claimReconciliation",
  "compare",
  "consistencyFindings",
  "etlRuns",
  "executionRate",
  "funding",
  "fundingFacts",
  "fundingSources",
  "outputFacts",
  "outputTrend",
  "outputTypes",
  "outputs",
  "periods",
  "share",
  "snapshot",
  "sources",
  "stages",
  "trend",
  "years",
]);

/** Query fields that change while one snapshot is served (notebook files, reload state): never cached. */
export const LIVE_QUERY_FIELDS: ReadonlySet<string> = new Set([
  "latestReload",
  "notebook",
  "notebooks",
  "reloadStatus",
]);

/**
 * The part of a GET /graphql request that decides its answer, from the URL's query string: the document (the
 * sha256 of `query`, or the persisted query's hash), `operationName` and `variables` as sent. Null when there
 * is no document to name. Both the 304 check (before Apollo) and the ETag of an answer (in Apollo) use it.
 */
export function dashboardRequestKey(search: string): string | null {
  const params = new URLSearchParams(search);
  const query = params.get("query");
  let documentHash: string | null = null;
  if (query !== null && query !== "") {
    documentHash = sha256Hex(query);
  } else {
    try {
      const extensions = JSON.parse(params.get("extensions") ?? "null") as {
        persistedQuery?: { sha256Hash?: unknown };
      } | null;
      const hash = extensions?.persistedQuery?.sha256Hash;
      if (typeof hash === "string") documentHash = hash;
    } catch {
      return null;
    }
  }
  if (documentHash === null) return null;
  return JSON.stringify([documentHash, params.get("operationName") ?? "", params.get("variables") ?? ""]);
}

/**
 * The weak ETag of an answer: a digest of the server instance (`instance`: a restart may bring other code),
 * the snapshot (its content hash and run: the answer's `extensions.snapshot` names the run), the request's key
 * and the media type. Weak because compression sends other bytes for the same answer.
 */
export function dashboardEtag(
  instance: string,
  snapshot: SnapshotInfo,
  requestKey: string,
  mediaType: ResponseMediaType,
): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([instance, snapshot.hash, snapshot.etlRunId, requestKey, mediaType]))
    .digest("base64url");
  return `W/"${digest.slice(0, 32)}"`;
}

/** True when `etag` is one of the entity tags of an If-None-Match header (weak comparison, RFC 9110 13.1.2). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque);
}

/** True when every root field `operation` selects (through fragments too) is snapshot-bound. */
export function isSnapshotBound(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== "query") return false;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const seen = new Set<string>();
  const bound = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return SNAPSHOT_BOUND_QUERY_FIELDS.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return bound(selection.selectionSet);
      const name = selection.name.value;
      if (seen.has(name)) return true;
      seen.add(name);
      const fragment = fragments.get(name);
      return fragment !== undefined && bound(fragment.selectionSet);
    });
  return bound(operation.selectionSet);
}
