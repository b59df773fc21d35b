import { randomUUID } from "node:crypto";
import { GraphQLError, type GraphQLErrorExtensions } from "graphql";
import type { ReloadRun, ReloadService, SnapshotInfo } from "../graphql/index.js";
import type { NotebookStore, StoredNotebook } from "../graphql/notebooks/index.js";
import type { Logger } from "./logger.js";
import type { ServedSnapshots } from "./served-snapshots.js";

/** The writes a worker hands to the writer (the cluster's primary). */
export type WriterMethod =
  "reload.start" | "notebooks.create" | "notebooks.save" | "notebooks.rename" | "notebooks.delete";

/** An error as it crosses processes: GraphQL's user-facing errors keep their code. */
export interface SentError {
  readonly message: string;
  readonly extensions?: GraphQLErrorExtensions;
}

/** Worker → writer. */
export type ToWriter =
  | { readonly kc: "call"; readonly id: number; readonly method: WriterMethod; readonly args: unknown[] }
  | { readonly kc: "swapped"; readonly id: number; readonly info?: SnapshotInfo; readonly error?: string };

/** Writer → worker. */
export type ToWorker =
  | { readonly kc: "reply"; readonly id: number; readonly value?: unknown; readonly error?: SentError }
  | { readonly kc: "runs"; readonly runs: ReadonlyArray<ReloadRun> }
  | { readonly kc: "swap"; readonly id: number; readonly path: string; readonly etlRunId: string };

/** The IPC channel of a cluster worker (`process` in a worker forked with serialization "advanced"). */
export interface WorkerChannel {
  send(message: ToWriter): unknown;
  on(event: "message", listener: (message: unknown) => void): unknown;
}

export function isKcMessage(message: unknown): message is { readonly kc: string } {
  return (
    typeof message === "object" && message !== null && typeof (message as { kc?: unknown }).kc === "string"
  );
}

export function toSentError(error: unknown): SentError {
  if (error instanceof GraphQLError) return { message: error.message, extensions: { ...error.extensions } };
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * A worker's side of the one-writer rule on one machine. Every worker serves reads from its own read-only
 * snapshot; the writes (a `reloadWarehouse`, creating, saving, renaming and deleting notebooks) are sent to the
 * primary process, which runs them one at a time and tells every worker the result: the reload's state (each
 * worker keeps a copy, so `reloadStatus` answers the same everywhere) and the snapshot to swap to.
 */
export class WriterLink {
  readonly #channel: WorkerChannel;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #nextId = 1;
  #runs: ReadonlyArray<ReloadRun> = [];
  #snapshots: ServedSnapshots | undefined;
  #logger: Logger | undefined;

  constructor(channel: WorkerChannel) {
    this.#channel = channel;
    channel.on("message", (message) => {
      if (isKcMessage(message)) this.#receive(message as ToWorker);
    });
  }

  /** Swaps `snapshots` when the writer has published a new snapshot (the watcher would too, a moment later). */
  serveSwaps(snapshots: ServedSnapshots, logger: Logger): void {
    this.#snapshots = snapshots;
    this.#logger = logger;
  }

  /** Reloads started on the writer; `list`, `get` and `latest` answer from the copy the writer keeps current. */
  reloads(sources: ReadonlyArray<string>): ReloadService {
    return {
      sources: () => sources,
      start: (source = "default") => this.#startReload(source),
      get: (runId) => this.#runs.find((run) => run.runId === runId),
      latest: () => this.#runs[0],
      list: () => [...this.#runs],
    };
  }

  /** Reads from `local` (writes are atomic renames, so any process may read); writes go to the writer. */
  notebooks(local: NotebookStore): NotebookStore {
    const call = (method: WriterMethod, ...args: unknown[]) => this.#call(method, args);
    return {
      list: () => local.list(),
      read: (name) => local.read(name),
      create: (name, text) => call("notebooks.create", name, text) as Promise<StoredNotebook>,
      save: (name, text, baseVersion) =>
        call("notebooks.save", name, text, baseVersion) as Promise<StoredNotebook>,
      rename: (name, newName, baseVersion) =>
        call("notebooks.rename", name, newName, baseVersion) as Promise<StoredNotebook>,
      delete: async (name, baseVersion) => void (await call("notebooks.delete", name, baseVersion)),
    };
  }

  /**
   * Answers at once, as `reloadWarehouse` must: the run the writer is running, or a new one named here and
   * started there. Two workers starting at the same instant: the writer keeps the first, and the second run is
   * marked failed, naming the first (its `reloadStatus` says which to follow).
   */
  #startReload(source: string): ReloadRun {
    const running = this.#runs[0];
    if (running?.state === "running") return running;
    const run: ReloadRun = Object.freeze({
      runId: randomUUID(),
      source,
      state: "running",
      startedAt: new Date(),
      finishedAt: null,
      report: null,
      message: null,
    });
    this.#runs = [run, ...this.#runs];
    this.#call("reload.start", [source, run.runId]).catch((error: unknown) => {
      this.#runs = this.#runs.map((r) =>
        r.runId === run.runId
          ? Object.freeze({
              ...r,
              state: "failed" as const,
              finishedAt: new Date(),
              message: `The reload could not be started: ${(error as Error).message}`,
            })
          : r,
      );
    });
    return run;
  }

  #call(method: WriterMethod, args: unknown[]): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#channel.send({ kc: "call", id, method, args });
    });
  }

  #receive(message: ToWorker): void {
    switch (message.kc) {
      case "reply": {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error === undefined) pending?.resolve(message.value);
        else
          pending?.reject(
            message.error.extensions === undefined
              ? new Error(message.error.message)
              : new GraphQLError(message.error.message, { extensions: message.error.extensions }),
          );
        return;
      }
      case "runs":
        // Runs this worker named that the writer does not know yet stay until it does.
        this.#runs = [
          ...this.#runs.filter(
            (mine) => mine.state === "running" && !message.runs.some((r) => r.runId === mine.runId),
          ),
          ...message.runs,
        ];
        return;
      case "swap":
        void this.#swap(message.id, message.path, message.etlRunId);
        return;
    }
  }

  async #swap(id: number, path: string, etlRunId: string): Promise<void> {
    if (this.#snapshots === undefined) {
      this.#channel.send({ kc: "swapped", id, error: "The worker is still starting." });
      return;
    }
    try {
      const { info, retired } = await this.#snapshots.swapTo(path, { etlRunId });
      retired.catch((error: unknown) => this.#logger?.error("Closing the previous snapshot failed.", error));
      this.#channel.send({ kc: "swapped", id, info });
    } catch (error) {
      this.#channel.send({ kc: "swapped", id, error: (error as Error).message });
    }
  }
}
