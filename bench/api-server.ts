import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/** The real server (src/server/main.ts) running in a child process of its own. */
export interface ApiServer {
  /** http://localhost:<port>/graphql */
  readonly graphqlUrl: string;
  readonly pid: number;
  /** The environment it was started with, for the report (UV_THREADPOOL_SIZE, NODE_ENV, KC_POOL_SIZE). */
  readonly env: Readonly<Record<string, string>>;
  /** SIGTERM (the server drains and closes the warehouse), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export interface StartApiServerOptions {
  readonly warehousePath: string;
  /** The folder the warehouse was built from: the server rebuilds from it if the model changed. */
  readonly dataDir: string;
  readonly nodeFlags?: ReadonlyArray<string>;
  readonly log: (line: string) => void;
}

const ROOT = new URL("../", import.meta.url).pathname;
const MAIN = new URL("../src/server/main.ts", import.meta.url).pathname;

/**
 * Starts `node --import tsx src/server/main.ts` as `npm start` does (UV_THREADPOOL_SIZE=16), with
 * NODE_ENV=production, a free port (--port 0) and the warehouse opened read-only, and resolves once it prints
 * its GraphQL URL.
 */
export function startApiServer(options: StartApiServerOptions): Promise<ApiServer> {
  const env = {
    NODE_ENV: "production",
    UV_THREADPOOL_SIZE: "16",
    KC_POOL_SIZE: "4",
    KC_ADMIN_TOKEN: "bench-not-a-secret",
  };
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
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
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
