import type { ChartSpec } from "../chart-spec.js";
import type { ResultTable } from "../flatten-result.js";
import type { ParameterSpec, ParameterValues } from "../notebook.js";

/** The snapshot that answered a cell: the `extensions.snapshot` of its GraphQL response. */
export interface CellSnapshot {
  readonly hash: string | null;
  readonly runId: string | null;
  /** ISO 8601; when the ETL run that built the snapshot finished. */
  readonly loadedAt: string | null;
}

/** A GraphQL error as a cell shows it: the message and, when known, where in the query it points. */
export interface CellError {
  readonly message: string;
  readonly code: string | null;
  /** 1-based line and column in the cell's query. */
  readonly line: number | null;
  readonly column: number | null;
  /** The response path, `share.slices.0` */
  readonly path: string | null;
}

export interface MarkdownCellRun {
  readonly kind: "markdown";
  readonly id: string;
  readonly source: string;
}

export interface QueryCellRun {
  readonly kind: "graphql";
  readonly id: string;
  readonly query: string;
  /** The variables sent, parameters bound; null when binding failed. */
  readonly variables: Readonly<Record<string, unknown>> | null;
  readonly data: unknown;
  /** Empty when the cell succeeded. */
  readonly errors: ReadonlyArray<CellError>;
  readonly snapshot: CellSnapshot | null;
  readonly table: ResultTable;
  /** The cell's chart spec, or the inferred one; null when there is nothing to plot. */
  readonly chart: ChartSpec | null;
  /** True when `chart` came from the cell's `json chart` block. */
  readonly chartFromCell: boolean;
}

export type CellRun = MarkdownCellRun | QueryCellRun;

/** A whole notebook run: what the report renderers take. Holds no wall-clock time: see `ReportOptions.ranAt`. */
export interface NotebookRun {
  readonly title: string;
  readonly description: string | null;
  readonly parameters: ReadonlyArray<ParameterSpec>;
  readonly values: ParameterValues;
  readonly cells: ReadonlyArray<CellRun>;
}

/** Query cells that failed, in order. */
export function failedCells(run: NotebookRun): ReadonlyArray<QueryCellRun> {
  return run.cells.filter((cell): cell is QueryCellRun => cell.kind === "graphql" && cell.errors.length > 0);
}

/** The distinct snapshots that answered the run's cells, in first-seen order. */
export function runSnapshots(run: NotebookRun): ReadonlyArray<CellSnapshot> {
  const seen = new Map<string, CellSnapshot>();
  for (const cell of run.cells) {
    if (cell.kind !== "graphql" || cell.snapshot === null) continue;
    const key = `${cell.snapshot.hash}|${cell.snapshot.runId}`;
    if (!seen.has(key)) seen.set(key, cell.snapshot);
  }
  return [...seen.values()];
}
