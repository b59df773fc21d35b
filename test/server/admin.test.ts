import { rm } from "node:fs/promises";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AreaSearchDocument,
  ReloadStatusDocument,
  ReloadWarehouseDocument,
  SnapshotDocument,
  type ReloadStatusQuery,
} from "../../src/generated/graphql.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { copyTestWarehouse } from "../support/test-warehouse.js";

let server: TestServer;
let copy: string;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  copy = await copyTestWarehouse();
  server = await startTestServer({ warehousePath: copy });
});
afterAll(async () => {
  await server?.close();
  if (copy) await rm(dirname(copy), { recursive: true, force: true });
});

async function waitForReload(runId: string): Promise<NonNullable<ReloadStatusQuery["reloadStatus"]>> {
  for (let i = 0; i < 600; i++) {
    const { data, errors } = await server.execute(ReloadStatusDocument, { runId });
    expect(errors).toBeUndefined();
    if (data!.reloadStatus.state !== "RUNNING") return data!.reloadStatus;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Reload ${runId} did not finish in 120 s.`);
}

describe("reloadWarehouse", () => {
  it("is FORBIDDEN without the admin token", async () => {
    const { data, errors } = await server.execute(ReloadWarehouseDocument);
    expect(data).toBeNull();
    expect(errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(errors?.[0].message).toContain("Authorization: Bearer <token>");
  });

  it("is FORBIDDEN with a wrong token, or the right one without Bearer", async () => {
    for (const headers of [
      bearer("wrong"),
      bearer(`${server.adminToken}x`),
      { authorization: server.adminToken },
    ]) {
      const { errors } = await server.execute(ReloadWarehouseDocument, {}, headers);
      expect(errors?.[0].extensions?.code).toBe("FORBIDDEN");
    }
  });

  it("with the token, reloads while a query loop sees no failed request, and /health shows the new run", async () => {
    const before = (await server.execute(SnapshotDocument)).data!.snapshot;
    let stop = false;
    let ok = 0;
    const failures: string[] = [];
    const seenRuns = new Set<string | null>();
    const loop = async (): Promise<void> => {
      while (!stop) {
        try {
          const [areas, snapshot] = await Promise.all([
            server.execute(AreaSearchDocument, { search: "ha giang" }),
            server.execute(SnapshotDocument),
          ]);
          if (areas.errors || areas.data?.areas[0]?.successor?.id !== "2025-08")
            failures.push(JSON.stringify(areas));
          else if (snapshot.errors || !snapshot.data) failures.push(JSON.stringify(snapshot));
          else {
            ok += 2;
            seenRuns.add(snapshot.data.snapshot.etlRunId);
          }
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const loops = Array.from({ length: 4 }, loop);

    const started = await server.execute(ReloadWarehouseDocument, {}, bearer(server.adminToken));
    expect(started.errors).toBeUndefined();
    expect(started.data?.reloadWarehouse.state).toBe("RUNNING");
    const runId = started.data!.reloadWarehouse.runId;
    // One reload at a time: asking again while it runs returns the same run.
    const again = await server.execute(ReloadWarehouseDocument, {}, bearer(server.adminToken));
    expect(again.data?.reloadWarehouse.runId).toBe(runId);

    const finished = await waitForReload(runId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await Promise.all(loops);

    expect(finished).toMatchObject({
      state: "SUCCEEDED",
      message: null,
      report: { status: "SUCCEEDED", errors: [] },
    });
    const newRunId = finished.report!.runId;
    expect(newRunId).not.toBe(before.etlRunId);
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(20);
    expect(seenRuns).toEqual(new Set([before.etlRunId, newRunId]));

    const health = await server.getJson("health");
    expect(health.body).toMatchObject({
      status: "ok",
      snapshot: { etlRunId: newRunId, hash: finished.report!.snapshotHash },
      reload: { runId, state: "succeeded", etlRunId: newRunId },
    });
    // Same data, same content hash.
    expect(finished.report!.snapshotHash).toBe(before.hash);
  });

  it("rejects an unknown reload id with BAD_USER_INPUT", async () => {
    const { errors } = await server.execute(ReloadStatusDocument, { runId: "nope" });
    expect(errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(errors?.[0].message).toContain('Unknown reload run "nope"');
  });
});
