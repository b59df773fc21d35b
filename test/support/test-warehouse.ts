import { createHash, randomBytes } from "node:crypto";
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runEtl } from "../../etl/run-etl.js";
import { qualityPagesDir } from "../../src/warehouse/snapshot-reports.js";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DATA_DIR = join(PROJECT_ROOT, "data");
const CACHE_DIR = join(PROJECT_ROOT, "test/.tmp");

let built: Promise<string> | undefined;

/**
 * The warehouse the lead's ETL builds from data/, built once per test run and cached in test/.tmp/ under a
 * hash of data/ (and of the ETL and warehouse code, so a changed loader rebuilds it). Treat it as read-only:
 * tests that change the warehouse (a reload) work on `copyTestWarehouse()`.
 */
export function buildTestWarehouse(): Promise<string> {
  built ??= buildOnce();
  return built;
}

/** A private copy of the test warehouse in a fresh temporary folder, for tests that replace the file. */
export async function copyTestWarehouse(): Promise<string> {
  const source = await buildTestWarehouse();
  const dir = await mkdtemp(join(CACHE_DIR, "copy-"));
  const path = join(dir, "khuyen-cong.duckdb");
  await copyFile(source, path);
  // With its data-quality pages, as the ETL leaves a warehouse.
  await cp(qualityPagesDir(source), qualityPagesDir(path), { recursive: true });
  return path;
}

async function buildOnce(): Promise<string> {
  await mkdir(CACHE_DIR, { recursive: true });
  const key = await hashTrees([DATA_DIR, join(PROJECT_ROOT, "etl"), join(PROJECT_ROOT, "src/warehouse")]);
  // The warehouse and what the ETL writes beside it (its run log, its data-quality pages) in one folder.
  const cachedDir = join(CACHE_DIR, `warehouse-${key.slice(0, 16)}`);
  const cached = join(cachedDir, "khuyen-cong.duckdb");
  if ((await exists(cached)) && (await exists(qualityPagesDir(cached)))) return cached;
  // Built in a folder of its own and renamed into place whole: test files in other workers may build at the
  // same time, and the first rename wins (the notebook links the quality page of the run that built the file,
  // so a file and its pages must come from one build).
  const scratch = await mkdtemp(join(CACHE_DIR, `build-${randomBytes(3).toString("hex")}-`));
  const dbPath = join(scratch, "khuyen-cong.duckdb");
  const report = await runEtl({ dataDir: DATA_DIR, dbPath });
  if (report.status !== "succeeded") {
    const problems = report.errors.map((e) => `  ${e.message}`).join("\n");
    throw new Error(`The ETL could not build the test warehouse from ${DATA_DIR}:\n${problems}`);
  }
  try {
    await rename(scratch, cachedDir);
  } catch (error) {
    // Another worker's build is in place (or an older, incomplete one: replace it).
    if (!(await exists(qualityPagesDir(cached)))) {
      await rm(cachedDir, { recursive: true, force: true });
      await rename(scratch, cachedDir).catch(() => {
        throw error;
      });
    }
  }
  await rm(scratch, { recursive: true, force: true });
  return cached;
}

/** sha256 over every file's path and content under `roots`, in a stable order. */
async function hashTrees(roots: ReadonlyArray<string>): Promise<string> {
  const hash = createHash("sha256");
  for (const root of roots) {
    for (const file of await listFiles(root)) {
      hash
        .update(relative(PROJECT_ROOT, file))
        .update("\0")
        .update(await readFile(file))
        .update("\0");
    }
  }
  return hash.digest("hex");
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
