import { randomBytes } from "node:crypto";
import { open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * The reload design (docs/architecture.md, "Snapshots"): a load never writes the warehouse file being served.
 * It builds a complete new DuckDB file beside it, then renames it over the old one. rename(2) within one
 * directory is atomic on POSIX: readers see the old file or the new one, never a mix, and a process killed at
 * any point (kill -9 included) leaves the old file exactly as it was, plus at worst an orphaned `.next` file
 * that the next load removes.
 */
export function nextSnapshotPath(dbPath: string): string {
  return join(dirname(dbPath), `.${basename(dbPath)}.next-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/** Removes `.next` files left by loads that died (their process is gone); returns what it removed. */
export async function removeOrphanedSnapshots(dbPath: string): Promise<string[]> {
  const prefix = `.${basename(dbPath)}.next-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dirname(dbPath));
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split("-")[0]);
    if (Number.isInteger(pid) && isAlive(pid)) continue;
    await rm(join(dirname(dbPath), name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Makes the new snapshot durable, then atomically replaces the served file with it. */
export async function publishSnapshot(nextPath: string, dbPath: string): Promise<void> {
  await fsync(nextPath);
  await rename(nextPath, dbPath);
  await fsync(dirname(dbPath));
}

export async function discardSnapshot(nextPath: string): Promise<void> {
  await rm(nextPath, { force: true });
  await rm(`${nextPath}.wal`, { force: true });
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
