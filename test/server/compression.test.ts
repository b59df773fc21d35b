import { readFileSync } from "node:fs";
import { request, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebIfStale } from "../support/browser.js";
import { operation } from "../support/operations.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

// Raw HTTP (node:http, not fetch, which would decompress): the bytes on the wire and their headers.

let server: TestServer;
let webDir: string;
/** The notebook page's script, e.g. assets/index-B4fJxNq6.js. */
let script: string;

beforeAll(async () => {
  webDir = await buildWebIfStale();
  server = await startTestServer({ warehousePath: await buildTestWarehouse(), webDir });
  script = /src="\.\/(assets\/index-[\w-]+\.js)"/.exec(readFileSync(join(webDir, "index.html"), "utf8"))![1]!;
});
afterAll(() => server?.close());

interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

function raw(
  path: string,
  headers: Readonly<Record<string, string>> = {},
  method = "GET",
  body?: string,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("compression", () => {
  it("sends a script brotli-compressed to a browser that accepts br, and the bytes decompress to the file", async () => {
    const file = readFileSync(join(webDir, script));
    const answer = await raw(script, { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe("br");
    expect(answer.headers.vary).toContain("Accept-Encoding");
    expect(answer.body.length).toBeLessThan(file.length / 2);
    expect(brotliDecompressSync(answer.body).equals(file)).toBe(true);
  });

  it("sends gzip to a client that accepts only gzip, and the file as it is to one that accepts nothing", async () => {
    const file = readFileSync(join(webDir, script));
    const gzip = await raw(script, { "accept-encoding": "gzip" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).equals(file)).toBe(true);
    const plain = await raw(script);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.equals(file)).toBe(true);
  });

  it("compresses GraphQL answers", async () => {
    const body = JSON.stringify({ query: operation("trend", "NorthPlanTrend") });
    const headers = { "content-type": "application/json", "accept-encoding": "br" };
    const answer = await raw("graphql", headers, "POST", body);
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe("br");
    const result = JSON.parse(brotliDecompressSync(answer.body).toString("utf8")) as {
      data: { trend: { series: { points: { year: number }[] }[] } };
    };
    expect(result.data.trend.series[0]!.points.map((p) => p.year)).toEqual([2021, 2022, 2023, 2024, 2025]);
  });
});

describe("caching of the web UI", () => {
  it("lets browsers keep hashed assets for a year without asking again", async () => {
    const answer = await raw(script, { "accept-encoding": "br" });
    expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("has the pages revalidated on every visit, answering an unchanged page with 304", async () => {
    for (const page of ["/", "/playground/"]) {
      const first = await raw(page);
      expect(first.status).toBe(200);
      expect(first.headers["cache-control"]).toBe("no-cache");
      expect(first.headers.etag).toMatch(/^W\/"/);
      const again = await raw(page, { "if-none-match": first.headers.etag! });
      expect([again.status, again.body.length]).toEqual([304, 0]);
    }
  });
});
