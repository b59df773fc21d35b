import type { RequestHandler } from "express";
import {
  DASHBOARD_CACHE_CONTROL,
  DASHBOARD_VARY,
  dashboardEtag,
  dashboardRequestKey,
  matchesIfNoneMatch,
} from "./dashboard-etag.js";
import { preferredMediaType } from "./response-media-type.plugin.js";
import type { ServedSnapshots } from "./served-snapshots.js";

// Apollo's CSRF prevention lets a GET through only with one of these or a Content-Type a form cannot send;
// a 304 here follows the same rule, so it answers nothing Apollo would refuse.
const PREFLIGHT_HEADERS = ["apollo-require-preflight", "x-apollo-operation-name"] as const;
const SIMPLE_CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Answers `GET /graphql` with 304 Not Modified, before parsing or running anything, when `If-None-Match` holds
 * the ETag the same request gets on the snapshot served now (src/server/dashboard-cache.plugin.ts gave it).
 * The ETag depends only on the snapshot and the request, so a match means the answer the client holds is the
 * one it would get. A snapshot swapped in a moment later is the same as the request arriving a moment earlier.
 */
export function notModified(snapshots: ServedSnapshots, instance: string): RequestHandler {
  return (req, res, next) => {
    const ifNoneMatch = req.headers["if-none-match"];
    if (req.method !== "GET" || ifNoneMatch === undefined || req.headers.authorization !== undefined) {
      next();
      return;
    }
    const mediaType = preferredMediaType(req.headers.accept);
    const key = dashboardRequestKey(new URL(req.originalUrl, "http://localhost").search);
    if (mediaType === null || key === null || !passesCsrfCheck(req.headers)) {
      next();
      return;
    }
    snapshots.current().then((snapshot) => {
      const etag = dashboardEtag(instance, snapshot, key, mediaType);
      if (!matchesIfNoneMatch(ifNoneMatch, etag)) {
        next();
        return;
      }
      res.status(304).set({ etag, "cache-control": DASHBOARD_CACHE_CONTROL, vary: DASHBOARD_VARY }).end();
    }, next);
  };
}

function passesCsrfCheck(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  if (PREFLIGHT_HEADERS.some((name) => (headers[name] ?? "") !== "")) return true;
  const contentType = headers["content-type"];
  if (typeof contentType !== "string") return false;
  const essence = contentType.split(";")[0]!.trim().toLowerCase();
  return !SIMPLE_CONTENT_TYPES.includes(essence);
}
