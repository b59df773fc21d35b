import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/** The real server (src/server/main.ts) running in a child process of its own. */
export interface ApiServer {
  /** http://localhost:<port>/graphql */
  readonly graphqlUrl: string;
  readonly pid: number;
  /** The environment it was started with, for the report (UV_THREADPOOL_SIZE, NODE_ENV, KC_POOL_SIZE, any `env`). */
  readonly env: Readonly<Record<string, string>>;
  /** SIGTERM (the server drains and closes the warehouse), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export interface StartApiServerOptions {
  readonly warehousePath: string;
  /** The folder the warehouse was built from: the server rebuilds from it if the model changed. */
  readonly dataDir: string;
  readonly nodeFlags?: ReadonlyArray<string>;
  /** Set on top of the defaults below; `undefined` removes a variable the benchmark itself inherited. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
}

const ROOT = new URL("../", import.meta.url).pathname;
const MAIN = new URL("../src/server/main.ts", import.meta.url).pathname;

/**
 * Starts `node --import tsx src/server/main.ts` as `npm start` does (UV_THREADPOOL_SIZE=16), with
 * NODE_ENV=production, a free port (--port 0), the warehouse opened read-only and `options.env` on top, and
 * resolves once it prints its GraphQL URL.
 */
export function startApiServer(options: StartApiServerOptions): Promise<ApiServer> {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "production",
    UV_THREADPOOL_SIZE: "16",
    KC_POOL_SIZE: "4",
    KC_ADMIN_TOKEN: "bench-not-a-secret",
    ...options.env,
  };
  for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
  const env: Record<string, string> = {};
  for (const name of [
    "NODE_ENV",
    "UV_THREADPOOL_SIZE",
    "KC_POOL_SIZE",
    "KC_ADMIN_TOKEN",
    ...Object.keys(options.env ?? {}),
  ]) {
    const value = childEnv[name];
    if (value !== undefined) env[name] = value;
  }
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeFlags ?? []),
      "--import",
      "tsx",
      MAIN,
      "--port",
      "0",
      "--db",
      options.warehousePath,
      "--data",
      options.dataDir,
    ],
    { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stopping = false;
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const onLine = (line: string): void => {
      lines.push(line);
      if (lines.length > 40) lines.shift();
      if (/error|warning/i.test(line)) options.log(`server: ${line}`);
      const url = /GraphQL:\s+(http:\/\/\S+\/graphql)/.exec(line)?.[1];
      if (url !== undefined) {
        resolve({
          graphqlUrl: url,
          pid: child.pid ?? 0,
          env,
          stop: () => {
            stopping = true;
            return stop(child, exited);
          },
        });
      }
    };
    createInterface({ input: child.stdout }).on("line", onLine);
    createInterface({ input: child.stderr }).on("line", onLine);
    child.once("exit", (code, signal) => {
      if (!stopping) {
        options.log(
          `server: exited unexpectedly (${code ?? signal}); last lines:\n${lines.slice(-10).join("\n")}`,
        );
      }
      reject(
        new Error(
          `The server exited (${code ?? signal}) before listening. Last lines:\n${lines.slice(-10).join("\n")}`,
        ),
      );
    });
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
