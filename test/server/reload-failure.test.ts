import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  ReloadStatusDocument,
  ReloadWarehouseDocument,
  SnapshotDocument,
  type ReloadStatusQuery,
} from "../../src/generated/graphql.js";
import { parseReport, type runEtlProcess } from "../../src/server/etl-process.js";
import { createApp } from "../../src/server/create-app.js";
import type { Logger } from "../../src/server/logger.js";
import { EtlReloadService } from "../../src/server/reload-service.js";
import { ServedSnapshots } from "../../src/server/served-snapshots.js";
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse, copyTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
const bearer = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

type Reload = NonNullable<ReloadStatusQuery["reloadStatus"]>;
type Served = { readonly hash: string | null; readonly etlRunId: string | null };

/** The subset of the test server these cases use, so a hand-built server fits too. */
type Server = Pick<TestServer, "execute" | "getJson" | "close">;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function reload(server: Server): Promise<Reload> {
  const started = await server.execute(ReloadWarehouseDocument, {}, bearer);
  expect(started.errors).toBeUndefined();
  const runId = started.data!.reloadWarehouse.runId;
  for (let i = 0; i < 600; i++) {
    const { data, errors } = await server.execute(ReloadStatusDocument, { runId });
    expect(errors).toBeUndefined();
    if (data!.reloadStatus.state !== "RUNNING") return data!.reloadStatus;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Reload ${runId} did not finish in 60 s.`);
}

async function served(server: Server): Promise<Served> {
  const { data, errors } = await server.execute(SnapshotDocument);
  expect(errors).toBeUndefined();
  return { hash: data!.snapshot.hash, etlRunId: data!.snapshot.etlRunId };
}

/** FAILED with `message`, the old snapshot still served and /health saying so; the file is byte for byte the same. */
async function expectFailedReload(
  server: Server,
  warehouse: { path: string; sha256: string; served: Served },
  message: RegExp,
): Promise<Reload> {
  const failed = await reload(server);
  expect(failed.state).toBe("FAILED");
  expect(failed.message).toMatch(message);
  expect(await served(server)).toEqual(warehouse.served);
  const health = await server.getJson("health");
  expect(health).toEqual({
    status: 200,
    body: {
      status: "degraded",
      snapshot: { ...warehouse.served, loadedAt: expect.any(String) },
      reload: { runId: failed.runId, state: "failed", etlRunId: null, finishedAt: failed.finishedAt },
    },
  });
  expect(await sha256(warehouse.path)).toBe(warehouse.sha256);
  const leftovers = (await readdir(dirname(warehouse.path))).filter((n) => n.includes(".next-"));
  expect(leftovers).toEqual([]);
  return failed;
}

async function servedCopy(path?: string): Promise<{ path: string; sha256: string }> {
  const copy = path ?? (await copyTestWarehouse());
  if (path === undefined) cleanups.push(() => rm(dirname(copy), { recursive: true, force: true }));
  return { path: copy, sha256: await sha256(copy) };
}

describe("a reload whose ETL fails at the publish (the real ETL CLI in a child process)", () => {
  it("is FAILED with the ETL's reason, keeps serving the old snapshot and recovers on the next reload", async () => {
    const warehouse = await servedCopy();
    // The run log cannot be appended to: the ETL renames its snapshot in, fails to record it and puts the old back.
    const runLog = `${warehouse.path}.runs.jsonl`;
    await mkdir(runLog);
    const server = await startTestServer({ warehousePath: warehouse.path });
    cleanups.push(() => server.close());
    const before = await served(server);

    const failed = await expectFailedReload(
      server,
      { ...warehouse, served: before },
      /^The ETL failed, so the server keeps serving the previous snapshot\. The new snapshot could not be published: The run log ".*runs\.jsonl" could not be written: EISDIR/,
    );
    expect(failed.report).toMatchObject({ status: "FAILED", snapshotHash: null });
    expect(failed.report!.runId).not.toBe(before.etlRunId);

    await rm(runLog, { recursive: true });
    const succeeded = await reload(server);
    expect(succeeded).toMatchObject({ state: "SUCCEEDED", message: null });
    expect((await server.getJson("health")).body).toMatchObject({
      status: "ok",
      snapshot: { etlRunId: succeeded.report!.runId, hash: before.hash },
      reload: { runId: succeeded.runId, state: "succeeded", etlRunId: succeeded.report!.runId },
    });
  });

  it("is FAILED on a full disk (a real 10 MB tmpfs), leaving the served file as it was", async (ctx) => {
    const point = await mkdtemp(join(tmpdir(), "kc-reload-tmpfs-"));
    cleanups.push(() => rm(point, { recursive: true, force: true }));
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=10m", "tmpfs", point], {
      encoding: "utf8",
    });
    if (mounted.status !== 0) {
      ctx.skip(
        `mounting a tmpfs is not permitted here (${(mounted.stderr || String(mounted.error)).trim()})`,
      );
      return;
    }
    cleanups.push(async () => void spawnSync("umount", [point]));
    // The served snapshot (7.5 MB) fits; a second one beside it does not.
    const path = join(point, "khuyen-cong.duckdb");
    await copyFile(await buildTestWarehouse(), path);
    const warehouse = await servedCopy(path);
    const server = await startTestServer({ warehousePath: path });
    cleanups.push(() => server.close());

    const failed = await expectFailedReload(
      server,
      { ...warehouse, served: await served(server) },
      /^The ETL failed, so the server keeps serving the previous snapshot\. .*No space left on device/,
    );
    expect(failed.report?.status).toBe("FAILED");
    expect((await readdir(point)).sort()).toEqual([
      "khuyen-cong.duckdb",
      "khuyen-cong.duckdb.reports",
      "khuyen-cong.duckdb.runs.jsonl",
    ]);
  });
});

describe("a reload whose ETL reports success but whose snapshot cannot be served", () => {
  /** The app over real HTTP, its reloads run by `runEtl` instead of the CLI. */
  async function serverWith(path: string, runEtl: typeof runEtlProcess): Promise<Server> {
    const logger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
    const snapshots = await ServedSnapshots.open(path, { poolSize: 2 });
    const reloads = new EtlReloadService({
      snapshots,
      projectRoot: PROJECT_ROOT,
      dataDir: join(PROJECT_ROOT, "data"),
      warehousePath: path,
      logger,
      runEtl,
    });
    const app = await createApp({
      snapshots,
      reloads,
      adminToken: TEST_ADMIN_TOKEN,
      webDir: join(PROJECT_ROOT, "src/web/dist"),
      logger,
    });
    const url = await app.listen(0, "127.0.0.1");
    const server: Server = {
      async execute(document, variables, headers = {}) {
        const { print } = await import("graphql");
        const response = await fetch(new URL("graphql", url), {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({
            query: typeof document === "string" ? document : print(document),
            variables,
          }),
        });
        const body = (await response.json()) as { data?: never; errors?: never };
        return { status: response.status, data: body.data, errors: body.errors };
      },
      async getJson(path) {
        const response = await fetch(new URL(path, url));
        return { status: response.status, body: (await response.json()) as unknown };
      },
      async close() {
        await app.close();
        await reloads.settled();
        await snapshots.close();
      },
    };
    cleanups.push(() => server.close());
    return server;
  }

  const succeeded = (runId: string) => ({
    exitCode: 0,
    stderrTail: [],
    report: parseReport(JSON.stringify({ runId, status: "succeeded", snapshotHash: "f".repeat(64) })),
  });

  it("is FAILED when the file the ETL published cannot be opened", async () => {
    const warehouse = await servedCopy();
    const garbage = join(dirname(warehouse.path), "garbage.duckdb");
    const server = await serverWith(warehouse.path, async () => {
      await writeFile(garbage, "not a DuckDB file");
      await rename(garbage, warehouse.path);
      return succeeded("20990101T000000Z-aaaaaa");
    });
    const before = await served(server);
    const failed = await reload(server);
    expect(failed.state).toBe("FAILED");
    expect(failed.message).toMatch(
      /^The ETL succeeded but the new snapshot could not be opened, so the server keeps serving the previous snapshot\. .*"[^"]*khuyen-cong\.duckdb".* not a valid DuckDB database file/,
    );
    expect(await served(server)).toEqual(before);
    expect((await server.getJson("health")).body).toMatchObject({
      status: "degraded",
      snapshot: before,
      reload: { runId: failed.runId, state: "failed", etlRunId: null },
    });
  });

  it("is FAILED when the file still holds the previous snapshot, not the run the ETL reported", async () => {
    const warehouse = await servedCopy();
    const server = await serverWith(warehouse.path, async () => succeeded("20990101T000000Z-bbbbbb"));
    const before = await served(server);
    await expectFailedReload(
      server,
      { ...warehouse, served: before },
      new RegExp(
        `^The ETL succeeded but the new snapshot could not be opened, so the server keeps serving the previous snapshot\\. ` +
          `The warehouse ".*${basename(warehouse.path)}" holds the snapshot of ETL run ${before.etlRunId}, not that of run 20990101T000000Z-bbbbbb: the new snapshot was not published\\.$`,
      ),
    );
  });
});
