import { createHash, timingSafeEqual } from "node:crypto";

/**
 * A check of the `Authorization` header against a token (the admin token, or the write token). Both sides are
 * hashed to 32 bytes first, so `timingSafeEqual` compares equal lengths and the time taken reveals neither the
 * token nor its length.
 */
export function adminTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const matches = tokenMatcher(token);
  return (authorization) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
    return matches(match?.[1] ?? "") && match !== null;
  };
}

/** A constant-time comparison of a token given in a body (POST /session) with `token`. */
export function tokenMatcher(token: string): (given: string) => boolean {
  if (token === "") throw new Error("The token must not be empty.");
  const expected = digest(token);
  return (given) => timingSafeEqual(digest(given), expected);
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
