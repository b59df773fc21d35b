import { cp, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runEtl } from "../../etl/run-etl.js";
import {
  DakLakFundingFactsDocument,
  ReloadStatusDocument,
  ReloadWarehouseDocument,
  SnapshotDocument,
} from "../../src/generated/graphql.js";
import { runEtlProcess } from "../../src/server/etl-process.js";
import {
  listKeptSnapshots,
  qualityPagePath,
  rollbackSnapshot,
  snapshotHistoryDir,
} from "../../src/warehouse/index.js";
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from "../support/test-server.js";
import { copyTestWarehouse, DATA_DIR, PROJECT_ROOT } from "../support/test-warehouse.js";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server watching a private copy of the test warehouse (checked every 100 ms besides folder events). */
async function watchingServer(): Promise<{ server: TestServer; warehousePath: string }> {
  const warehousePath = await copyTestWarehouse();
  const server = await startTestServer({ warehousePath, watch: { intervalMs: 100 } });
  cleanups.push(async () => {
    await server.close();
    await rm(dirname(warehousePath), { recursive: true, force: true });
  });
  return { server, warehousePath };
}

async function servedRun(server: TestServer): Promise<string | null> {
  const { data, errors } = await server.execute(SnapshotDocument);
  expect(errors).toBeUndefined();
  return data!.snapshot.etlRunId;
}

async function waitForRun(server: TestServer, runId: string): Promise<void> {
  for (let i = 0; i < 200 && (await servedRun(server)) !== runId; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await servedRun(server)).toBe(runId);
}

describe("a server watching its warehouse path", () => {
  it("serves the snapshot `npm run etl` publishes there, failing none of the requests made meanwhile", async () => {
    const { server, warehousePath } = await watchingServer();
    const before = await servedRun(server);

    // Four clients ask for facts and the snapshot without pause until the new snapshot has been served a while.
    let stop = false;
    const failures: string[] = [];
    const seen = new Set<string | null>();
    let requests = 0;
    const client = async (): Promise<void> => {
      while (!stop) {
        const facts = await server.execute(DakLakFundingFactsDocument, {}).catch((e: Error) => e);
        const snapshot = await server.execute(SnapshotDocument).catch((e: Error) => e);
        requests += 2;
        for (const r of [facts, snapshot]) {
          if (r instanceof Error) failures.push(r.message);
          else if (r.status !== 200 || r.errors !== undefined) failures.push(JSON.stringify(r));
        }
        if (!(snapshot instanceof Error)) seen.add(snapshot.data?.snapshot.etlRunId ?? null);
      }
    };
    const clients = Array.from({ length: 4 }, client);

    const published = await runEtlProcess({
      projectRoot: PROJECT_ROOT,
      dataDir: DATA_DIR,
      dbPath: warehousePath,
    });
    expect(published.exitCode).toBe(0);
    const runId = published.report!.runId;
    await waitForRun(server, runId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(20);
    expect(runId).not.toBe(before);
    expect([...seen]).toEqual([before, runId]);
    expect(server.logs).toContain(
      `Serving the snapshot published at ${warehousePath}: ${published.report!.snapshotHash} (ETL run ${runId})`,
    );
  });

  it("keeps serving, and says degraded, when the file published there is not a warehouse of this model", async () => {
    const { server, warehousePath } = await watchingServer();
    const before = await servedRun(server);
    await writeFile(`${warehousePath}.tmp`, "not a DuckDB file");
    await rename(`${warehousePath}.tmp`, warehousePath);
    const status = async () => ((await server.getJson("health")).body as { status: string }).status;
    for (let i = 0; i < 100 && (await status()) !== "degraded"; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await server.getJson("health")).body).toMatchObject({
      status: "degraded",
      snapshot: { etlRunId: before },
    });
    expect(await servedRun(server)).toBe(before);
    expect(server.logs).toContain(
      `error: The snapshot published at ${warehousePath} was not served: it was built by another version of the ` +
        `model (or is not a warehouse). Load the data again with this version: npm run etl -- --db ${warehousePath}`,
    );

    const published = await runEtl({ dataDir: DATA_DIR, dbPath: warehousePath });
    await waitForRun(server, published.runId);
    expect((await server.getJson("health")).body).toMatchObject({ status: "ok" });
  });

  it("rolls back to the previous kept snapshot, and forward again, each served at once", async () => {
    const { server, warehousePath } = await watchingServer();
    const first = await runEtl({ dataDir: DATA_DIR, dbPath: warehousePath });
    const second = await runEtl({ dataDir: DATA_DIR, dbPath: warehousePath });
    expect([first.status, second.status]).toEqual(["succeeded", "succeeded"]);
    await waitForRun(server, second.runId);
    expect(await listKeptSnapshots(warehousePath)).toEqual([
      {
        runId: first.runId,
        path: join(snapshotHistoryDir(warehousePath), `${first.runId}.duckdb`),
        served: false,
      },
      {
        runId: second.runId,
        path: join(snapshotHistoryDir(warehousePath), `${second.runId}.duckdb`),
        served: true,
      },
    ]);

    expect(await rollbackSnapshot(warehousePath)).toEqual({ from: second.runId, to: first.runId });
    await waitForRun(server, first.runId);
    expect((await listKeptSnapshots(warehousePath)).map((s) => s.served)).toEqual([true, false]);
    await expect(rollbackSnapshot(warehousePath)).rejects.toThrow(
      `The snapshot served at ${warehousePath} (ETL run ${first.runId}) is the oldest one kept: there is none before it.`,
    );

    expect(await rollbackSnapshot(warehousePath, { to: second.runId })).toEqual({
      from: first.runId,
      to: second.runId,
    });
    await waitForRun(server, second.runId);
    await expect(rollbackSnapshot(warehousePath, { to: "20990101T000000Z-000000" })).rejects.toThrow(
      `No kept snapshot of ETL run "20990101T000000Z-000000" in ${snapshotHistoryDir(warehousePath)}. Kept: ${first.runId}, ${second.runId}.`,
    );
  });

  it("keeps the last N published snapshots, never removing the served one", async () => {
    const dir = await mkdtemp(join(PROJECT_ROOT, "test/.tmp-keep-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const dbPath = join(dir, "w.duckdb");
    const runs: string[] = [];
    for (let i = 0; i < 3; i++)
      runs.push((await runEtl({ dataDir: DATA_DIR, dbPath, keepSnapshots: 2 })).runId);
    expect((await listKeptSnapshots(dbPath)).map((s) => [s.runId, s.served])).toEqual([
      [runs[1], false],
      [runs[2], true],
    ]);
  });

  it("links the served snapshot's data-quality page and serves it", async () => {
    const { server, warehousePath } = await watchingServer();
    const published = await runEtl({ dataDir: DATA_DIR, dbPath: warehousePath });
    await waitForRun(server, published.runId);
    const redirect = await fetch(new URL("quality", server.url), { redirect: "manual" });
    expect([redirect.status, redirect.headers.get("location")]).toEqual([302, `quality/${published.runId}`]);
    const page = await fetch(new URL(`quality/${published.runId}`, server.url));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toBe(await readFile(qualityPagePath(warehousePath, published.runId), "utf8"));
    const missing = await fetch(new URL("quality/..%2F..%2Fetc%2Fpasswd", server.url));
    expect([missing.status, await missing.text()]).toEqual([
      404,
      '"../../etc/passwd" is not an ETL run id (such as 20261203T155715Z-3f9c2a).\n',
    ]);
  });
});

describe("reloadWarehouse(source:)", () => {
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

  it("loads a data source named in the configuration, and says which", async () => {
    const warehousePath = await copyTestWarehouse();
    const alt = join(dirname(warehousePath), "alt-data");
    await cp(DATA_DIR, alt, { recursive: true });
    const server = await startTestServer({ warehousePath, dataSources: new Map([["alt", alt]]) });
    cleanups.push(async () => {
      await server.close();
      await rm(dirname(warehousePath), { recursive: true, force: true });
    });
    const started = await server.execute(ReloadWarehouseDocument, { source: "alt" }, admin);
    expect(started.errors).toBeUndefined();
    expect(started.data!.reloadWarehouse).toMatchObject({ source: "alt", state: "RUNNING" });
    await server.reloads.settled();
    const { data } = await server.execute(ReloadStatusDocument, {
      runId: started.data!.reloadWarehouse.runId,
    });
    expect(data!.reloadStatus).toMatchObject({ source: "alt", state: "SUCCEEDED" });
    expect(server.reloads.latest()?.report?.dataDir).toBe(alt);
    expect(await servedRun(server)).toBe(data!.reloadStatus.report!.runId);
  });

  it("refuses a name the configuration does not give, suggesting the names it does, and starts nothing", async () => {
    const { server } = await watchingServer();
    const refused = await server.execute(ReloadWarehouseDocument, { source: "../etc" }, admin);
    expect(refused.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      [
        'Unknown data source "../etc" in argument "source": the server\'s configuration names "default" ' +
          "(KC_DATA_SOURCES). A reload loads a named folder, never a path.",
        "BAD_USER_INPUT",
      ],
    ]);
    expect(server.reloads.latest()).toBeUndefined();
  });
});
