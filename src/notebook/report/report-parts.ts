import type { ParameterSpec } from "../notebook.js";
import { formatParameterValue, type ReportLocale } from "./format-value.js";
import { runSnapshots, type CellError, type CellSnapshot, type NotebookRun } from "./notebook-run.js";

export interface ReportOptions {
  readonly locale: ReportLocale;
  /**
   * When the run happened (ISO 8601), written on one header line of its own; null leaves the line out, so two
   * runs on the same snapshot give byte-identical reports.
   */
  readonly ranAt: string | null;
  /**
   * The address of the page's view of this run (the notebook, its values, the number format:
   * src/notebook/view-link.ts), written in the header; absent or null when there is no server to link to.
   */
  readonly link?: string | null;
}

/** The report's link when it is a web address (anything else is left out rather than linked). */
export function reportLink(options: ReportOptions): string | null {
  const link = options.link ?? null;
  return link !== null && /^https?:\/\//i.test(link) ? link : null;
}

/** The header's snapshot sentence: one snapshot, or a note that cells were answered by several. */
export function snapshotSummary(run: NotebookRun): string {
  const snapshots = runSnapshots(run);
  if (snapshots.length === 0) return "Snapshot (bản dữ liệu): not reported by the server.";
  if (snapshots.length === 1) return `Snapshot (bản dữ liệu): ${describeSnapshot(snapshots[0]!)}.`;
  return `Snapshots (bản dữ liệu): ${snapshots.length} different ones answered this run (a reload happened meanwhile); each cell names its own.`;
}

/** `hash 1a2b…, ETL run r-…, loaded 2024-…`. */
export function describeSnapshot(snapshot: CellSnapshot): string {
  return [
    `hash ${snapshot.hash ?? "(none)"}`,
    `ETL run ${snapshot.runId ?? "(none)"}`,
    ...(snapshot.loadedAt === null ? [] : [`loaded ${snapshot.loadedAt}`]),
  ].join(", ");
}

export function describeParameter(parameter: ParameterSpec, run: NotebookRun): string {
  const value = run.values[parameter.name] ?? parameter.default;
  return formatParameterValue(parameter, value);
}

/** `line 3, column 5: Unknown area "nort"… [BAD_USER_INPUT] at share` */
export function describeError(error: CellError): string {
  const at = error.line === null ? "" : `line ${error.line}, column ${error.column ?? 1}: `;
  const code = error.code === null ? "" : ` [${error.code}]`;
  const path = error.path === null ? "" : ` at ${error.path}`;
  return `${at}${error.message}${code}${path}`;
}

/** One-line JSON for the variables sent, keys in the order the cell wrote them. */
export function variablesJson(variables: Readonly<Record<string, unknown>> | null): string | null {
  return variables === null || Object.keys(variables).length === 0 ? null : JSON.stringify(variables);
}
