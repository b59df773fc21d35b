import express, { type Router } from "express";
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, type WriteAccess } from "./write-access.js";

/** What the page is told to do when it has no write access: the same sentence in every answer. */
export const WRITE_ACCESS_HINT =
  "open the address with ?token= that the server printed at start, or send `Authorization: Bearer <token>` " +
  "with the write token (KC_WRITE_TOKEN or --write-token) or the admin token";

/**
 * `/session`, the browser's way to write, as Jupyter's: the page opened at `/?token=…` POSTs the token here and
 * gets an HttpOnly, SameSite=Strict cookie holding a signed session id (never the token), then drops the token
 * from its address. `GET /session` says whether this request may write (`{ canWrite }`).
 *
 * The POST takes only `Content-Type: application/json` (`{ "token": "…" }`): another site cannot send that
 * without a CORS preflight, which this server never answers, so it cannot log a browser in with its own token.
 */
export function sessionRoute(access: WriteAccess): Router {
  const router = express.Router();
  router.get("/session", (req, res) => {
    res.set("cache-control", "no-store").json({ canWrite: access.allows(req) });
  });
  router.post("/session", express.json({ limit: 1024, strict: true }), (req, res) => {
    res.set("cache-control", "no-store");
    if (!req.is("application/json")) {
      res
        .status(415)
        .json(
          errorBody(
            'Send the token as JSON: POST /session with Content-Type: application/json and {"token": "…"}.',
            "BAD_REQUEST",
          ),
        );
      return;
    }
    const token = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== "string" || token === "") {
      res.status(400).json(errorBody('Send {"token": "…"}: the body has no token.', "BAD_REQUEST"));
      return;
    }
    if (!access.acceptsToken(token)) {
      res
        .status(401)
        .json(
          errorBody(
            `That token is not this server's write or admin token. To write, ${WRITE_ACCESS_HINT}.`,
            "UNAUTHENTICATED",
          ),
        );
      return;
    }
    res.cookie(SESSION_COOKIE, access.issueSession(), {
      httpOnly: true,
      sameSite: "strict",
      path: "/",
      maxAge: SESSION_MAX_AGE_SECONDS * 1000,
      // Not `secure`: the server speaks plain HTTP (a TLS proxy in front may add it).
      encode: String,
    });
    res.json({ canWrite: true });
  });
  return router;
}

function errorBody(message: string, code: string): { errors: ReadonlyArray<object> } {
  return { errors: [{ message, extensions: { code } }] };
}
