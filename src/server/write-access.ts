import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { adminTokenCheck, tokenMatcher } from "./admin-token.js";

/** The session cookie's name; its value is `<issued at, seconds>.<random id>.<HMAC>`, never a token. */
export const SESSION_COOKIE = "kc_session";

/** How long a browser session lasts: open the address with `?token=` again after that. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export interface WriteAccessOptions {
  /** The write token (KC_WRITE_TOKEN); absent: only the admin token allows writes. */
  readonly writeToken?: string;
  readonly adminToken: string;
  /** The clock sessions are issued and checked with. */
  readonly now?: () => Date;
}

/**
 * Who may change files: a request carrying the write or the admin token as `Authorization: Bearer <token>`, or
 * the session cookie a browser got for one of them (POST /session). The cookie is a random id and its issue
 * time signed with an HMAC keyed by the write token (the admin token when there is none): nothing is kept on
 * the server, the token itself never leaves it, a session outlives a restart with the same token and dies
 * with a new one (a generated token is new at every start), and one cannot be forged without the token.
 */
export class WriteAccess {
  readonly #bearer: ReadonlyArray<(authorization: string | undefined) => boolean>;
  readonly #tokens: ReadonlyArray<(given: string) => boolean>;
  readonly #key: string;
  readonly #now: () => Date;

  constructor(options: WriteAccessOptions) {
    const tokens = [options.adminToken, ...(options.writeToken === undefined ? [] : [options.writeToken])];
    this.#bearer = tokens.map(adminTokenCheck);
    this.#tokens = tokens.map(tokenMatcher);
    this.#key = `kc-write-session\0${options.writeToken ?? options.adminToken}`;
    this.#now = options.now ?? (() => new Date());
  }

  /** True when the request carries a token that allows writes, or a valid session cookie. */
  allows(request: IncomingMessage): boolean {
    return this.hasBearer(request) || this.verifySession(cookieOf(request.headers.cookie, SESSION_COOKIE));
  }

  /** True when the `Authorization` header carries the write or the admin token. */
  hasBearer(request: IncomingMessage): boolean {
    const header = request.headers.authorization;
    return this.#bearer.some((check) => check(header));
  }

  /** True when `token` (from a POST /session body) is the write or the admin token. */
  acceptsToken(token: string): boolean {
    return this.#tokens.map((matches) => matches(token)).includes(true);
  }

  /** A new session cookie value. */
  issueSession(): string {
    const payload = `${Math.floor(this.#now().getTime() / 1000)}.${randomBytes(18).toString("base64url")}`;
    return `${payload}.${this.#sign(payload)}`;
  }

  /** True for a cookie value this server signed with its current token, less than the maximum age ago. */
  verifySession(value: string | undefined): boolean {
    const match = /^(\d{1,12})\.([\w-]{1,64})\.([\w-]{43})$/.exec(value ?? "");
    if (match === null) return false;
    const given = Buffer.from(match[3]!, "base64url");
    const expected = Buffer.from(this.#sign(`${match[1]}.${match[2]}`), "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    const age = this.#now().getTime() / 1000 - Number(match[1]);
    return age >= -60 && age < SESSION_MAX_AGE_SECONDS;
  }

  #sign(payload: string): string {
    return createHmac("sha256", this.#key).update(payload).digest("base64url");
  }
}

/** The value of cookie `name` in a `Cookie` header, or undefined. */
function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
