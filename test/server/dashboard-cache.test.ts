import { readdirSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { isObjectType, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAppSchema } from "../../src/graphql/index.js";
import { LIVE_QUERY_FIELDS, SNAPSHOT_BOUND_QUERY_FIELDS } from "../../src/server/dashboard-etag.js";
import { PersistedQueryCache } from "../../src/server/persisted-query-cache.js";
import {
  loadTrustedDocuments,
  sha256Hex,
  type TrustedDocuments,
} from "../../src/server/trusted-documents.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { copyTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";

/** What a dashboard sends with every GET: Apollo's CSRF prevention needs the header (a form cannot send it). */
const DASHBOARD_HEADERS = { "apollo-require-preflight": "true", accept: "application/json" };
const NORTH_2024 = {
  filter: { areas: ["north"], fundingSources: ["TOTAL"], stages: ["PLAN"] },
  from: 2022,
  to: 2024,
  baseYear: 2022,
};

let server: TestServer;
let copy: string;
let trusted: TrustedDocuments;

beforeAll(async () => {
  copy = await copyTestWarehouse();
  server = await startTestServer({ warehousePath: copy });
  trusted = await loadTrustedDocuments();
});
afterAll(async () => {
  await server?.close();
  if (copy) await rm(dirname(copy), { recursive: true, force: true });
});

/** The manifest hash of the operation named `name` (schema/operations). */
function trustedHash(name: string): string {
  const found = [...trusted].filter(([, document]) =>
    new RegExp(`\\b(query|mutation) ${name}\\b[ ({]`).test(document),
  );
  if (found.length !== 1) throw new Error(`${found.length} trusted documents hold the operation ${name}.`);
  return found[0]![0];
}

interface GetAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
    extensions?: { snapshot?: { runId: string | null } };
  } | null;
}

/** GETs /graphql with the persisted query `hash` and `variables`, as a dashboard does. */
async function getPersisted(
  hash: string,
  variables: object = {},
  headers: Readonly<Record<string, string>> = DASHBOARD_HEADERS,
): Promise<GetAnswer> {
  const url = new URL("graphql", server.url);
  url.searchParams.set("extensions", JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
  url.searchParams.set("variables", JSON.stringify(variables));
  return getUrl(url, headers);
}

async function getUrl(url: URL, headers: Readonly<Record<string, string>>): Promise<GetAnswer> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text === "" ? null : (JSON.parse(text) as GetAnswer["body"]),
  };
}

async function waitForReload(runId: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { data } = await server.execute<{ reloadStatus: { state: string; message: string | null } }>(
      "query ($runId: ID!) { reloadStatus(runId: $runId) { state message } }",
      { runId },
    );
    if (data?.reloadStatus.state === "SUCCEEDED") return;
    if (data?.reloadStatus.state !== "RUNNING") throw new Error(JSON.stringify(data));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Reload ${runId} did not finish in 120 s.`);
}

describe("the trusted documents (codegen's persisted-documents manifest)", () => {
  it("holds every operation of schema/operations, each under the sha256 of its text", () => {
    const operations = readdirSync(join(PROJECT_ROOT, "schema/operations"))
      .filter((file) => file.endsWith(".graphql"))
      .flatMap(
        (file) => parse(readFileSync(join(PROJECT_ROOT, "schema/operations", file), "utf8")).definitions,
      )
      .filter((d) => d.kind === "OperationDefinition")
      .map((d) => d.name?.value);
    expect(operations.length).toBeGreaterThan(40);
    expect(trusted.size).toBe(operations.length);
    for (const name of operations) expect(trusted.get(trustedHash(name!))).toContain(name);
    for (const [hash, document] of trusted) expect(sha256Hex(document)).toBe(hash);
  });

  it("refuses a manifest whose key is not the sha256 of its document, naming the entry", async () => {
    const path = join(dirname(copy), "tampered.json");
    await writeFile(path, JSON.stringify({ [`sha256:${"0".repeat(64)}`]: "query { __typename }" }));
    await expect(loadTrustedDocuments(path)).rejects.toThrow(
      `The trusted documents "${path}" hold "sha256:${"0".repeat(64)}", which is not "sha256:" and the sha256 of its document: run \`npm run codegen\``,
    );
  });
});

describe("GET of a persisted query, with ETag and 304", () => {
  it("answers a trusted hash with the same data as POSTing the operation, cacheable until the snapshot changes", async () => {
    const got = await getPersisted(trustedHash("NorthPlanTrend"), NORTH_2024);
    const posted = await server.execute(trusted.get(trustedHash("NorthPlanTrend"))!, NORTH_2024);
    expect(got.status).toBe(200);
    expect(got.body?.errors).toBeUndefined();
    expect(got.body?.data).toEqual(posted.data);
    expect(got.body?.data?.trend as { from: number; to: number }).toMatchObject({ from: 2022, to: 2024 });
    expect(got.headers.get("etag")).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
    expect(got.headers.get("cache-control")).toBe("public, no-cache");
    expect(got.headers.get("vary")).toBe("Accept, Accept-Encoding");
  });

  it("answers If-None-Match with the same ETag by 304 and no body; other variables get another ETag", async () => {
    const hash = trustedHash("NorthPlanTrend");
    const first = await getPersisted(hash, NORTH_2024);
    const etag = first.headers.get("etag")!;
    const again = await getPersisted(hash, NORTH_2024, { ...DASHBOARD_HEADERS, "if-none-match": etag });
    expect([again.status, again.text, again.headers.get("etag")]).toEqual([304, "", etag]);
    expect(again.headers.get("cache-control")).toBe("public, no-cache");

    const other = await getPersisted(
      hash,
      { ...NORTH_2024, to: 2025 },
      { ...DASHBOARD_HEADERS, "if-none-match": etag },
    );
    expect(other.status).toBe(200);
    expect(other.headers.get("etag")).not.toBe(etag);
    // The media type is part of the answer, so of its ETag.
    const asGraphqlJson = await getPersisted(hash, NORTH_2024, {
      ...DASHBOARD_HEADERS,
      accept: "application/graphql-response+json",
      "if-none-match": etag,
    });
    expect(asGraphqlJson.status).toBe(200);
    expect(asGraphqlJson.headers.get("etag")).not.toBe(etag);
  });

  it("gives a GET with the document in `query` an ETag too", async () => {
    const url = new URL("graphql", server.url);
    url.searchParams.set("query", "{ snapshot { hash } }");
    const first = await getUrl(url, DASHBOARD_HEADERS);
    expect(first.status).toBe(200);
    const again = await getUrl(url, { ...DASHBOARD_HEADERS, "if-none-match": first.headers.get("etag")! });
    expect(again.status).toBe(304);
  });

  it("changes the ETag with a reload: the old one gets the new answer, naming the new run", async () => {
    const hash = trustedHash("Snapshot");
    const before = await getPersisted(hash);
    const oldEtag = before.headers.get("etag")!;
    const oldRun = before.body?.extensions?.snapshot?.runId;
    expect(oldRun).toMatch(/./);

    const started = await server.execute<{ reloadWarehouse: { runId: string } }>(
      "mutation { reloadWarehouse { runId } }",
      {},
      { authorization: `Bearer ${server.adminToken}` },
    );
    await waitForReload(started.data!.reloadWarehouse.runId);

    const after = await getPersisted(hash, {}, { ...DASHBOARD_HEADERS, "if-none-match": oldEtag });
    expect(after.status).toBe(200);
    const newRun = after.body?.extensions?.snapshot?.runId;
    expect(newRun).not.toBe(oldRun);
    expect((after.body?.data?.snapshot as { etlRunId: string }).etlRunId).toBe(newRun);
    expect(after.headers.get("etag")).not.toBe(oldEtag);
    const revalidated = await getPersisted(
      hash,
      {},
      { ...DASHBOARD_HEADERS, "if-none-match": after.headers.get("etag")! },
    );
    expect(revalidated.status).toBe(304);
  });

  it("never caches what changes while a snapshot is served, nor what the admin sees", async () => {
    const notebooks = await getPersisted(trustedHash("NotebookList"));
    expect(notebooks.status).toBe(200);
    expect(notebooks.body?.errors).toBeUndefined();
    expect(notebooks.headers.get("cache-control")).toBe("no-store");
    expect(notebooks.headers.get("etag")).not.toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);

    const asAdmin = await getPersisted(
      trustedHash("Snapshot"),
      {},
      {
        ...DASHBOARD_HEADERS,
        authorization: `Bearer ${server.adminToken}`,
      },
    );
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.headers.get("cache-control")).toBe("no-store");
  });

  it("never caches an answer with errors", async () => {
    const got = await getPersisted(trustedHash("NorthPlanTrend"), { ...NORTH_2024, from: 2030 });
    expect(got.body?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(got.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses a mutation by GET with 405, even with the admin token, and runs nothing", async () => {
    const latestBefore = server.reloads.latest()?.runId ?? null;
    const got = await getPersisted(
      trustedHash("ReloadWarehouse"),
      {},
      {
        ...DASHBOARD_HEADERS,
        authorization: `Bearer ${server.adminToken}`,
      },
    );
    expect(got.status).toBe(405);
    expect(got.headers.get("allow")).toBe("POST");
    expect(got.body?.errors?.[0]?.message).toBe(
      "GET requests only support query operations, not mutation operations",
    );
    expect(server.reloads.latest()?.runId ?? null).toBe(latestBefore);
  });

  it("keeps Apollo's CSRF rule: a GET without the preflight header is refused, also when its ETag matches", async () => {
    const hash = trustedHash("NorthPlanTrend");
    const etag = (await getPersisted(hash, NORTH_2024)).headers.get("etag")!;
    const plain = await getPersisted(hash, NORTH_2024, { accept: "application/json", "if-none-match": etag });
    expect(plain.status).toBe(400);
    expect(plain.body?.errors?.[0]?.message).toContain("Cross-Site Request Forgery");
  });
});

describe("automatic persisted queries (APQ)", () => {
  const query = "query PeriodCodes { periods { code } }";

  it("registers a document sent with its hash, then answers the hash alone", async () => {
    const hash = sha256Hex(query);
    const unknown = await getPersisted(hash);
    expect(unknown.body?.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const registered = await server.execute(query, {}, {});
    expect(registered.errors).toBeUndefined();
    const url = new URL("graphql", server.url);
    url.searchParams.set("query", query);
    url.searchParams.set("extensions", JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
    expect((await getUrl(url, DASHBOARD_HEADERS)).status).toBe(200);
    const byHash = await getPersisted(hash);
    expect(byHash.status).toBe(200);
    expect(byHash.body?.data).toEqual(registered.data);
  });

  it("refuses a document whose hash is not its sha256, and registers nothing", async () => {
    const wrong = "1".repeat(64);
    const url = new URL("graphql", server.url);
    url.searchParams.set("query", "{ periods { code } }");
    url.searchParams.set("extensions", JSON.stringify({ persistedQuery: { version: 1, sha256Hash: wrong } }));
    const answer = await getUrl(url, DASHBOARD_HEADERS);
    expect(answer.body?.errors).toEqual([
      {
        message:
          "The persistedQuery's sha256Hash is not the sha256 of the query sent with it: send the hex sha256 of " +
          "exactly that text, or the hash alone for a document the server knows.",
        extensions: { code: "BAD_PERSISTED_QUERY" },
      },
    ]);
    expect((await getPersisted(wrong)).body?.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("keeps registrations within its size, least recently used out, and the trusted documents always", async () => {
    const trustedDocs = new Map([["a".repeat(64), "query Trusted { years }"]]);
    const cache = new PersistedQueryCache(trustedDocs, 110);
    const doc = (n: number) => `query Q${n} { years } # ${"x".repeat(30)}`;
    for (const n of [1, 2, 3]) await cache.set(`apq:${sha256Hex(doc(n))}`, doc(n));
    expect(cache.registeredBytes).toBe(2 * doc(2).length);
    expect(await cache.get(`apq:${sha256Hex(doc(1))}`)).toBeUndefined();
    expect(await cache.get(`apq:${sha256Hex(doc(3))}`)).toBe(doc(3));
    await cache.set(`apq:${"a".repeat(64)}`, "query Replaced { years }");
    expect(await cache.get(`apq:${"a".repeat(64)}`)).toBe("query Trusted { years }");

    const trustedOnly = new PersistedQueryCache(trustedDocs, 0);
    await trustedOnly.set(`apq:${sha256Hex(doc(1))}`, doc(1));
    expect([await trustedOnly.get(`apq:${sha256Hex(doc(1))}`), trustedOnly.registeredBytes]).toEqual([
      undefined,
      0,
    ]);
  });
});

describe("which Query fields may be cached", () => {
  it("classifies every Query field as snapshot-bound or live, and none as both", async () => {
    const query = (await buildAppSchema()).getQueryType();
    expect(isObjectType(query)).toBe(true);
    const fields = Object.keys(query!.getFields()).sort();
    const classified = [...SNAPSHOT_BOUND_QUERY_FIELDS, ...LIVE_QUERY_FIELDS].filter(
      (f) => !f.startsWith("__"),
    );
    expect(classified.sort()).toEqual(fields);
    expect([...LIVE_QUERY_FIELDS].filter((f) => SNAPSHOT_BOUND_QUERY_FIELDS.has(f))).toEqual([]);
  });
});
