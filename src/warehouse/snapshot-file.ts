import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { nodeSnapshotFileSystem, type SnapshotFileSystem } from "./snapshot-file-system.js";

/**
 * The reload design (docs/architecture.md, "Snapshots"): a load never writes the warehouse file being served.
 * It builds a complete new DuckDB file beside it, then renames it over the old one. rename(2) within one
 * directory is atomic on POSIX: readers see the old file or the new one, never a mix, and a process killed at
 * any point (kill -9 included) leaves the old file exactly as it was, plus at worst an orphaned `.next` file
 * (and its `.wal` or `.prev`) that the next load, or the next server start, removes.
 */
export function nextSnapshotPath(dbPath: string): string {
  return join(dirname(dbPath), `.${basename(dbPath)}.next-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/**
 * Removes the files of loads that died (`.<db>.next-<pid>-<rand>`, with `.wal` or `.prev`, whose process is
 * gone); returns the names it removed. Housekeeping, never a reason to fail: a file that cannot be removed is
 * left for the next call.
 */
export async function removeOrphanedSnapshots(
  dbPath: string,
  files: SnapshotFileSystem = nodeSnapshotFileSystem,
): Promise<string[]> {
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
    try {
      await files.remove(join(dirname(dbPath), name));
      removed.push(name);
    } catch {
      // left for the next load or server start
    }
  }
  return removed;
}

/** A publish failed after the rename and the previous snapshot could not be put back; the message says where it is. */
export class SnapshotNotRestoredError extends Error {
  override readonly name = "SnapshotNotRestoredError";
}

/**
 * Makes the new snapshot durable, atomically replaces the served file with it, then runs `commit` (the run log
 * append). A publish is all or nothing: if the fsync, the rename, the folder's fsync or `commit` fails, the
 * served file is put back exactly as it was and the error is rethrown; the caller then discards `nextPath`.
 * The way back is a hard link to the served file (`<next>.prev`), made before the rename and removed after.
 */
export async function publishSnapshot(
  nextPath: string,
  dbPath: string,
  commit: () => Promise<void>,
  files: SnapshotFileSystem = nodeSnapshotFileSystem,
): Promise<void> {
  await files.sync(nextPath);
  const previous = `${nextPath}.prev`;
  const served = await files.stat(dbPath);
  const kept = served?.isFile === true ? await keepPrevious(dbPath, previous, files) : false;
  let renamed = false;
  let stranded = false;
  try {
    await files.rename(nextPath, dbPath);
    renamed = true;
    await files.sync(dirname(dbPath));
    await commit();
  } catch (error) {
    if (renamed) {
      try {
        await restore(dbPath, served !== null, kept ? previous : null, error, files);
      } catch (restoreError) {
        stranded = true;
        throw restoreError;
      }
    }
    throw error;
  } finally {
    // After a restore the link is gone (renamed back); after a failed one it is the only copy of the old file.
    if (kept && !stranded) await files.remove(previous).catch(() => {});
  }
}

export async function discardSnapshot(
  nextPath: string,
  files: SnapshotFileSystem = nodeSnapshotFileSystem,
): Promise<void> {
  await files.remove(nextPath);
  await files.remove(`${nextPath}.wal`);
}

/** Links `previous` to the served file; false where the file system has no hard links (no way back then). */
async function keepPrevious(dbPath: string, previous: string, files: SnapshotFileSystem): Promise<boolean> {
  try {
    await files.link(dbPath, previous);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS") return false;
    throw error;
  }
}

/** Undoes the rename: the served file becomes the previous one again (or nothing, if there was none). */
async function restore(
  dbPath: string,
  hadPrevious: boolean,
  previous: string | null,
  cause: unknown,
  files: SnapshotFileSystem,
): Promise<void> {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (hadPrevious && previous === null) {
    throw new SnapshotNotRestoredError(
      `${reason}. The new snapshot is already in place of "${dbPath}" and the previous one cannot be put back: ` +
        `its file system has no hard links. Run the load again once the problem is fixed.`,
      { cause },
    );
  }
  try {
    if (previous !== null) await files.rename(previous, dbPath);
    else await files.remove(dbPath);
  } catch (error) {
    throw new SnapshotNotRestoredError(
      `${reason}. Putting back the previous snapshot failed too (${(error as Error).message}): ` +
        (previous === null
          ? `remove "${dbPath}" by hand.`
          : `it is kept as "${previous}"; rename it to "${dbPath}" by hand.`),
      { cause },
    );
  }
  await files.sync(dirname(dbPath)).catch(() => {});
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
