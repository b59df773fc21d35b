import {
  appendFile,
  copyFile,
  link,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  utimes,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoadRun, readRunLog, runLogPath } from "../../etl/load/run-log.js";
import { runEtl } from "../../etl/run-etl.js";
import { runSnapshotsCommand } from "../../etl/snapshots-command.js";
import { nodeSnapshotFileSystem, type SnapshotFileSystem } from "../../src/warehouse/snapshot-file-system.js";
import { listKeptSnapshots, snapshotHistoryDir } from "../../src/warehouse/snapshot-history.js";
import { openWarehouse } from "../../src/warehouse/warehouse.js";
import { DATA_DIR } from "../support/test-warehouse.js";

/** The clock of the rollbacks: after the loads, which run now. */
const ROLLED_BACK_AT = new Date("2030-01-31T16:02:40.123Z");
const REFUSED_AT = new Date("2030-01-31T16:05:00.000Z");

let root: string;
/** A warehouse after two loads (first, then second, served), built once and copied for each case. */
let template: { dbPath: string; first: string; second: string };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "kc-snapshots-"));
  const dbPath = join(root, "template", "w.duckdb");
  const first = await runEtl({ dataDir: DATA_DIR, dbPath });
  const second = await runEtl({ dataDir: DATA_DIR, dbPath });
  expect([first.status, second.status]).toEqual(["succeeded", "succeeded"]);
  template = { dbPath, first: first.runId, second: second.runId };
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/**
 * A fresh copy of the template: its kept snapshots (with their times, which order two runs of one second), the
 * served one linked to the second's, and its run log.
 */
async function twoLoads(): Promise<string> {
  const dir = await mkdtemp(join(root, "case-"));
  const dbPath = join(dir, "w.duckdb");
  await mkdir(snapshotHistoryDir(dbPath));
  for (const kept of await listKeptSnapshots(template.dbPath)) {
    const copy = join(snapshotHistoryDir(dbPath), `${kept.runId}.duckdb`);
    await copyFile(kept.path, copy);
    const { atime, mtime } = await stat(kept.path);
    await utimes(copy, atime, mtime);
  }
  await link(join(snapshotHistoryDir(dbPath), `${template.second}.duckdb`), dbPath);
  await copyFile(runLogPath(template.dbPath), runLogPath(dbPath));
  return dbPath;
}

/** Runs `npm run snapshots -- ...args` in process; its exit code and what it printed. */
async function snapshots(
  args: ReadonlyArray<string>,
  options: { readonly at?: Date; readonly files?: SnapshotFileSystem } = {},
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSnapshotsCommand(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    clock: () => options.at ?? new Date(),
    ...(options.files === undefined ? {} : { files: options.files }),
  });
  return { code, out, err };
}

async function servedRun(dbPath: string): Promise<string | undefined> {
  return (await listKeptSnapshots(dbPath)).find((s) => s.served)?.runId;
}

/** The run log's lines after the two loads, as written. */
async function addedLines(dbPath: string): Promise<string[]> {
  const before = await readFile(runLogPath(template.dbPath), "utf8");
  const after = await readFile(runLogPath(dbPath), "utf8");
  expect(after.startsWith(before)).toBe(true);
  return after.slice(before.length).split("\n").filter(Boolean);
}

describe("npm run snapshots -- rollback", () => {
  it("serves the previous snapshot and records the rollback in the run log: from, to, when, by the CLI", async () => {
    const dbPath = await twoLoads();
    const { first, second } = template;
    expect(await snapshots(["rollback", "--db", dbPath], { at: ROLLED_BACK_AT })).toEqual({
      code: 0,
      out: [
        `Rolled back ${dbPath} from ETL run ${second} to ${first}. A server watching it serves it within ` +
          `seconds; undo with: npm run snapshots -- rollback --to ${second}`,
      ],
      err: [],
    });
    expect(await servedRun(dbPath)).toBe(first);
    expect(await addedLines(dbPath)).toEqual([
      `{"kind":"rollback","at":"2030-01-31T16:02:40.123Z","by":"cli","status":"succeeded",` +
        `"from_run_id":"${second}","to_run_id":"${first}","error":null}`,
    ]);
    expect((await readRunLog(dbPath)).at(-1)).toEqual({
      kind: "rollback",
      at: ROLLED_BACK_AT,
      by: "cli",
      status: "succeeded",
      from_run_id: second,
      to_run_id: first,
      error: null,
    });
  });

  it("records a refused rollback (a run with no kept snapshot) as failed, exits 1 and changes nothing served", async () => {
    const dbPath = await twoLoads();
    const { first, second } = template;
    const served = await stat(dbPath);
    const unknown = "20990101T000000Z-000000";
    const reason = `No kept snapshot of ETL run "${unknown}" in ${snapshotHistoryDir(dbPath)}. Kept: ${first}, ${second}.`;
    expect(await snapshots(["rollback", "--to", unknown, "--db", dbPath], { at: REFUSED_AT })).toEqual({
      code: 1,
      out: [],
      err: [reason],
    });
    expect((await stat(dbPath)).ino).toBe(served.ino);
    expect((await listKeptSnapshots(dbPath)).map((s) => [s.runId, s.served])).toEqual([
      [first, false],
      [second, true],
    ]);
    expect((await addedLines(dbPath)).map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        kind: "rollback",
        at: "2030-01-31T16:05:00.000Z",
        by: "cli",
        status: "failed",
        from_run_id: second,
        to_run_id: unknown,
        error: reason,
      },
    ]);
  });

  it("fails, and puts the served snapshot back, when its run log line cannot be written", async () => {
    const dbPath = await twoLoads();
    const { first, second } = template;
    const served = await stat(dbPath);
    // The disk is full for the rollback's line (half of it gets written); the failed rollback's own line fits.
    let appends = 0;
    const fullOnce: SnapshotFileSystem = {
      ...nodeSnapshotFileSystem,
      append: async (path, text) => {
        if (++appends > 1) return nodeSnapshotFileSystem.append(path, text);
        await appendFile(path, text.slice(0, text.length / 2));
        throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: "ENOSPC" });
      },
    };
    const reason =
      `The rollback to ETL run ${first} failed: The run log "${runLogPath(dbPath)}" could not be written: ` +
      `ENOSPC: no space left on device, write. The served snapshot is unchanged.`;
    expect(await snapshots(["rollback", "--db", dbPath], { at: REFUSED_AT, files: fullOnce })).toEqual({
      code: 1,
      out: [],
      err: [reason],
    });
    expect((await stat(dbPath)).ino).toBe(served.ino);
    expect(await servedRun(dbPath)).toBe(second);
    expect((await readdir(join(dbPath, ".."))).sort()).toEqual([
      "w.duckdb",
      "w.duckdb.runs.jsonl",
      "w.duckdb.snapshots",
    ]);
    expect((await addedLines(dbPath)).map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        kind: "rollback",
        at: "2030-01-31T16:05:00.000Z",
        by: "cli",
        status: "failed",
        from_run_id: second,
        to_run_id: first,
        error: reason,
      },
    ]);
  });

  it("refuses a --db where no warehouse is as bad usage, writing nothing there", async () => {
    const dir = await mkdtemp(join(root, "empty-"));
    const dbPath = join(dir, "typo.duckdb");
    expect(await snapshots(["rollback", "--db", dbPath])).toEqual({
      code: 2,
      out: [],
      err: [
        `There is no warehouse at ${dbPath}: pass --db the file the server serves (its --db or KC_WAREHOUSE).`,
      ],
    });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("npm run snapshots -- list", () => {
  it("shows the kept snapshots and the run log's loads and rollbacks, failed ones with their reason", async () => {
    const dbPath = await twoLoads();
    const { first, second } = template;
    await snapshots(["rollback", "--db", dbPath], { at: ROLLED_BACK_AT });
    await snapshots(["rollback", "--db", dbPath], { at: REFUSED_AT });
    const published = (await readRunLog(dbPath)).filter(isLoadRun).map((run) =>
      run.finished_at
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, "Z"),
    );
    expect(await snapshots(["list", "--db", dbPath])).toEqual({
      code: 0,
      out: [
        `Kept snapshots of ${dbPath}, oldest first:`,
        `  ${first}  (served)`,
        `  ${second}`,
        `Run log ${runLogPath(dbPath)}, 4 of 4 entries, newest last:`,
        `  ${published[0]}  load      ${first}  succeeded`,
        `  ${published[1]}  load      ${second}  succeeded`,
        `  2030-01-31 16:02:40Z  rollback  ${second} -> ${first}  succeeded (cli)`,
        `  2030-01-31 16:05:00Z  rollback  ${first} -> (none)  FAILED: The snapshot served at ${dbPath} ` +
          `(ETL run ${first}) is the oldest one kept: there is none before it. (cli)`,
      ],
      err: [],
    });
  });
});

describe("the run log with rollbacks in it", () => {
  it("is copied into the next snapshot's etl_run as its loads only", async () => {
    const dbPath = await twoLoads();
    const { first, second } = template;
    await snapshots(["rollback", "--db", dbPath], { at: ROLLED_BACK_AT });
    await snapshots(["rollback", "--to", "nonsense", "--db", dbPath], { at: REFUSED_AT });
    const third = await runEtl({ dataDir: DATA_DIR, dbPath });
    expect(third.status).toBe("succeeded");
    const warehouse = await openWarehouse(dbPath, { readOnly: true });
    try {
      const runs = await warehouse.db
        .selectFrom("etl_run")
        .select(["run_id", "status"])
        .orderBy("run_id")
        .execute();
      expect(runs).toEqual([
        { run_id: first, status: "succeeded" },
        { run_id: second, status: "succeeded" },
        { run_id: third.runId, status: "succeeded" },
      ]);
    } finally {
      await warehouse.close();
    }
    expect(
      (await readRunLog(dbPath)).map((e) => (e.kind === "rollback" ? `rollback ${e.status}` : e.run_id)),
    ).toEqual([first, second, "rollback succeeded", "rollback failed", third.runId]);
  });
});
