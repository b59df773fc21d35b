import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRunLog, runLogPath } from "../../../etl/load/run-log.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("the run log", () => {
  it("reads lines without a kind as loads, rollbacks with their time, and skips kinds it does not know", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kc-run-log-"));
    dirs.push(dir);
    const dbPath = join(dir, "w.duckdb");
    const load = {
      run_id: "20261203T155714Z-aaaaaa",
      started_at: "2026-12-03T15:57:14.000Z",
      finished_at: "2026-12-03T15:57:16.500Z",
      status: "succeeded",
      data_dir: "/srv/data",
      input_files: "[]",
      rows_per_table: '{"funding_fact":42}',
      warnings: "[]",
      errors: "[]",
      snapshot_hash: "abc",
    };
    const rollback = {
      kind: "rollback",
      at: "2026-12-03T16:00:00.000Z",
      by: "cli",
      status: "succeeded",
      from_run_id: "20261203T155715Z-bbbbbb",
      to_run_id: "20261203T155714Z-aaaaaa",
      error: null,
    };
    await writeFile(
      runLogPath(dbPath),
      [
        JSON.stringify(load),
        JSON.stringify({ kind: "restore-drill", at: "2026-12-03T16:01:00.000Z" }),
        JSON.stringify(rollback),
        '{"kind":"rollback","at":"2026-12-0', // cut short by a kill mid-append
      ].join("\n"),
    );
    expect(await readRunLog(dbPath)).toEqual([
      {
        ...load,
        started_at: new Date("2026-12-03T15:57:14.000Z"),
        finished_at: new Date("2026-12-03T15:57:16.500Z"),
      },
      { ...rollback, at: new Date("2026-12-03T16:00:00.000Z") },
    ]);
  });

  it("is empty when the warehouse has none yet", async () => {
    expect(await readRunLog(join(tmpdir(), "kc-no-such-folder", "w.duckdb"))).toEqual([]);
  });
});
