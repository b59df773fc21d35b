import { appendFile, link, open, rename, rm, stat, truncate } from "node:fs/promises";

/**
 * The file operations a load makes to publish a snapshot and record its run, passed in so that tests can fail
 * any one of them the way a full disk does (ENOSPC at the fsync, the rename or the run log append).
 */
export interface SnapshotFileSystem {
  /** fsync(2) of a file or a folder: its data (or its entries) are on disk when this resolves. */
  sync(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** A hard link: `to` names the same file as `from`. */
  link(from: string, to: string): Promise<void>;
  /** Removes a file; a missing one is not an error. */
  remove(path: string): Promise<void>;
  /** Appends `text` to the file (creating it) and syncs it. */
  append(path: string, text: string): Promise<void>;
  truncate(path: string, bytes: number): Promise<void>;
  /** What is at `path`, or null when nothing is. */
  stat(path: string): Promise<{ readonly isFile: boolean; readonly bytes: number } | null>;
}

/** The real file system. */
export const nodeSnapshotFileSystem: SnapshotFileSystem = Object.freeze({
  async sync(path: string): Promise<void> {
    const handle = await open(path, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from: string, to: string) => rename(from, to),
  link: (from: string, to: string) => link(from, to),
  remove: (path: string) => rm(path, { force: true }),
  async append(path: string, text: string): Promise<void> {
    await appendFile(path, text, "utf8");
    await nodeSnapshotFileSystem.sync(path);
  },
  truncate: (path: string, bytes: number) => truncate(path, bytes),
  async stat(path: string) {
    try {
      const s = await stat(path);
      return { isFile: s.isFile(), bytes: s.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  },
});
