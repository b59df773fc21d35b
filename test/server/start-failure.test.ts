import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../../src/server/logger.js";
import { startServer } from "../../src/server/start-server.js";
import { copyTestWarehouse } from "../support/test-warehouse.js";

let dir: string;
const logs: string[] = [];
const logger: Logger = {
  info: (message) => logs.push(message),
  warn: (message) => logs.push(`warning: ${message}`),
  error: (message) => logs.push(`error: ${message}`),
};
/** Fails the test if the server tried to build a warehouse: every case here must stop before the ETL. */
const noEtl = () => Promise.reject(new Error("the ETL was started"));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kc-start-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function expectStopped(db: string, message: RegExp): Promise<void> {
  const started = await startServer(["--db", db, "--port", "0"], { env: {}, logger, runEtl: noEtl });
  expect(started).toEqual({ state: "stopped", exitCode: 1, message: expect.stringMatching(message) });
  if (started.state !== "stopped") return;
  // One sentence: no stack trace, no DuckDB error, and the way out.
  expect(started.message.split("\n")).toHaveLength(1);
  expect(started.message).not.toMatch(/\n\s+at |IO Error|Error:/);
  expect(started.message).toContain("--db or KC_WAREHOUSE");
}

describe("starting the server with an unusable warehouse path", () => {
  it("exits 1 naming the file that stands where a folder should be", async () => {
    const file = join(dir, "not-a-folder");
    await writeFile(file, "");
    const db = join(file, "sub", "khuyen-cong.duckdb");
    await expectStopped(
      db,
      new RegExp(
        `^The warehouse "${db}" cannot be used: "${file}" is a file, not a folder\\. .*move that file away\\.$`,
      ),
    );
  });

  it("exits 1 naming the folder that cannot be created", async () => {
    const folder = join(dir, "x".repeat(300));
    await expectStopped(
      join(folder, "khuyen-cong.duckdb"),
      new RegExp(
        `^The warehouse folder "${folder}" cannot be created \\(a name on the way is too long\\)\\. `,
      ),
    );
  });

  it("exits 1 when the path is a folder, suggesting a file in it", async () => {
    const folder = join(dir, "a-folder");
    await mkdir(folder);
    await expectStopped(
      folder,
      new RegExp(
        `^The warehouse "${folder}" is a folder, not a file\\. .*"${join(folder, "khuyen-cong.duckdb")}"\\.$`,
      ),
    );
  });

  it("exits 1 when the folder is read-only", async (ctx) => {
    const folder = join(dir, "read-only");
    await mkdir(folder);
    let unmount = async (): Promise<void> => {};
    if (process.getuid?.() === 0) {
      // root writes through permissions: only a read-only file system stops it.
      const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", folder], {
        encoding: "utf8",
      });
      if (mounted.status !== 0) {
        ctx.skip(
          `running as root, and mounting a read-only tmpfs is not permitted here (${mounted.stderr.trim()})`,
        );
        return;
      }
      unmount = async () => void spawnSync("umount", [folder]);
    } else {
      await import("node:fs/promises").then((fs) => fs.chmod(folder, 0o555));
    }
    try {
      await expectStopped(
        join(folder, "khuyen-cong.duckdb"),
        new RegExp(
          `^The warehouse folder "${folder}" is not writable \\((read-only file system|permission denied)\\): `,
        ),
      );
    } finally {
      await unmount();
    }
  });

  it("exits 2 with the flag's problem, and 0 with the usage for --help", async () => {
    expect(await startServer(["--port", "x"], { env: {}, logger, runEtl: noEtl })).toMatchObject({
      state: "stopped",
      exitCode: 2,
      message: expect.stringContaining('--port / PORT is "x"'),
    });
    expect(await startServer(["--help"], { env: {}, logger, runEtl: noEtl })).toMatchObject({
      state: "stopped",
      exitCode: 0,
      message: expect.stringMatching(/^Usage: npm start/),
    });
  });
});

describe("starting the server beside the leftovers of a killed reload", () => {
  it("removes the .next files whose process is gone and keeps those of a live one", async () => {
    const db = await copyTestWarehouse();
    const folder = dirname(db);
    // pid 2^22 + 1 is above Linux's pid_max default: no process has it.
    const dead = [
      ".khuyen-cong.duckdb.next-4194305-0badf00d",
      ".khuyen-cong.duckdb.next-4194305-0badf00d.wal",
    ];
    const live = `.khuyen-cong.duckdb.next-${process.pid}-00c0ffee`;
    for (const name of [...dead, live]) await writeFile(join(folder, name), "half a snapshot");
    try {
      const started = await startServer(["--db", db, "--port", "0", "--admin-token", "t"], {
        env: {},
        logger,
        runEtl: noEtl,
      });
      expect(started.state).toBe("serving");
      if (started.state === "serving") await started.stop();
      expect((await readdir(folder)).sort()).toEqual([
        live,
        "khuyen-cong.duckdb",
        "khuyen-cong.duckdb.reports",
      ]);
      for (const name of dead)
        expect(logs).toContain(`Removed "${name}", left by a load or reload that died.`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
