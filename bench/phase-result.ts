/** What a phase reports back to the orchestrator. */
export interface PhaseResult {
  readonly phase: "etl" | "read-csv";
  readonly ok: boolean;
  readonly seconds: number;
  /** Rows that reached the funding table. */
  readonly rows: number;
  /** Process-wide peak resident set size, bytes (getrusage maxrss). */
  readonly peakRssBytes: number;
  /** RSS after imports, just before the timed work: Node, tsx and DuckDB's library. */
  readonly startRssBytes: number;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly errors: ReadonlyArray<string>;
}
