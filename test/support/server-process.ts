import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { PROJECT_ROOT } from "./test-warehouse.js";

/** A server started as `npm start` starts it (node --import tsx src/server/main.ts), as a real process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output (waiting for it), or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s; resolves with its exit code. */
  stop(): Promise<number | null>;
}

export function startServerProcess(
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
): ServerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts", ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const listeners = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      text += chunk;
      for (const listener of listeners) listener();
    });
  }
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = text.match(pattern);
          if (match === null) return;
          done();
          resolve(match);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`The server did not print ${String(pattern)} within ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface PlainResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * One request on a connection of its own (no keep-alive), so that consecutive requests reach the workers of a
 * cluster in turn, as different clients would.
 */
export function requestOnce(
  url: URL | string,
  options: {
    readonly method?: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
    /** Gives up (rejects) after this long without an answer; 30 s when absent. */
    readonly timeoutMs?: number;
  } = {},
): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    const timeoutMs = options.timeoutMs ?? 30_000;
    request.setTimeout(timeoutMs, () =>
      request.destroy(new Error(`No answer from ${String(url)} within ${timeoutMs} ms.`)),
    );
    request.end(options.body);
  });
}

export interface GraphqlBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: ReadonlyArray<{
    readonly message: string;
    readonly extensions?: Record<string, unknown>;
  }>;
  readonly extensions?: {
    readonly snapshot?: { readonly hash: string | null; readonly runId: string | null };
  };
}

/** POSTs a GraphQL operation on a connection of its own. */
export async function postGraphql(
  base: URL,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ readonly status: number; readonly body: GraphqlBody }> {
  const response = await requestOnce(new URL("graphql", base), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: JSON.parse(response.body) as never };
}
