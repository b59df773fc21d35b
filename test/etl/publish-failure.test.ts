import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runLogPath } from "../../etl/load/run-log.js";
import { nodeSnapshotFileSystem, type SnapshotFileSystem } from "../../src/warehouse/snapshot-file-system.js";
import { runEtl, type EtlReport } from "../../etl/run-etl.js";
import { buildTestWarehouse, DATA_DIR, PROJECT_ROOT } from "../support/test-warehouse.js";

const sha256 = async (path: string) =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

/** The error a full disk gives. */
function enospc(syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`ENOSPC: no space left on device, ${syscall} '${path}'`);
  Object.assign(error, { code: "ENOSPC", errno: -28, syscall, path });
  return error;
}

const isNext = (path: string) => basename(path).includes(".next-");

/** The publish steps a full disk can fail, each as the file system that fails it. */
const FULL_DISK_AT: Record<string, (files: SnapshotFileSystem) => SnapshotFileSystem> = {
  "the fsync of the new snapshot": (files) => ({
    ...files,
    sync: async (path) => (isNext(path) ? Promise.reject(enospc("fsync", path)) : files.sync(path)),
  }),
  "the rename over the served file": (files) => ({
    ...files,
    rename: async (from, to) =>
      isNext(from) ? Promise.reject(enospc("rename", from)) : files.rename(from, to),
  }),
  "the fsync of the warehouse folder after the rename": (files) => ({
    ...files,
    sync: async (path) => (path === dir ? Promise.reject(enospc("fsync", path)) : files.sync(path)),
  }),
  // Half the line reaches the log before the disk is full; the failed run's own record then fits.
  "the run log append that records the published run": (files) => {
    let appends = 0;
    return {
      ...files,
      append: async (path, text) => {
        if (++appends > 1) return files.append(path, text);
        await appendFile(path, text.slice(0, text.length / 2));
        throw enospc("write", path);
      },
    };
  },
};

let served: string;
let root: string;
let dir: string;
let dbPath: string;

beforeAll(async () => {
  served = await buildTestWarehouse();
  root = await mkdtemp(join(tmpdir(), "kc-publish-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** A warehouse being served, with a run log of one earlier run, in a fresh folder. */
async function servedWarehouse(): Promise<{ hash: string; log: string }> {
  dir = await mkdtemp(join(root, "case-"));
  dbPath = join(dir, "warehouse.duckdb");
  await copyFile(served, dbPath);
  const earlier = {
    run_id: "20250101T000000Z-000000",
    started_at: "2025-01-01T00:00:00.000Z",
    finished_at: "2025-01-01T00:00:01.000Z",
    status: "succeeded",
    data_dir: DATA_DIR,
    input_files: "[]",
    rows_per_table: "{}",
    warnings: "[]",
    errors: "[]",
    snapshot_hash: null,
  };
  const log = `${JSON.stringify(earlier)}\n`;
  await writeFile(runLogPath(dbPath), log);
  return { hash: await sha256(dbPath), log };
}

async function expectFailedAndUnchanged(
  report: EtlReport,
  before: { hash: string; log: string },
  reason: RegExp,
): Promise<void> {
  expect(report.status).toBe("failed");
  expect(report.snapshotHash).toBeNull();
  const message = report.errors.map((e) => e.message).join("\n");
  expect(message).toMatch(/The new snapshot could not be published: .*no space left on device/);
  expect(message).toMatch(reason);
  expect(message).toContain("The warehouse was left unchanged.");
  expect(await sha256(dbPath)).toBe(before.hash);
  // No .next file and no kept snapshot of the failed run: only its data-quality page.
  expect((await readdir(dir)).sort()).toEqual([
    "warehouse.duckdb",
    "warehouse.duckdb.reports",
    "warehouse.duckdb.runs.jsonl",
  ]);
  expect(await readdir(join(dir, "warehouse.duckdb.reports"))).toEqual([`${report.runId}.html`]);
  const log = await readFile(runLogPath(dbPath), "utf8");
  expect(log.startsWith(before.log)).toBe(true);
  const added = log.slice(before.log.length).split("\n").filter(Boolean);
  expect(added).toHaveLength(1);
  const entry = JSON.parse(added[0]) as {
    run_id: string;
    status: string;
    errors: string;
    snapshot_hash: null;
  };
  expect(entry).toMatchObject({ run_id: report.runId, status: "failed", snapshot_hash: null });
  expect(entry.errors).toContain("could not be published");
}

describe("a publish on a full disk", () => {
  it.each(Object.keys(FULL_DISK_AT))(
    "fails the run when %s fails, leaving the served file, no .next file and a failed run in the log",
    async (step) => {
      const before = await servedWarehouse();
      const report = await runEtl({
        dataDir: DATA_DIR,
        dbPath,
        files: FULL_DISK_AT[step](nodeSnapshotFileSystem),
      });
      await expectFailedAndUnchanged(report, before, /ENOSPC/);
    },
  );

  it("says so in the report when even the failed run cannot be recorded", async () => {
    const before = await servedWarehouse();
    const report = await runEtl({
      dataDir: DATA_DIR,
      dbPath,
      files: { ...nodeSnapshotFileSystem, append: async (path) => Promise.reject(enospc("write", path)) },
    });
    expect(report.status).toBe("failed");
    expect(report.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^The new snapshot could not be published: The run log ".*" could not be written: ENOSPC/,
      ),
      expect.stringMatching(
        /^This failed run could not be recorded: The run log ".*" could not be written: ENOSPC/,
      ),
    ]);
    expect(await sha256(dbPath)).toBe(before.hash);
    expect(await readFile(runLogPath(dbPath), "utf8")).toBe(before.log);
    expect((await readdir(dir)).sort()).toEqual([
      "warehouse.duckdb",
      "warehouse.duckdb.reports",
      "warehouse.duckdb.runs.jsonl",
    ]);
  });

  it("fails the run, with no file left behind, when the first load cannot be recorded", async () => {
    dir = await mkdtemp(join(root, "case-"));
    dbPath = join(dir, "warehouse.duckdb");
    const report = await runEtl({
      dataDir: DATA_DIR,
      dbPath,
      files: FULL_DISK_AT["the run log append that records the published run"](nodeSnapshotFileSystem),
    });
    expect(report.status).toBe("failed");
    expect((await readdir(dir)).sort()).toEqual(["warehouse.duckdb.reports", "warehouse.duckdb.runs.jsonl"]);
  });

  it("reports the leftovers of a killed load it removes, and publishes", async () => {
    const before = await servedWarehouse();
    // pid 2^22 + 1 is above Linux's pid_max default: no process has it.
    const orphan = join(dir, ".warehouse.duckdb.next-4194305-0badf00d");
    await writeFile(orphan, "half a snapshot");
    await writeFile(`${orphan}.prev`, "a link to an old snapshot");
    const lines: string[] = [];
    const report = await runEtl({ dataDir: DATA_DIR, dbPath, log: (line) => lines.push(line) });
    expect(report.status).toBe("succeeded");
    expect(lines).toContain(`Removed "${basename(orphan)}", left by a load that died.`);
    expect((await readdir(dir)).sort()).toEqual([
      "warehouse.duckdb",
      "warehouse.duckdb.reports",
      "warehouse.duckdb.runs.jsonl",
      "warehouse.duckdb.snapshots",
    ]);
    expect(await sha256(dbPath)).not.toBe(before.hash);
  });
});

describe("a publish on a real 10 MB tmpfs", () => {
  let mountPoint: string | undefined;
  let refused = "";

  beforeAll(async () => {
    const point = await mkdtemp(join(tmpdir(), "kc-tmpfs-"));
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=10m", "tmpfs", point], {
      encoding: "utf8",
    });
    if (mounted.status === 0) mountPoint = point;
    else {
      refused = (mounted.stderr || mounted.error?.message || `exit ${String(mounted.status)}`).trim();
      await rm(point, { recursive: true, force: true });
    }
  });
  afterEach(async () => {
    if (mountPoint) await rm(join(mountPoint, "warehouse"), { recursive: true, force: true });
  });
  afterAll(async () => {
    if (!mountPoint) return;
    spawnSync("umount", [mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  });

  it("exits 1 from `npm run etl`, records a failed run and leaves the served file as it was", async (ctx) => {
    if (!mountPoint) {
      ctx.skip(`mounting a tmpfs is not permitted here (${refused}); the file system stubs above cover it`);
      return;
    }
    // The served snapshot (7.5 MB) fits; a second one beside it does not.
    dir = join(mountPoint, "warehouse");
    await mkdir(dir);
    dbPath = join(dir, "warehouse.duckdb");
    await copyFile(served, dbPath);
    const before = { hash: await sha256(dbPath), log: "" };

    const child = spawn(
      process.execPath,
      ["--import", "tsx", "etl/cli.ts", "--data", DATA_DIR, "--db", dbPath, "--json"],
      { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));

    expect(code).toBe(1);
    const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as EtlReport;
    expect(report.status).toBe("failed");
    expect(report.errors.map((e) => e.message).join("\n")).toMatch(/no space left on device/i);
    expect(await sha256(dbPath)).toBe(before.hash);
    expect((await readdir(dir)).sort()).toEqual([
      "warehouse.duckdb",
      "warehouse.duckdb.reports",
      "warehouse.duckdb.runs.jsonl",
    ]);
    const entries = (await readFile(runLogPath(dbPath), "utf8")).split("\n").filter(Boolean);
    expect(entries.map((l) => (JSON.parse(l) as { status: string }).status)).toEqual(["failed"]);
  });
});
