import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach } from "vitest";
import {
  writeSyntheticFunding,
  type WriteSyntheticFundingOptions,
  type WriteSyntheticFundingResult,
} from "../../../etl/synthetic/index.js";

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary folder, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "khuyen-cong-synthetic-"));
  made.push(dir);
  return dir;
}

/** Writes synthetic rows into a fresh folder and fails the test unless it succeeded. */
export async function generate(
  options: Omit<WriteSyntheticFundingOptions, "outDir">,
): Promise<Extract<WriteSyntheticFundingResult, { ok: true }>> {
  const result = await writeSyntheticFunding({ ...options, outDir: await tempDir() });
  if (!result.ok) throw new Error(result.error);
  return result;
}

/** The funding files of a folder, in name order. */
export async function fundingFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /^funding-synthetic-\d{4}\.csv$/.test(name)).sort();
}

/** sha256 over every funding file, in order: one value that pins the whole output. */
export async function fundingHash(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const name of await fundingFiles(dir)) hash.update(await readFile(join(dir, name)));
  return hash.digest("hex");
}

/** The data rows of every funding file, header lines removed, concatenated in order. */
export async function dataLines(dir: string): Promise<string[]> {
  const lines: string[] = [];
  for (const name of await fundingFiles(dir)) {
    const text = await readFile(join(dir, name), "utf8");
    lines.push(...text.split("\n").slice(1, -1));
  }
  return lines;
}

/** Runs one query over the folder's funding files with DuckDB's read_csv (every column as text). */
export async function queryFunding(dir: string, select: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const glob = join(dir, "funding-synthetic-*.csv").replaceAll("'", "''");
    await connection.run(
      `CREATE VIEW funding AS SELECT * FROM read_csv('${glob}', header = true, all_varchar = true)`,
    );
    const reader = await connection.runAndReadAll(select);
    // count(*) is a BIGINT: numbers read better in assertions, and these counts are small.
    return reader
      .getRowObjectsJS()
      .map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])),
      );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
