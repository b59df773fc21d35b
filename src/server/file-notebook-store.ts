import { createHash, randomBytes } from "node:crypto";
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import {
  checkNotebookName,
  isNotebookName,
  notebookChanged,
  notebookExists,
  notebookGone,
  notebookNotFound,
  notebookTooLarge,
  tooManyNotebooks,
  type NotebookStore,
  type StoredNotebook,
} from "../graphql/notebooks/index.js";

const EXTENSION = ".md";

/** How much the folder may hold; the defaults keep one writer from filling the disk. */
export interface NotebookQuota {
  /** Most notebooks in the folder (KC_MAX_NOTEBOOKS): a create beyond it fails. */
  readonly maxNotebooks: number;
  /** Largest notebook text in UTF-8 bytes (KC_MAX_NOTEBOOK_BYTES): a create or save beyond it fails. */
  readonly maxNotebookBytes: number;
}

export const DEFAULT_NOTEBOOK_QUOTA: NotebookQuota = Object.freeze({
  maxNotebooks: 200,
  // Below the 100 KB request body limit, with room for the JSON escaping and the operation around the text.
  maxNotebookBytes: 64 * 1024,
});

/**
 * Notebooks as `<name>.md` files in one folder, the source of truth: a file edited in another editor is what
 * the next read returns.
 *
 * - Versions are sha256 over the file's bytes, so any change (even a touch-free rewrite of other bytes) shows.
 * - Writes are atomic: the text goes to a temporary file in the same folder (fsync'd), then `rename(2)` puts it
 *   in place (save) or `link(2)` does, failing if the name is taken (create, rename): readers never see half a
 *   file, and two creators of one name cannot both win.
 * - Check-then-write sequences on this store are serialised, so two requests of this server cannot both pass
 *   the version check; a writer in another process between our check and our rename is the one window left
 *   (as in any editor without file locks).
 * - A quota bounds the folder: a create past `maxNotebooks` or a text past `maxNotebookBytes` fails with
 *   QUOTA_EXCEEDED naming the limit and its setting. Files put there by other means are not refused, only counted.
 */
export class FileNotebookStore implements NotebookStore {
  readonly dir: string;
  readonly quota: NotebookQuota;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string, quota: Partial<NotebookQuota> = {}) {
    this.dir = dir;
    this.quota = Object.freeze({ ...DEFAULT_NOTEBOOK_QUOTA, ...quota });
  }

  async list(): Promise<ReadonlyArray<StoredNotebook>> {
    const names = await this.#names();
    const files = await Promise.all(names.map((name) => this.read(name)));
    return files.filter((file): file is StoredNotebook => file !== null);
  }

  read(name: string): Promise<StoredNotebook | null> {
    return this.#readFile(checkNotebookName(name, "name"));
  }

  create(name: string, text: string): Promise<StoredNotebook> {
    checkNotebookName(name, "name");
    this.#checkSize(name, text);
    return this.#serial(async () => {
      if ((await this.#names()).length >= this.quota.maxNotebooks) {
        throw tooManyNotebooks(this.quota.maxNotebooks, "KC_MAX_NOTEBOOKS");
      }
      await mkdir(this.dir, { recursive: true });
      const temp = await this.#writeTemp(text);
      try {
        await link(temp, this.#path(name)).catch((error: NodeJS.ErrnoException) => {
          throw error.code === "EEXIST" ? notebookExists(name, "name") : error;
        });
      } finally {
        await unlink(temp).catch(() => {});
      }
      return this.#mustRead(name);
    });
  }

  save(name: string, text: string, baseVersion: string): Promise<StoredNotebook> {
    checkNotebookName(name, "name");
    this.#checkSize(name, text);
    return this.#serial(async () => {
      const current = await this.#readFile(name);
      if (current === null) throw notebookGone(name);
      if (current.version !== baseVersion) throw notebookChanged(name, baseVersion, current.version);
      const temp = await this.#writeTemp(text);
      try {
        await rename(temp, this.#path(name));
      } catch (error) {
        await unlink(temp).catch(() => {});
        throw error;
      }
      return this.#mustRead(name);
    });
  }

  rename(name: string, newName: string, baseVersion: string): Promise<StoredNotebook> {
    checkNotebookName(name, "name");
    checkNotebookName(newName, "newName");
    return this.#serial(async () => {
      const current = await this.#readFile(name);
      if (current === null) throw notebookNotFound(name, "name");
      if (current.version !== baseVersion) throw notebookChanged(name, baseVersion, current.version);
      if (newName === name) return current;
      await link(this.#path(name), this.#path(newName)).catch((error: NodeJS.ErrnoException) => {
        throw error.code === "EEXIST" ? notebookExists(newName, "newName") : error;
      });
      await unlink(this.#path(name));
      return this.#mustRead(newName);
    });
  }

  delete(name: string, baseVersion: string): Promise<void> {
    checkNotebookName(name, "name");
    return this.#serial(async () => {
      const current = await this.#readFile(name);
      if (current === null) throw notebookNotFound(name, "name");
      if (current.version !== baseVersion) throw notebookChanged(name, baseVersion, current.version);
      await unlink(this.#path(name));
    });
  }

  /** The notebook names in the folder, sorted (files with other names are not notebooks). */
  async #names(): Promise<string[]> {
    const entries = await readdir(this.dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith(EXTENSION))
      .map((entry) => entry.name.slice(0, -EXTENSION.length))
      .filter(isNotebookName)
      .sort();
  }

  #checkSize(name: string, text: string): void {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > this.quota.maxNotebookBytes) {
      throw notebookTooLarge(name, bytes, this.quota.maxNotebookBytes, "KC_MAX_NOTEBOOK_BYTES");
    }
  }

  #path(name: string): string {
    return join(this.dir, name + EXTENSION);
  }

  async #readFile(name: string): Promise<StoredNotebook | null> {
    const path = this.#path(name);
    try {
      const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
      return Object.freeze({
        name,
        text: bytes.toString("utf8"),
        version: notebookVersion(bytes),
        updatedAt: info.mtime,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async #mustRead(name: string): Promise<StoredNotebook> {
    const file = await this.#readFile(name);
    if (file === null) throw notebookGone(name);
    return file;
  }

  /** A fsync'd temporary file beside the notebooks, so the final rename or link stays on one file system. */
  async #writeTemp(text: string): Promise<string> {
    const temp = join(this.dir, `.${randomBytes(6).toString("hex")}.tmp`);
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    return temp;
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => {});
    return run;
  }
}

/** sha256 (hex) of a notebook file's bytes: its version. */
export function notebookVersion(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
