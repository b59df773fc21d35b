import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import express from "express";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { runEtl } from "../../etl/run-etl.js";
import { SnapshotDocument } from "../../src/generated/graphql.js";
import { consoleLogger } from "../../src/server/logger.js";
import { ServedSnapshots } from "../../src/server/served-snapshots.js";
import { snapshotEvents } from "../../src/server/snapshot-events.js";
import { openEventStream } from "../support/event-stream.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse, copyTestWarehouse, DATA_DIR } from "../support/test-warehouse.js";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function watchingServer(): Promise<{ server: TestServer; warehousePath: string }> {
  const warehousePath = await copyTestWarehouse();
  const server = await startTestServer({ warehousePath, watch: { intervalMs: 100 } });
  cleanups.push(async () => {
    await server.close();
    await rm(dirname(warehousePath), { recursive: true, force: true });
  });
  return { server, warehousePath };
}

async function servedSnapshot(server: TestServer): Promise<object> {
  const { data } = await server.execute(SnapshotDocument);
  const { hash, etlRunId, loadedAt } = data!.snapshot;
  return { hash, etlRunId, loadedAt };
}

describe("GET /snapshot-events", () => {
  it("names the served snapshot when the stream opens, and each snapshot published afterwards", async () => {
    const { server, warehousePath } = await watchingServer();
    const stream = await openEventStream(new URL("snapshot-events", server.url), {
      "accept-encoding": "gzip, br",
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    // Not compressed: the compression middleware would hold events back until its buffer fills.
    expect(stream.headers.get("content-encoding")).toBeNull();
    expect(stream.headers.get("x-accel-buffering")).toBe("no");

    const first = await stream.next();
    expect(first.event).toBe("snapshot");
    expect(JSON.parse(first.data)).toEqual(await servedSnapshot(server));

    const published = await runEtl({ dataDir: DATA_DIR, dbPath: warehousePath });
    expect(published.status).toBe("succeeded");
    const second = await stream.next();
    expect([second.event, second.id]).toEqual(["snapshot", published.runId]);
    expect(JSON.parse(second.data)).toMatchObject({
      hash: published.snapshotHash,
      etlRunId: published.runId,
    });
    expect(JSON.parse(second.data)).toEqual(await servedSnapshot(server));
    stream.close();
  });

  it("tells every open stream, and ends them all when the server stops", async () => {
    const { server, warehousePath } = await watchingServer();
    const streams = await Promise.all(
      [1, 2, 3].map(() => openEventStream(new URL("snapshot-events", server.url))),
    );
    for (const stream of streams) await stream.next();
    const published = await runEtl({ dataDir: DATA_DIR, dbPath: warehousePath });
    for (const stream of streams) expect((await stream.next()).id).toBe(published.runId);

    await server.close();
    expect(await Promise.all(streams.map((stream) => stream.ended()))).toEqual([true, true, true]);
  });

  it("refuses a stream past its limit with 503 and Retry-After, and takes one again when a stream closes", async () => {
    const snapshots = await ServedSnapshots.open(await buildTestWarehouse());
    const events = snapshotEvents(snapshots, consoleLogger(), { maxStreams: 2 });
    const app = express().get("/snapshot-events", events.handler);
    const http = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => http.once("listening", resolve));
    cleanups.push(async () => {
      events.close();
      await new Promise((resolve) => http.close(resolve));
      await snapshots.close();
    });
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/snapshot-events`;
    const open = [await openEventStream(url), await openEventStream(url)];
    for (const stream of open) await stream.next();
    const refused = await fetch(url);
    expect([refused.status, refused.headers.get("retry-after"), await refused.text()]).toEqual([
      503,
      "10",
      "The server has 2 snapshot streams open, its limit; try again later.\n",
    ]);
    open[0]!.close();
    await expect.poll(() => events.streams()).toBe(1);
    const again = await openEventStream(url);
    expect((await again.next()).event).toBe("snapshot");
    again.close();
    open[1]!.close();
  });
});
