import type { RequestHandler } from "express";

/** The request header that asks for the EXPLAIN output of a request's analyses (docs/api.md, "Explain"). */
export const EXPLAIN_HEADER = "x-kc-explain";

/**
 * Whether a request asks for the EXPLAIN output (`X-KC-Explain: 1`). Only the admin may: the output shows the
 * SQL, the warehouse's table names and every bound value, so the middleware `explainAccess` refuses the header
 * from anyone else before GraphQL runs.
 */
export function wantsExplain(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return headers[EXPLAIN_HEADER] === "1";
}

/**
 * Refuses `X-KC-Explain` from a request without the admin token (403 FORBIDDEN, nothing run) and a value other
 * than `1` (400 BAD_REQUEST): a visitor asking for the SQL learns that it needs the token, never the SQL.
 */
export function explainAccess(isAdmin: (authorization: string | undefined) => boolean): RequestHandler {
  return (req, res, next) => {
    const value = req.headers[EXPLAIN_HEADER];
    if (value === undefined) return next();
    if (value !== "1") {
      res
        .status(400)
        .json(
          errorBody(
            `The header X-KC-Explain must be 1 to explain the request, not "${String(value).slice(0, 40)}". Send "X-KC-Explain: 1" or leave it out.`,
            "BAD_REQUEST",
          ),
        );
      return;
    }
    if (!isAdmin(req.headers.authorization)) {
      res
        .status(403)
        .json(
          errorBody(
            `Explaining a request (X-KC-Explain) shows its SQL and needs the admin token: send "Authorization: Bearer <admin token>" with it, or leave X-KC-Explain out.`,
            "FORBIDDEN",
          ),
        );
      return;
    }
    next();
  };
}

function errorBody(message: string, code: string): { errors: ReadonlyArray<object> } {
  return { errors: [{ message, extensions: { code } }] };
}
