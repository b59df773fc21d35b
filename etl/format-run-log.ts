import { isLoadRun, type RunLogEntry } from "./load/run-log.js";

/** Entries `npm run snapshots -- list` shows when not told otherwise: the newest ones. */
export const RUN_LOG_LINES_LISTED = 20;

/**
 * The run log as an operator reads it to know which snapshot was served when: one line per entry, oldest first,
 * the newest `limit` of them. A load says its run and outcome at the time it finished (when it was published);
 * a rollback says from which run's snapshot to which, who made it, and why it failed.
 *
 *   2026-12-03 15:57:15Z  load      20261203T155715Z-bbbbbb  succeeded
 *   2026-12-03 16:02:40Z  rollback  20261203T155715Z-bbbbbb -> 20261203T155714Z-aaaaaa  succeeded (cli)
 */
export function formatRunLog(
  entries: ReadonlyArray<RunLogEntry>,
  limit: number = RUN_LOG_LINES_LISTED,
): string[] {
  const shown = entries.slice(Math.max(0, entries.length - limit));
  return shown.map((entry) => {
    if (isLoadRun(entry)) return `${when(entry.finished_at)}  load      ${entry.run_id}  ${entry.status}`;
    const outcome =
      entry.status === "succeeded" ? "succeeded" : `FAILED: ${entry.error ?? "no reason recorded"}`;
    return (
      `${when(entry.at)}  rollback  ${entry.from_run_id ?? "(not kept)"} -> ${entry.to_run_id ?? "(none)"}  ` +
      `${outcome} (${entry.by})`
    );
  });
}

/** `2026-12-03 15:57:15Z`: UTC to the second, as run ids are. */
function when(date: Date): string {
  return Number.isNaN(date.getTime())
    ? "(no time)".padEnd("2026-12-03 15:57:15Z".length)
    : date
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, "Z");
}
