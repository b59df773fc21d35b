import { mkdir, open, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Why the server cannot use `warehousePath`, as one sentence naming the path and the fix; null when it can. The
 * server needs the file's folder to exist (it is created if missing) and to be writable, because the ETL builds
 * each snapshot beside the served file and renames it over it; and the path itself must not be a folder.
 */
export async function checkWarehousePath(warehousePath: string): Promise<string | null> {
  const folder = dirname(warehousePath);
  const fix = "Choose another file with --db or KC_WAREHOUSE";
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    const blocker = await firstNonFolder(folder);
    if (blocker !== null) {
      return `The warehouse "${warehousePath}" cannot be used: "${blocker}" is a file, not a folder. ${fix}, or move that file away.`;
    }
    return `The warehouse folder "${folder}" cannot be created (${reason(error)}). ${fix}, in a folder you can write.`;
  }
  const existing = await stat(warehousePath).catch(() => null);
  if (existing?.isDirectory() === true) {
    return `The warehouse "${warehousePath}" is a folder, not a file. ${fix}, such as "${join(warehousePath, "khuyen-cong.duckdb")}".`;
  }
  // The ETL writes `.<name>.next-…` here; try the same kind of file (root ignores permissions, not EROFS).
  const probe = join(folder, `.${basename(warehousePath)}.probe-${process.pid}`);
  try {
    await (await open(probe, "wx")).close();
    await rm(probe, { force: true });
  } catch (error) {
    return `The warehouse folder "${folder}" is not writable (${reason(error)}): each load builds the new snapshot beside the served one. ${fix}, in a folder you can write, or make this one writable.`;
  }
  return null;
}

/** The nearest existing ancestor of `folder` (or `folder` itself) when it is not a folder. */
async function firstNonFolder(folder: string): Promise<string | null> {
  for (let path = folder; ; path = dirname(path)) {
    const found = await stat(path).catch((error: NodeJS.ErrnoException) =>
      error.code === "ENOTDIR" ? "below-file" : null,
    );
    if (found === "below-file") continue;
    if (found !== null) return found.isDirectory() ? null : path;
    if (dirname(path) === path) return null;
  }
}

function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "read-only file system";
    case "ENOSPC":
      return "no space left on the device";
    case "ENAMETOOLONG":
      return "a name on the way is too long";
    case "ENOENT":
      return "a folder on the way does not exist and cannot be made";
    default:
      return code ?? message;
  }
}
