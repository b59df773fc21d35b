import { join } from "node:path";

/**
 * An ETL run's id: its start time and 6 random hex digits, `20261203T155715Z-3f9c2a`. Checked before an id
 * from a request becomes part of a file name, so that no other file can be named.
 */
export const RUN_ID_PATTERN = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

export function isRunId(text: string): boolean {
  return RUN_ID_PATTERN.test(text);
}

/** The folder of the runs' data-quality pages, beside the warehouse: `<db>.reports/`. */
export function qualityPagesDir(dbPath: string): string {
  return `${dbPath}.reports`;
}

/** The data-quality page of one run: `<db>.reports/<runId>.html`. Throws for a text that is not a run id. */
export function qualityPagePath(dbPath: string, runId: string): string {
  if (!isRunId(runId)) throw new Error(`"${runId}" is not an ETL run id (such as 20261203T155715Z-3f9c2a).`);
  return join(qualityPagesDir(dbPath), `${runId}.html`);
}
