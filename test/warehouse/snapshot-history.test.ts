import { link, mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  listKeptSnapshots,
  pruneKeptSnapshots,
  snapshotHistoryDir,
} from "../../src/warehouse/snapshot-history.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** A warehouse path with kept files named by run id, written at the given seconds; the last one is served. */
async function history(runs: ReadonlyArray<readonly [string, number]>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kc-history-"));
  dirs.push(dir);
  const dbPath = join(dir, "w.duckdb");
  await mkdir(snapshotHistoryDir(dbPath));
  for (const [runId, second] of runs) {
    const path = join(snapshotHistoryDir(dbPath), `${runId}.duckdb`);
    await writeFile(path, runId);
    await utimes(path, second, second);
  }
  await link(join(snapshotHistoryDir(dbPath), `${runs.at(-1)![0]}.duckdb`), dbPath);
  return dbPath;
}

describe("the kept snapshots", () => {
  it("are ordered by the second their run started, then by when their file was written", async () => {
    const dbPath = await history([
      ["20261203T155714Z-aaaaaa", 100],
      ["20261203T155715Z-ffffff", 200],
      ["20261203T155715Z-000000", 300],
    ]);
    expect((await listKeptSnapshots(dbPath)).map((s) => [s.runId, s.served])).toEqual([
      ["20261203T155714Z-aaaaaa", false],
      ["20261203T155715Z-ffffff", false],
      ["20261203T155715Z-000000", true],
    ]);
  });

  it("are pruned oldest first, never the one served, and files that are not kept snapshots are left alone", async () => {
    const dbPath = await history([
      ["20261203T155716Z-cccccc", 300],
      ["20261203T155717Z-dddddd", 400],
      ["20261203T155715Z-bbbbbb", 200],
    ]);
    await writeFile(join(snapshotHistoryDir(dbPath), "notes.txt"), "mine");
    expect(await pruneKeptSnapshots(dbPath, 2)).toEqual(["20261203T155716Z-cccccc"]);
    expect((await listKeptSnapshots(dbPath)).map((s) => [s.runId, s.served])).toEqual([
      ["20261203T155715Z-bbbbbb", true],
      ["20261203T155717Z-dddddd", false],
    ]);
  });
});
