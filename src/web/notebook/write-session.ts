/** Whether this page may change notebooks, and what went wrong when a token in the address was refused. */
export interface WriteSession {
  readonly canWrite: boolean;
  /** Why the `?token=` of the address gave no write access; null when there was none or it worked. */
  readonly problem: string | null;
}

/** How to get write access, as the read-only banner and refused changes say it. */
export const WRITE_ACCESS_HINT =
  "To edit, open the address with ?token=… that the server printed when it started (npm start).";

const SESSION_URL = new URL("session", location.href).href;

/**
 * Jupyter's way: when the page was opened at `/?token=…`, the token is POSTed to /session, which sets an
 * HttpOnly, SameSite=Strict cookie (the page never sees it), and the token is removed from the address and the
 * history at once, so it is not bookmarked, shared or sent as a Referer. Then GET /session says whether this
 * browser may write. Never throws: a failure means read-only.
 */
export async function startWriteSession(): Promise<WriteSession> {
  const address = new URL(location.href);
  const token = address.searchParams.get("token");
  let problem: string | null = null;
  if (token !== null) {
    address.searchParams.delete("token");
    history.replaceState(history.state, "", address.href);
    problem = await exchange(token);
  }
  try {
    const response = await fetch(SESSION_URL, { headers: { accept: "application/json" } });
    const body = (await response.json()) as { canWrite?: unknown };
    return { canWrite: body.canWrite === true, problem };
  } catch {
    return { canWrite: false, problem };
  }
}

/** POSTs the token; the server's sentence when it refuses it, else null. */
async function exchange(token: string): Promise<string | null> {
  try {
    const response = await fetch(SESSION_URL, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ token }),
    });
    if (response.ok) return null;
    const body = (await response.json().catch(() => ({}))) as { errors?: { message?: string }[] };
    return body.errors?.[0]?.message ?? `The server answered ${response.status} to the token.`;
  } catch (error) {
    return `The token could not be sent (${String(error)}).`;
  }
}
