import type { RequestHandler } from "express";

/** The names every server answers to: loopback, which no other site's DNS can point at. */
export const LOOPBACK_HOSTS: ReadonlyArray<string> = Object.freeze(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A host name or address as the Host header carries it: lower case, IPv6 in brackets, no trailing dot.
 * Returns null for what is not a bare host (a scheme, a path, a port, spaces).
 *
 * @example normalizeHost("::1") // → "[::1]"
 */
export function normalizeHost(text: string): string | null {
  let host = text.trim().toLowerCase();
  if (host.includes(":") && !host.startsWith("[")) host = `[${host}]`;
  if (host.endsWith(".")) host = host.slice(0, -1);
  const ok = /^(?:\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*)$/.test(host);
  return ok ? host : null;
}

/** An IPv4 or bracketed IPv6 address, as browsers write them in a Host header. */
function isIpAddress(host: string): boolean {
  return /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/.test(host);
}

/** The host of a Host header (`name:port` or `[v6]:port`), normalized; null when there is none. */
function hostOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(header.trim());
  return match === null ? null : normalizeHost(match[1]);
}

/**
 * Rejects, before routing, a request whose Host header is neither an IP address nor one of `allowed`
 * (normalized names; `*` allows any): a page on another site that rebinds its own name to this server's address
 * (DNS rebinding) sends its own name as Host, so it gets a 403 instead of the notebooks. An IP address cannot be
 * rebound (a page at `http://10.0.0.5:4000/` is this server's own origin), so `HOST=0.0.0.0` works by address
 * with no setting; names other than localhost must be listed. The answer says which host and which setting.
 */
export function hostCheck(allowed: ReadonlyArray<string>): RequestHandler {
  if (allowed.includes("*")) return (_req, _res, next) => next();
  const names: ReadonlySet<string> = new Set(allowed);
  const shownNames = [...names].filter((name) => !isIpAddress(name)).join(", ");
  return (req, res, next) => {
    const host = hostOf(req.headers.host);
    if (host !== null && (names.has(host) || isIpAddress(host))) {
      next();
      return;
    }
    const shown = (req.headers.host ?? "").slice(0, 100);
    const message =
      `This server does not answer to the host "${shown}": it answers to IP addresses and to ${shownNames}. ` +
      `To serve it under that name, add it to --allowed-hosts or KC_ALLOWED_HOSTS (comma-separated).`;
    res.status(403);
    if (req.path.startsWith("/graphql")) {
      res.json({ errors: [{ message, extensions: { code: "HOST_NOT_ALLOWED" } }] });
    } else {
      res.type("text/plain").send(`${message}\n`);
    }
  };
}
