import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/server/config.js";
import { hostCheck } from "../../src/server/host-check.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One request over real HTTP with the Host header we choose (fetch would set its own). */
function request(
  url: URL,
  options: { method?: string; host?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? "GET",
        headers: { host: options.host ?? url.host, ...options.headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const graphqlPost = (query: string): Parameters<typeof request>[1] => ({
  method: "POST",
  body: JSON.stringify({ query }),
  headers: { "content-type": "application/json" },
});

/** The CSP as directive → sources. */
function policy(headers: http.IncomingHttpHeaders): Map<string, string[]> {
  const text = String(headers["content-security-policy"] ?? "");
  return new Map(
    text
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== "")
      .map(([name, ...sources]) => [name, sources]),
  );
}

function expectSecurityHeaders(reply: Reply): void {
  const csp = policy(reply.headers);
  expect(csp.get("script-src")).toEqual(["'self'"]);
  expect(csp.get("script-src-attr")).toEqual(["'none'"]);
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'none'"]);
  expect(reply.headers["x-content-type-options"]).toBe("nosniff");
  expect(reply.headers["x-frame-options"]).toBe("DENY");
  expect(reply.headers["referrer-policy"]).toBe("no-referrer");
  expect(reply.headers["x-powered-by"]).toBeUndefined();
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    warehousePath: await buildTestWarehouse(),
    webDir: join(PROJECT_ROOT, "src/web/dist"),
  });
});
afterAll(() => server?.close());

describe("security headers", () => {
  it.each(["/", "/playground/", "/health", "/assets/no-such-file.js"])(
    "are on GET %s: a strict CSP without inline script, nosniff, no framing, no referrer",
    async (path) => {
      expectSecurityHeaders(await request(new URL(path, server.url)));
    },
  );

  it("are on POST /graphql and on its errors", async () => {
    const ok = await request(new URL("/graphql", server.url), graphqlPost("{ snapshot { hash } }"));
    expect(ok.status).toBe(200);
    expectSecurityHeaders(ok);
    const bad = await request(new URL("/graphql", server.url), {
      ...graphqlPost("{"),
      body: "{ not json",
    });
    expect(bad.status).toBe(400);
    expectSecurityHeaders(bad);
  });

  it("serve pages with no inline script", async () => {
    for (const path of ["/", "/playground/"]) {
      const page = await request(new URL(path, server.url));
      for (const tag of page.body.match(/<script\b[^>]*>/gi) ?? []) expect(tag).toMatch(/\ssrc=/);
      expect(page.body).not.toMatch(/\son[a-z]+=/i);
    }
  });
});

describe("the Host check", () => {
  it.each(["localhost", "127.0.0.1", "[::1]", "LOCALHOST."])("answers a request for %s", async (name) => {
    const reply = await request(new URL("/health", server.url), { host: `${name}:${server.url.port}` });
    expect(reply.status).toBe(200);
  });

  it("refuses a page for another site's name with a sentence naming the host and the setting", async () => {
    const reply = await request(new URL("/", server.url), { host: "rebind.attacker.example:4000" });
    expect(reply.status).toBe(403);
    expect(reply.headers["content-type"]).toMatch(/^text\/plain/);
    expect(reply.body).toBe(
      'This server does not answer to the host "rebind.attacker.example:4000": it answers to IP addresses and to localhost. ' +
        "To serve it under that name, add it to --allowed-hosts or KC_ALLOWED_HOSTS (comma-separated).\n",
    );
    expectSecurityHeaders(reply);
  });

  it("refuses /graphql for another name with a GraphQL error", async () => {
    const reply = await request(new URL("/graphql", server.url), {
      ...graphqlPost("{ snapshot { hash } }"),
      host: "rebind.attacker.example",
    });
    expect(reply.status).toBe(403);
    const body = JSON.parse(reply.body) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe("HOST_NOT_ALLOWED");
    expect(body.errors[0].message).toContain('"rebind.attacker.example"');
    expect(body.errors[0].message).toContain("KC_ALLOWED_HOSTS");
  });

  it("answers any IP address, which no other site can rebind, so HOST=0.0.0.0 works by address", async () => {
    for (const host of ["192.168.1.20:4000", "[fe80::1]:4000", "10.0.0.5"]) {
      expect((await request(new URL("/health", server.url), { host })).status).toBe(200);
    }
  });
});

describe("--allowed-hosts / KC_ALLOWED_HOSTS", () => {
  it("defaults to loopback and the --host the server listens on, unless that is every interface", () => {
    expect(loadConfig([], {}).allowedHosts).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(loadConfig(["--host", "10.0.0.5"], {}).allowedHosts).toEqual([
      "localhost",
      "127.0.0.1",
      "[::1]",
      "10.0.0.5",
    ]);
    expect(loadConfig([], { HOST: "0.0.0.0" }).allowedHosts).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(loadConfig(["--host", "::"], {}).allowedHosts).toEqual(["localhost", "127.0.0.1", "[::1]"]);
  });

  it("adds the listed names, and the flag wins over the environment", () => {
    const env = { KC_ALLOWED_HOSTS: "Analytics.Example.org, fe80::1" };
    expect(loadConfig([], env).allowedHosts).toEqual([
      "localhost",
      "127.0.0.1",
      "[::1]",
      "analytics.example.org",
      "[fe80::1]",
    ]);
    expect(loadConfig(["--allowed-hosts", "kc.lan"], env).allowedHosts).toContain("kc.lan");
    expect(loadConfig(["--allowed-hosts", "kc.lan"], env).allowedHosts).not.toContain(
      "analytics.example.org",
    );
  });

  it("rejects a URL or a port with a sentence naming the value", () => {
    expect(() => loadConfig([], { KC_ALLOWED_HOSTS: "https://kc.lan" })).toThrow(
      new ConfigError(
        '--allowed-hosts / KC_ALLOWED_HOSTS has "https://kc.lan": give host names or addresses without scheme, port or path, separated by commas (example: analytics.example.org,kc.lan).',
      ),
    );
    expect(() => loadConfig(["--allowed-hosts", "kc.lan:4000"], {})).toThrow(/"kc\.lan:4000"/);
  });

  it("lets a configured name through over HTTP and still refuses others; * lets every name through", async () => {
    const named = await serveHostCheck(
      loadConfig([], { KC_ALLOWED_HOSTS: "analytics.example.org" }).allowedHosts,
    );
    const any = await serveHostCheck(loadConfig([], { KC_ALLOWED_HOSTS: "*" }).allowedHosts);
    try {
      expect((await request(named.url, { host: "analytics.example.org" })).status).toBe(200);
      expect((await request(named.url, { host: "analytics.example.org:8080" })).status).toBe(200);
      expect((await request(named.url, { host: "other.example.org" })).status).toBe(403);
      expect((await request(any.url, { host: "other.example.org" })).status).toBe(200);
    } finally {
      await named.close();
      await any.close();
    }
  });
});

/** The Host check alone in front of a page that says "ok", on a random port. */
async function serveHostCheck(
  allowedHosts: ReadonlyArray<string>,
): Promise<{ readonly url: URL; close(): Promise<void> }> {
  const app = express();
  app.use(hostCheck(allowedHosts));
  app.get("/", (_req, res) => void res.send("ok"));
  const listener = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => listener.once("listening", resolve));
  return {
    url: new URL(`http://127.0.0.1:${(listener.address() as AddressInfo).port}/`),
    close: () => new Promise((resolve) => listener.close(() => resolve())),
  };
}
