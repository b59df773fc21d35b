/**
 * Thrown when a query runs longer than the warehouse's `queryTimeoutMs` and DuckDB interrupted it. The
 * connection it ran on stays usable. Callers above the warehouse can map it to a user-facing error.
 */
export class QueryTimeoutError extends Error {
  override readonly name = "QueryTimeoutError";
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options?: ErrorOptions) {
    super(
      `The query ran longer than the ${timeoutMs} ms timeout and was interrupted. ` +
        "Narrow it (fewer years or areas) or raise queryTimeoutMs.",
      options,
    );
    this.timeoutMs = timeoutMs;
  }
}
