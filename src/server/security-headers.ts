import helmet from "helmet";
import type { RequestHandler } from "express";

/**
 * The Content-Security-Policy of every response. Scripts come only from our own files (the Vite build has no
 * inline script, and nothing needs `eval`); inline styles are allowed because Observable Plot puts a `<style>`
 * in each chart and GraphiQL's Monaco editor injects its styles at run time, never inline scripts. Images and
 * fonts may also be `data:` URLs (GraphiQL's stylesheet uses them); nothing is loaded from another site, so a
 * notebook cannot make its reader's browser call out. No page may frame ours (`frame-ancestors 'none'`).
 */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, ReadonlyArray<string>>> = Object.freeze({
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "script-src-attr": ["'none'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "worker-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
});

/**
 * helmet with our policy: CSP above, `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`,
 * `Referrer-Policy: no-referrer`, `Cross-Origin-Opener-Policy` and `-Resource-Policy: same-origin`. No HSTS: this
 * server speaks plain HTTP; a TLS proxy in front of it sets its own.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: false,
  });
}
