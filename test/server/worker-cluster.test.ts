import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEventStream } from "../support/event-stream.js";
import {
  postGraphql,
  requestOnce,
  startServerProcess,
  type ServerProcess,
} from "../support/server-process.js";
import { copyTestWarehouse } from "../support/test-warehouse.js";

// `npm start -- --workers 2` as a real process tree: a primary (the writer) and two workers sharing one port.
// Every request below uses a connection of its own, so the primary hands them to the workers in turn.

const PORT = 4674;
const BASE = new URL(`http://127.0.0.1:${PORT}/`);
const ADMIN = { authorization: "Bearer cluster-admin-token-4674" };
const WRITER = { authorization: "Bearer cluster-write-token-4674" };

let server: ServerProcess;
let warehousePath: string;
let notebooksDir: string;

beforeAll(async () => {
  warehousePath = await copyTestWarehouse();
  notebooksDir = await mkdtemp(join(tmpdir(), "kc-cluster-notebooks-"));
  server = startServerProcess(
    ["--workers", "2", "--port", String(PORT), "--db", warehousePath, "--notebooks", notebooksDir],
    { KC_ADMIN_TOKEN: ADMIN.authorization.slice(7), KC_WRITE_TOKEN: WRITER.authorization.slice(7) },
  );
  await server.waitFor(/2 server workers on/, 90_000);
}, 120_000);
afterAll(async () => {
  const exitCode = await server?.stop();
  await rm(dirname(warehousePath), { recursive: true, force: true });
  await rm(notebooksDir, { recursive: true, force: true });
  // SIGTERM to the primary: the workers finish their requests and stop, then the primary, with code 0.
  expect(exitCode).toBe(0);
});

const workerPids = (): string[] => [...server.output().matchAll(/Worker (\d+) serving/g)].map((m) => m[1]!);

async function servedRun(): Promise<string | null> {
  const { status, body } = await postGraphql(BASE, "{ snapshot { etlRunId } }");
  expect(status).toBe(200);
  return (body.data?.snapshot as { etlRunId: string | null }).etlRunId;
}

describe("npm start -- --workers 2", () => {
  it("publishes a reload once, and every worker serves it and tells its event streams", async () => {
    const before = await servedRun();
    // Four streams on four connections: the primary hands them to both workers.
    const streams = await Promise.all(
      [1, 2, 3, 4].map(() => openEventStream(new URL("snapshot-events", BASE))),
    );
    for (const stream of streams)
      expect(JSON.parse((await stream.next()).data)).toMatchObject({ etlRunId: before });

    const started = await postGraphql(BASE, "mutation { reloadWarehouse { runId state } }", {}, ADMIN);
    const { runId } = started.body.data?.reloadWarehouse as { runId: string };
    let state = "RUNNING";
    let report: { runId: string } | null = null;
    for (let i = 0; i < 120 && state === "RUNNING"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Asked of whichever worker gets the connection: each keeps the writer's copy of the run.
      const status = await postGraphql(
        BASE,
        "query ($id: ID!) { reloadStatus(runId: $id) { state message report { runId } } }",
        { id: runId },
        ADMIN,
      );
      ({ state, report } = status.body.data?.reloadStatus as {
        state: string;
        report: { runId: string } | null;
      });
    }
    expect(state).toBe("SUCCEEDED");
    const published = report!.runId;
    expect(published).not.toBe(before);
    // The run succeeds only once every worker has swapped: ten connections in turn all get the new snapshot.
    expect(await Promise.all(Array.from({ length: 10 }, servedRun))).toEqual(Array(10).fill(published));
    for (const stream of streams) {
      expect(JSON.parse((await stream.next()).data)).toMatchObject({ etlRunId: published });
      stream.close();
    }
    expect(server.output().match(/running the ETL on/g)).toHaveLength(1);
  });

  it("sends notebook changes to the one writer, whichever worker receives them", async () => {
    const create = (): ReturnType<typeof postGraphql> =>
      postGraphql(BASE, 'mutation { createNotebook(name: "shared", title: "Shared") { name } }', {}, WRITER);
    // Sent at once to both workers: the writer creates the notebook once and refuses the other.
    const answers = await Promise.all([create(), create()]);
    const codes = answers.map((a) => a.body.errors?.[0]?.extensions?.code ?? "created").sort();
    expect(codes).toEqual(["BAD_USER_INPUT", "created"]);
    expect(await readdir(notebooksDir)).toEqual(["shared.md"]);
  });

  it("replaces a worker that is killed, failing no request beyond those it had in flight", async () => {
    const [victim, survivor] = workerPids();
    const failures: Array<{ startedAt: number; message: string }> = [];
    let ok = 0;
    let killedAt = Number.POSITIVE_INFINITY;
    let stop = false;
    const client = async (): Promise<void> => {
      while (!stop) {
        const startedAt = Date.now();
        try {
          // A connection the primary handed to the worker as it died is never answered (node:cluster's
          // round-robin loses it): the client's timeout ends it, as nginx's proxy_read_timeout would.
          const response = await requestOnce(new URL("health", BASE), { timeoutMs: 3_000 });
          if (response.status === 200) ok += 1;
          else failures.push({ startedAt, message: `HTTP ${response.status}` });
        } catch (error) {
          failures.push({ startedAt, message: (error as Error).message });
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    killedAt = Date.now();
    process.kill(Number(victim), "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    stop = true;
    await Promise.all(clients);
    const replacement = await server.waitFor(
      new RegExp(`Worker (?!${victim}|${survivor})(\\d+) serving`),
      60_000,
    );
    expect((await requestOnce(new URL("health", BASE))).status).toBe(200);

    expect(server.output()).toMatch(
      new RegExp(`Server worker ${victim} died \\(SIGKILL\\); starting another`),
    );
    expect(replacement[1]).not.toBe(victim);
    expect(ok).toBeGreaterThan(20);
    // Only requests the killed worker held (eight clients: at most eight), and none started once the primary
    // had seen it die (it stops handing it connections then; a second covers a busy machine's event loop).
    expect(failures.length).toBeLessThanOrEqual(8);
    expect(failures.filter((f) => f.startedAt > killedAt + 1_000)).toEqual([]);
  });
});
