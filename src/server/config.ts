import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { LOOPBACK_HOSTS, normalizeHost } from "./host-check.js";
import { DEFAULT_RESULT_CACHE_ENTRIES } from "./snapshot-result-cache.js";

/** Everything the server is configured with, read once at start. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /**
   * Host header names the server answers to besides IP addresses (normalized): localhost, 127.0.0.1, [::1],
   * `host` when it names one interface, and those of --allowed-hosts / KC_ALLOWED_HOSTS (`*`: any name).
   */
  readonly allowedHosts: ReadonlyArray<string>;
  /** Absolute path of the served warehouse file. */
  readonly warehousePath: string;
  /** Absolute path of the data folder the ETL reads. */
  readonly dataDir: string;
  readonly adminToken: string;
  /** True when no token was configured and `adminToken` was generated at start (print it once). */
  readonly adminTokenGenerated: boolean;
  readonly poolSize: number;
  readonly queryTimeoutMs: number;
  readonly resultCacheEntries: number;
  readonly requestTimeoutMs: number;
  readonly bodyLimitBytes: number;
  /** The project root: the ETL child runs here. */
  readonly projectRoot: string;
  /** The built web UI (vite build output). */
  readonly webDir: string;
  /** Absolute path of the notebooks folder (the files are the source of truth). */
  readonly notebooksDir: string;
}

/** A bad flag or environment variable; the message says which and what to give instead. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const USAGE = `Usage: npm start -- [--port N] [--host HOST] [--allowed-hosts NAMES] [--db FILE] [--data DIR] [--admin-token TOKEN] [--notebooks DIR]

Flags win over environment variables:
  --port         PORT                  port to listen on (default 4000)
  --host         HOST                  interface to listen on (default 127.0.0.1, reachable as localhost)
  --allowed-hosts KC_ALLOWED_HOSTS     more host names the server answers to, comma-separated (IP addresses,
                                       localhost and --host always; * answers any name: only behind a proxy)
  --db           KC_WAREHOUSE          warehouse file (default .warehouse/khuyen-cong.duckdb; built from --data if missing)
  --data         KC_DATA_DIR           data folder the ETL reads (default data)
  --admin-token  KC_ADMIN_TOKEN        token for reloadWarehouse (default: a random token printed at start)
  --notebooks    KC_NOTEBOOKS_DIR      notebooks folder (default notebooks)
                 KC_POOL_SIZE          DuckDB connections (default 4)
                 KC_QUERY_TIMEOUT_MS   interrupt a warehouse query after this long (default 10000)
                 KC_RESULT_CACHE_ENTRIES analysis results kept per snapshot (default 500; 0 turns it off)
                 KC_REQUEST_TIMEOUT_MS stop a GraphQL request after this long (default 30000)
                 KC_BODY_LIMIT_BYTES   largest request body accepted (default 102400)`;

const DEFAULTS = Object.freeze({
  port: 4000,
  host: "127.0.0.1",
  warehouse: ".warehouse/khuyen-cong.duckdb",
  data: "data",
  notebooks: "notebooks",
  poolSize: 4,
  queryTimeoutMs: 10_000,
  resultCacheEntries: DEFAULT_RESULT_CACHE_ENTRIES,
  requestTimeoutMs: 30_000,
  bodyLimitBytes: 100 * 1024,
});

/**
 * Reads flags (`argv`, without node and the script) and environment variables; this is the only module that
 * reads `process.env`. Relative paths are taken from the working directory, as the ETL CLI takes them.
 * Throws ConfigError on a bad value.
 */
export function loadConfig(
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerConfig {
  let flags;
  try {
    flags = parseArgs({
      args: [...argv],
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "allowed-hosts": { type: "string" },
        db: { type: "string" },
        data: { type: "string" },
        "admin-token": { type: "string" },
        notebooks: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n${USAGE}`);
  }
  const pick = (flag: string | undefined, name: string): string | undefined => {
    const value = flag ?? env[name];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const token = pick(flags["admin-token"], "KC_ADMIN_TOKEN");
  const host = pick(flags.host, "HOST") ?? DEFAULTS.host;
  return Object.freeze({
    port: integer(pick(flags.port, "PORT"), DEFAULTS.port, "--port / PORT", 0, 65_535),
    host,
    allowedHosts: allowedHosts(host, pick(flags["allowed-hosts"], "KC_ALLOWED_HOSTS")),
    warehousePath: absolute(pick(flags.db, "KC_WAREHOUSE") ?? DEFAULTS.warehouse),
    dataDir: absolute(pick(flags.data, "KC_DATA_DIR") ?? DEFAULTS.data),
    adminToken: token ?? randomBytes(24).toString("base64url"),
    adminTokenGenerated: token === undefined,
    poolSize: integer(env.KC_POOL_SIZE, DEFAULTS.poolSize, "KC_POOL_SIZE", 1, 64),
    resultCacheEntries: integer(
      env.KC_RESULT_CACHE_ENTRIES,
      DEFAULTS.resultCacheEntries,
      "KC_RESULT_CACHE_ENTRIES",
      0,
      100_000,
    ),
    queryTimeoutMs: integer(
      env.KC_QUERY_TIMEOUT_MS,
      DEFAULTS.queryTimeoutMs,
      "KC_QUERY_TIMEOUT_MS",
      1,
      3_600_000,
    ),
    requestTimeoutMs: integer(
      env.KC_REQUEST_TIMEOUT_MS,
      DEFAULTS.requestTimeoutMs,
      "KC_REQUEST_TIMEOUT_MS",
      1,
      3_600_000,
    ),
    bodyLimitBytes: integer(
      env.KC_BODY_LIMIT_BYTES,
      DEFAULTS.bodyLimitBytes,
      "KC_BODY_LIMIT_BYTES",
      1024,
      100 << 20,
    ),
    projectRoot: PROJECT_ROOT,
    webDir: resolve(PROJECT_ROOT, "src/web/dist"),
    notebooksDir: absolute(pick(flags.notebooks, "KC_NOTEBOOKS_DIR") ?? DEFAULTS.notebooks),
  });
}

/** The loopback names, `host` unless it is every interface (0.0.0.0, ::), and the listed names. */
function allowedHosts(host: string, list: string | undefined): ReadonlyArray<string> {
  const names = new Set(LOOPBACK_HOSTS);
  const listening = normalizeHost(host);
  if (listening !== null && listening !== "0.0.0.0" && listening !== "[::]") names.add(listening);
  for (const item of list?.split(",") ?? []) {
    if (item.trim() === "") continue;
    const name = item.trim() === "*" ? "*" : normalizeHost(item);
    if (name === null) {
      throw new ConfigError(
        `--allowed-hosts / KC_ALLOWED_HOSTS has "${item.trim()}": give host names or addresses without scheme, port or path, separated by commas (example: analytics.example.org,kc.lan).`,
      );
    }
    names.add(name);
  }
  return Object.freeze([...names]);
}

function absolute(path: string): string {
  return resolve(path);
}

function integer(text: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} is "${text}": give a whole number from ${min} to ${max}.`);
  }
  return value;
}
