import { createHash, timingSafeEqual } from "node:crypto";

/**
 * A check of the `Authorization` header against the admin token. Both sides are hashed to 32 bytes first,
 * so `timingSafeEqual` compares equal lengths and the time taken reveals neither the token nor its length.
 */
export function adminTokenCheck(token: string): (authorization: string | undefined) => boolean {
  if (token === "") throw new Error("The admin token must not be empty.");
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
    const given = digest(match?.[1] ?? "");
    return timingSafeEqual(given, expected) && match !== null;
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
