import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { requestOnce } from "../support/server-process.js";
import { copyTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";

// `npm run serve:replicas -- --replicas 3`: Debian's real nginx (scripts/test.mjs installs it) with
// deploy/nginx/khuyen-cong.conf in front of one writer and three read replicas following a snapshot store,
// all real processes on real ports, loaded by autocannon with 64 connections.

const PORT = 4680;
const NGINX = `http://127.0.0.1:${PORT}`;
const REPLICA_PORTS = [PORT + 2, PORT + 3, PORT + 4];
const OTHER_DATA = join(PROJECT_ROOT, "test/fixtures/valid-variants");

let warehousePath: string;
let dir: string;
let output = "";
let launcher: ReturnType<typeof spawn>;
let trendQuery: string;
let notebooksDir: string;
const WRITE_TOKEN = "replicas-write-token-4680";
const run = promisify(execFile);

beforeAll(async () => {
  warehousePath = await copyTestWarehouse();
  dir = await mkdtemp(join(tmpdir(), "kc-serve-replicas-"));
  notebooksDir = await mkdtemp(join(tmpdir(), "kc-serve-replicas-notebooks-"));
  const operations = await readFile(join(PROJECT_ROOT, "schema/operations/trend.graphql"), "utf8");
  trendQuery = operations.slice(operations.indexOf("query NorthPlanTrend"));
  trendQuery = trendQuery.slice(0, trendQuery.indexOf("\n}\n") + 2);
  launcher = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/serve-replicas.ts",
      "--replicas",
      "3",
      "--port",
      String(PORT),
      "--db",
      warehousePath,
      "--dir",
      dir,
      "--notebooks",
      notebooksDir,
    ],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_ENV: "production", KC_WRITE_TOKEN: WRITE_TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve:replicas was not ready within 150 s:\n${output}`)),
      150_000,
    );
    for (const stream of [launcher.stdout!, launcher.stderr!])
      stream.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (/^Ready\.$/m.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
    launcher.once("exit", (code) => reject(new Error(`serve:replicas exited with ${code}:\n${output}`)));
  });
}, 180_000);

afterAll(async () => {
  if (launcher?.exitCode === null) {
    const exited = new Promise((resolve) => launcher.once("exit", resolve));
    launcher.kill("SIGTERM");
    await exited;
  }
  for (const path of [dir, notebooksDir, dirname(warehousePath)])
    await rm(path, { recursive: true, force: true, maxRetries: 3 });
  // serve:replicas stopped nginx, the replicas and the writer, and said so with exit code 0.
  expect(launcher.exitCode).toBe(0);
}, 60_000);

/**
 * `npm run etl -- --data DIR --db FILE --json` in a process of its own, as an operator or a cron job runs it
 * (in this process its JavaScript would hold up the load's own timers).
 */
async function etlInProcessOfItsOwn(
  dataDir: string,
  dbPath: string,
): Promise<{ status: string; snapshotHash: string | null }> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "etl/cli.ts", "--data", dataDir, "--db", dbPath, "--json"],
    { cwd: PROJECT_ROOT, env: { ...process.env, NODE_NO_WARNINGS: "1" }, maxBuffer: 20 << 20 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { status: string; snapshotHash: string | null };
}

async function replicaHash(port: number): Promise<string | null> {
  const response = await requestOnce(`http://127.0.0.1:${port}/health`).catch(() => null);
  if (response?.status !== 200) return null;
  return (JSON.parse(response.body) as { snapshot: { hash: string | null } }).snapshot.hash;
}

/** autocannon against nginx: 64 connections POSTing the trend, each answer filed under the snapshot it names. */
/** A 64-connection load through nginx for `seconds`, or until `stop()`; `done` is its result. */
function load(
  seconds: number,
  answers: Map<string, Set<string>>,
): { readonly done: Promise<autocannon.Result>; stop(): void } {
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options(seconds, answers), (error: unknown, result) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
  });
  return { done, stop: () => instance?.stop() };
}

function options(seconds: number, answers: Map<string, Set<string>>): autocannon.Options {
  return {
    url: NGINX,
    connections: 64,
    duration: seconds,
    // As long as nginx waits for a replica (proxy_read_timeout 40s): on a busy 2-core machine 64 connections
    // can queue a request for more than autocannon's default 10 s, which is slow, not failed.
    timeout: 40,
    requests: [
      {
        method: "POST",
        path: "/graphql",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: trendQuery }),
        onResponse: (status, body) => {
          if (status !== 200) return;
          const { data, extensions } = JSON.parse(body) as {
            data: unknown;
            extensions: { snapshot: { hash: string } };
          };
          const hash = extensions.snapshot.hash;
          if (!answers.has(hash)) answers.set(hash, new Set());
          answers.get(hash)!.add(JSON.stringify(data));
        },
      },
    ],
  };
}

describe("nginx in front of a writer and three read replicas", () => {
  it("sends a write (it carries a token) to the writer; a replica asked directly refuses it", async () => {
    const create = (base: string) =>
      requestOnce(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${WRITE_TOKEN}` },
        body: JSON.stringify({
          query: 'mutation { createNotebook(name: "routed", title: "Routed") { name } }',
        }),
      }).then(
        (r) => JSON.parse(r.body) as { data: unknown; errors?: Array<{ extensions: { code: string } }> },
      );
    expect((await create(NGINX)).data).toEqual({ createNotebook: { name: "routed" } });
    expect(await readdir(notebooksDir)).toEqual(["routed.md"]);
    const refused = await create(`http://127.0.0.1:${REPLICA_PORTS[0]}`);
    expect(refused.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    // Reads need no token: they go to the replicas, which read the same notebooks folder.
    const list = await requestOnce(`${NGINX}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ notebooks { name } }" }),
    });
    expect(JSON.parse(list.body)).toMatchObject({ data: { notebooks: [{ name: "routed" }] } });
  });

  it("answers the data-quality page of the snapshot served from the writer, which a replica keeps none of", async () => {
    const health = JSON.parse((await requestOnce(`${NGINX}/health`)).body) as {
      snapshot: { etlRunId: string };
    };
    const runId = health.snapshot.etlRunId;
    const page = await requestOnce(`${NGINX}/quality/${runId}`);
    expect([page.status, page.headers["content-type"]]).toEqual([200, "text/html; charset=utf-8"]);
    expect(page.body).toContain(runId);
    const replica = await requestOnce(`http://127.0.0.1:${REPLICA_PORTS[0]}/quality/${runId}`);
    expect([replica.status, replica.body]).toEqual([
      404,
      `No data-quality page for ETL run ${runId} here: the last 50 runs keep theirs beside the warehouse that ` +
        `ran them. A read replica has none (behind deploy/nginx, /quality goes to the writer).\n`,
    ]);
  });

  it("keeps a persisted GET for a second or two, then revalidates it by ETag (304 from any replica of one release)", async () => {
    const manifest = JSON.parse(
      await readFile(join(PROJECT_ROOT, "src/generated/persisted/persisted-documents.json"), "utf8"),
    ) as Record<string, string>;
    const hash = Object.keys(manifest)
      .find((key) => /query NorthPlanTrend\b/.test(manifest[key]!))!
      .replace("sha256:", "");
    const url = `${NGINX}/graphql?extensions=${encodeURIComponent(
      JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }),
    )}`;
    const get = () => requestOnce(url, { headers: { "apollo-require-preflight": "true" } });
    const first = await get();
    expect([first.status, first.headers["x-cache-status"]]).toEqual([200, "MISS"]);
    expect((await get()).headers["x-cache-status"]).toBe("HIT");
    // nginx counts validity in whole seconds: "1s" is over within 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const again = await get();
    expect([again.status, again.headers["x-cache-status"], again.body]).toEqual([
      200,
      "REVALIDATED",
      first.body,
    ]);
  });

  it("serves a snapshot published under a 64-connection load on every replica within 10 s, failing no request", async () => {
    const before = await replicaHash(REPLICA_PORTS[0]!);
    const manifestPath = join(dir, "store", "manifest.json");
    const manifestBefore = await readFile(manifestPath, "utf8");
    const answers = new Map<string, Set<string>>();
    // Runs until 3 s after every replica serves the new snapshot (stopped below; 60 s at most), so that the load
    // spans the swap however long the load and publication take on a busy machine.
    const loading = load(60, answers);
    onTestFinished(() => loading.stop());
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // A load of other data into the writer's warehouse file: the writer swaps and publishes it to the store.
    const published = await etlInProcessOfItsOwn(OTHER_DATA, warehousePath);
    expect(published.status).toBe("succeeded");
    // The replicas' 10 s count from the snapshot's publication in the store (the writer's copy into the store
    // and its hash take a few seconds of their own on a busy machine).
    for (let i = 0; (await readFile(manifestPath, "utf8")) === manifestBefore; i++) {
      if (i > 300)
        throw new Error(`The writer did not publish the new snapshot to ${manifestPath} within 30 s.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const publishedAt = Date.now();
    const after = published.snapshotHash!;
    expect(after).not.toBe(before);
    let hashes: Array<string | null> = [];
    while (Date.now() - publishedAt < 10_000) {
      hashes = await Promise.all(REPLICA_PORTS.map(replicaHash));
      if (hashes.every((hash) => hash === after)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Each replica logs how long it took to notice, copy and verify, and open the snapshot.
    const served = output.split("\n").filter((line) => line.includes(`Serving the snapshot ${after}`));
    expect(hashes, served.join("\n")).toEqual([after, after, after]);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    loading.stop();
    const result = await loading.done;

    expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({
      errors: 0,
      timeouts: 0,
      non2xx: 0,
    });
    expect(result.requests.total).toBeGreaterThan(200);
    // Each answer's figures and the snapshot it names come from one snapshot: one body per snapshot.
    expect([...answers.keys()].sort()).toEqual([after, before].sort());
    expect([...answers.values()].map((bodies) => bodies.size)).toEqual([1, 1]);
    expect([...answers.get(before!)!][0]).not.toBe([...answers.get(after)!][0]);
  }, 90_000);

  it("routes around a replica killed mid-load: nginx retries what it had in flight, no request fails", async () => {
    const pid = Number(/replica 2 \(pid (\d+)\) ready/.exec(output)![1]);
    const loading = load(6, new Map());
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    process.kill(pid, "SIGKILL");
    const result = await loading.done;
    expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({
      errors: 0,
      timeouts: 0,
      non2xx: 0,
    });
    expect(result.requests.total).toBeGreaterThan(50);
    expect(await replicaHash(REPLICA_PORTS[1]!)).toBeNull();
    expect((await requestOnce(`${NGINX}/health`)).status).toBe(200);
  }, 30_000);
});
