/** Where the server writes what an operator should see. Tests pass one that records. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** `cause` is logged with its stack, so a masked error can be traced. */
  error(message: string, cause?: unknown): void;
}

/** Lines on stderr (info on stdout), each with an ISO timestamp. */
export function consoleLogger(clock: () => Date = () => new Date()): Logger {
  const stamp = (): string => clock().toISOString();
  return {
    info: (message) => console.log(`${stamp()} ${message}`),
    warn: (message) => console.warn(`${stamp()} warning: ${message}`),
    error: (message, cause) => {
      console.error(`${stamp()} error: ${message}`);
      if (cause !== undefined) console.error(describeCause(cause));
    },
  };
}

/** The stack (or the value) of a cause, following `cause` chains. */
export function describeCause(cause: unknown): string {
  const lines: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    lines.push(
      (depth > 0 ? "caused by: " : "") +
        (current instanceof Error ? (current.stack ?? current.message) : String(current)),
    );
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join("\n");
}
