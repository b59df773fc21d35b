/** One notebook file as stored: its name (the file name without `.md`), its bytes as text, and their version. */
export interface StoredNotebook {
  /** A safe slug, `[a-z0-9-]+`: the file is `<name>.md` in the notebooks folder. */
  readonly name: string;
  /** The file's content, exactly as written (no line-ending or trailing-newline normalisation). */
  readonly text: string;
  /** sha256 (hex) of the file's bytes: what a client sends back as `baseVersion`. */
  readonly version: string;
  /** The file's modification time. */
  readonly updatedAt: Date;
}

/**
 * Where notebooks live. Files on disk are the source of truth (src/server/file-notebook-store.ts); every
 * change takes the version the client loaded and fails with a CONFLICT error (notebook-errors.ts) when the
 * file changed since, so a concurrent edit is never lost silently. Names are checked with
 * `checkNotebookName` before they reach a path. Implementations throw only the errors of notebook-errors.ts
 * for expected failures.
 */
export interface NotebookStore {
  /** Every notebook whose file name is a valid name, sorted by name. */
  list(): Promise<ReadonlyArray<StoredNotebook>>;
  /** The notebook, or null when there is no such file. */
  read(name: string): Promise<StoredNotebook | null>;
  /** Writes a new notebook; fails when the name is taken. */
  create(name: string, text: string): Promise<StoredNotebook>;
  /** Replaces the text when the file is still at `baseVersion`; CONFLICT when it changed or was removed. */
  save(name: string, text: string, baseVersion: string): Promise<StoredNotebook>;
  /** Renames the file when it is still at `baseVersion`; fails when `newName` is taken. */
  rename(name: string, newName: string, baseVersion: string): Promise<StoredNotebook>;
  /** Deletes the file when it is still at `baseVersion`. */
  delete(name: string, baseVersion: string): Promise<void>;
}
