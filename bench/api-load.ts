import autocannon from "autocannon";

/** Latency and throughput of one measurement, HTTP or SQL, computed the same way for both. */
export interface LoadStats {
  /** Requests (HTTP) or queries sets (SQL) completed in the window. */
  readonly completed: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  /** Failed requests: errors, timeouts, non-2xx, or a body that differs from the first response's. */
  readonly failures: number;
  /** What the failures were (HTTP only), e.g. "3 non-2xx, 2 mismatches". */
  readonly failureKinds?: string;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ReadonlyArray<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Stats from every latency (ms) of a window of `seconds`. */
export function loadStats(latenciesMs: number[], seconds: number, failures: number): LoadStats {
  const sorted = latenciesMs.sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    completed: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    failures,
  };
}

export interface HttpLoadOptions {
  readonly url: string;
  readonly body: string;
  /** Every response must be exactly this (the snapshot is fixed, so the answer is too). */
  readonly expectBody: string;
  readonly connections: number;
  readonly seconds: number;
}

/**
 * POSTs `body` to `url` from `connections` keep-alive connections for `seconds` with autocannon. Latencies are
 * taken from autocannon's per-response event (fractional ms; its own histogram rounds to whole ms).
 */
export async function httpLoad(options: HttpLoadOptions): Promise<LoadStats> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: options.body,
        connections: options.connections,
        duration: options.seconds,
        expectBody: options.expectBody,
        // Well above the server's own request limit (30 s): a slow answer is measured, not dropped.
        timeout: 120,
      },
      (error, result) => (error === null || error === undefined ? resolve(result) : reject(error)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
    });
  });
  // autocannon reports a wrong body as a mismatch and still counts it as a 2xx response.
  const failures = result.errors + result.timeouts + result.non2xx + result.mismatches;
  const ok = latencies.length - result.mismatches;
  const stats = loadStats(latencies, result.duration, failures);
  const kinds = Object.entries({
    errors: result.errors,
    timeouts: result.timeouts,
    "non-2xx": result.non2xx,
    "different bodies": result.mismatches,
  })
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${n} ${name}`)
    .join(", ");
  return { ...stats, completed: ok, perSecond: ok / result.duration, failureKinds: kinds };
}

/** One POST, for the expected body and a check that the operation answers without errors. */
export async function postOnce(url: string, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return { status: response.status, text: await response.text() };
}
