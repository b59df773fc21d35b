import { randomUUID } from "node:crypto";
import type { ReloadRun, ReloadService } from "../graphql/index.js";
import { runEtlProcess, type EtlProcessResult } from "./etl-process.js";
import type { Logger } from "./logger.js";
import type { ServedSnapshots } from "./served-snapshots.js";

export interface ReloadServiceOptions {
  /** Where the new snapshot is swapped in: this process's, or every worker's (src/server/worker-cluster.ts). */
  readonly snapshots: Pick<ServedSnapshots, "swapTo">;
  readonly projectRoot: string;
  readonly dataDir: string;
  /** More data folders a reload may load, by name (`default` is `dataDir`); from the configuration only. */
  readonly dataSources?: ReadonlyMap<string, string>;
  /** The served warehouse file; the ETL replaces it atomically and the new file is opened in its place. */
  readonly warehousePath: string;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** Runs the ETL; the default is the CLI in a child process. Tests may pass a fake. */
  readonly runEtl?: typeof runEtlProcess;
}

const KEEP_RUNS = 50;

/**
 * Reloads one at a time: runs the ETL out of process, then opens the new snapshot read-only and swaps it in.
 * Requests in flight finish on the old snapshot; new ones get the new one. A failed ETL changes nothing.
 */
export class EtlReloadService implements ReloadService {
  readonly #options: ReloadServiceOptions;
  readonly #clock: () => Date;
  readonly #runs: ReloadRun[] = [];
  #running: Promise<void> | undefined;

  constructor(options: ReloadServiceOptions) {
    this.#options = options;
    this.#clock = options.clock ?? (() => new Date());
  }

  sources(): ReadonlyArray<string> {
    return ["default", ...[...(this.#options.dataSources?.keys() ?? [])].filter((n) => n !== "default")];
  }

  /** `runId`: the id to give the new run (a cluster worker names it before the writer starts it). */
  start(source = "default", runId: string = randomUUID()): ReloadRun {
    const current = this.#runs[0];
    if (this.#running !== undefined && current !== undefined) return current;
    const dataDir = source === "default" ? this.#options.dataDir : this.#options.dataSources?.get(source);
    // The resolver checks the name against sources(); this is the last guard, never a path from a request.
    if (dataDir === undefined) throw new Error(`Unknown data source "${source}".`);
    const run: ReloadRun = Object.freeze({
      runId,
      source,
      state: "running",
      startedAt: this.#clock(),
      finishedAt: null,
      report: null,
      message: null,
    });
    this.#runs.unshift(run);
    this.#runs.length = Math.min(this.#runs.length, KEEP_RUNS);
    this.#running = this.#reload(run.runId, dataDir).finally(() => (this.#running = undefined));
    return run;
  }

  get(runId: string): ReloadRun | undefined {
    return this.#runs.find((r) => r.runId === runId);
  }

  latest(): ReloadRun | undefined {
    return this.#runs[0];
  }

  list(): ReadonlyArray<ReloadRun> {
    return [...this.#runs];
  }

  /** Resolves when the reload in progress (if any) has finished; for shutdown and tests. */
  async settled(): Promise<void> {
    await this.#running;
  }

  async #reload(runId: string, dataDir: string): Promise<void> {
    const { snapshots, projectRoot, warehousePath, logger } = this.#options;
    const runEtl = this.#options.runEtl ?? runEtlProcess;
    logger.info(`Reload ${runId}: running the ETL on ${dataDir} into ${warehousePath}`);
    let result: EtlProcessResult;
    try {
      result = await runEtl({ projectRoot, dataDir, dbPath: warehousePath });
    } catch (error) {
      this.#finish(runId, "failed", null, `The ETL could not be run: ${(error as Error).message}`);
      logger.error(`Reload ${runId} failed: the ETL could not be run.`, error);
      return;
    }
    const { report } = result;
    if (result.exitCode !== 0 || report === null || report.status !== "succeeded") {
      const reason =
        report?.errors[0]?.message ??
        (result.stderrTail.at(-1) ||
          `The ETL exited with code ${String(result.exitCode)} and printed no report.`);
      const message = `The ETL failed, so the server keeps serving the previous snapshot. ${reason}`;
      this.#finish(runId, "failed", report, message);
      logger.warn(`Reload ${runId}: ${message}`);
      return;
    }
    try {
      const { info, retired } = await snapshots.swapTo(warehousePath, { etlRunId: report.runId });
      retired.catch((error: unknown) =>
        logger.error(`Reload ${runId}: closing the previous snapshot failed.`, error),
      );
      this.#finish(runId, "succeeded", report, null);
      logger.info(
        `Reload ${runId}: now serving snapshot ${info.hash ?? "?"} (ETL run ${info.etlRunId ?? "?"})`,
      );
    } catch (error) {
      const message = `The ETL succeeded but the new snapshot could not be opened, so the server keeps serving the previous snapshot. ${(error as Error).message}`;
      this.#finish(runId, "failed", report, message);
      logger.error(`Reload ${runId}: ${message}`, error);
    }
  }

  #finish(
    runId: string,
    state: ReloadRun["state"],
    report: ReloadRun["report"],
    message: string | null,
  ): void {
    const index = this.#runs.findIndex((r) => r.runId === runId);
    if (index === -1) return;
    this.#runs[index] = Object.freeze({
      ...this.#runs[index],
      state,
      finishedAt: this.#clock(),
      report,
      message,
    });
  }
}
