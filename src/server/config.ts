import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { LOOPBACK_HOSTS, normalizeHost } from "./host-check.js";
import { DEFAULT_NOTEBOOK_QUOTA } from "./file-notebook-store.js";
import { DEFAULT_RESULT_CACHE_ENTRIES } from "./snapshot-result-cache.js";
import { DEFAULT_MAX_ANALYSES } from "../graphql/analysis-limit.rule.js";
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RESULT_ROWS } from "./response-limits.js";
import { DEFAULT_MAX_ESTIMATED_ROWS, DEFAULT_MAX_ROWS_IN_FLIGHT } from "./analysis-cost.plugin.js";

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
  /**
   * The data folders `reloadWarehouse(source:)` may load, by name: `default` is `dataDir`, the others come
   * from --data-sources / KC_DATA_SOURCES (`name=folder,…`). A request names one; it never gives a path.
   */
  readonly dataSources: ReadonlyMap<string, string>;
  readonly adminToken: string;
  /** True when no token was configured and `adminToken` was generated at start (print it once). */
  readonly adminTokenGenerated: boolean;
  /** The token every change (notebooks) needs; the admin token works too. */
  readonly writeToken: string;
  /** True when no write token was configured and `writeToken` was generated at start (print it once). */
  readonly writeTokenGenerated: boolean;
  /** --allow-generated-token / KC_ALLOW_GENERATED_TOKEN: start on a non-loopback host with a generated token. */
  readonly allowGeneratedToken: boolean;
  /** KC_MAX_NOTEBOOKS: most notebooks in the folder. */
  readonly maxNotebooks: number;
  /** KC_MAX_NOTEBOOK_BYTES: largest notebook text, in UTF-8 bytes. */
  readonly maxNotebookBytes: number;
  readonly poolSize: number;
  readonly queryTimeoutMs: number;
  readonly resultCacheEntries: number;
  /** Read each snapshot's rollups where they answer a request exactly (KC_ROLLUPS, default on; off: facts only). */
  readonly rollups: boolean;
  readonly requestTimeoutMs: number;
  readonly bodyLimitBytes: number;
  /** KC_MAX_RESPONSE_BYTES: largest response body. */
  readonly maxResponseBytes: number;
  /** KC_MAX_RESULT_ROWS: rows (objects in lists) per top-level field of a response. */
  readonly maxResultRows: number;
  /** KC_MAX_ANALYSES: analyses per operation, each alias counted. */
  readonly maxAnalyses: number;
  /** KC_MAX_ESTIMATED_ROWS: estimated rows per request, all analyses and aliases together. */
  readonly maxEstimatedRows: number;
  /** KC_MAX_ROWS_IN_FLIGHT: estimated rows of the large requests running at once. */
  readonly maxRowsInFlight: number;
  /** The project root: the ETL child runs here. */
  readonly projectRoot: string;
  /** The built web UI (vite build output). */
  readonly webDir: string;
  /** Absolute path of the notebooks folder (the files are the source of truth). */
  readonly notebooksDir: string;
  /**
   * --workers / KC_WORKERS: server processes on this machine sharing the port (node:cluster), all serving the
   * same read-only snapshot; the primary process is the one writer (src/server/worker-cluster.ts). 1: no cluster.
   */
  readonly workers: number;
  /**
   * KC_RELEASE: the release the server runs (a git commit, a version). Processes of the same release on the same
   * snapshot give the same ETags, so a 304 and a proxy's cache hold across workers and replicas; null: a random
   * one per start (per cluster with --workers).
   */
  readonly release: string | null;
  /**
   * --publish-to / KC_PUBLISH_TO: a snapshot store folder (src/warehouse/snapshot-store.ts) this server, the one
   * writer, publishes every snapshot it serves to; null: none.
   */
  readonly publishTo: string | null;
  /**
   * --follow / KC_FOLLOW: a snapshot store folder this server follows as a read replica: it serves the store's
   * current snapshot (local copies beside --db) and refuses every write; null: it serves --db itself.
   */
  readonly follow: string | null;
}

/** A bad flag or environment variable; the message says which and what to give instead. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const USAGE = `Usage: npm start -- [--port N] [--host HOST] [--allowed-hosts NAMES] [--db FILE] [--data DIR] [--data-sources NAME=DIR,…] [--admin-token TOKEN] [--write-token TOKEN] [--allow-generated-token] [--notebooks DIR] [--workers N] [--publish-to DIR | --follow DIR]

Flags win over environment variables:
  --port         PORT                  port to listen on (default 4000)
  --host         HOST                  interface to listen on (default 127.0.0.1, reachable as localhost)
  --allowed-hosts KC_ALLOWED_HOSTS     more host names the server answers to, comma-separated (IP addresses,
                                       localhost and --host always; * answers any name: only behind a proxy)
  --db           KC_WAREHOUSE          warehouse file (default .warehouse/khuyen-cong.duckdb; built from --data if missing)
  --data         KC_DATA_DIR           data folder the ETL reads (default data)
  --data-sources KC_DATA_SOURCES       more data folders reloadWarehouse(source: NAME) may load: name=folder,…
  --admin-token  KC_ADMIN_TOKEN        token for reloadWarehouse (default: a random token printed at start)
  --write-token  KC_WRITE_TOKEN        token to create, save, rename and delete notebooks, at least 16 characters
                                       (default: a random token printed at start, in the address to open)
  --allow-generated-token KC_ALLOW_GENERATED_TOKEN=1
                                       start on a --host other than loopback without KC_WRITE_TOKEN (refused otherwise)
  --notebooks    KC_NOTEBOOKS_DIR      notebooks folder (default notebooks)
  --workers      KC_WORKERS            server processes sharing the port, one writer among them (default 1)
                 KC_RELEASE            release name (git commit): same release, same ETags across processes
  --publish-to   KC_PUBLISH_TO         snapshot store folder the writer publishes each served snapshot to
  --follow       KC_FOLLOW             snapshot store folder to follow as a read replica (never writes)
                 KC_POOL_SIZE          DuckDB connections (default 4)
                 KC_QUERY_TIMEOUT_MS   interrupt a warehouse query after this long (default 10000)
                 KC_RESULT_CACHE_ENTRIES analysis results kept per snapshot (default 500; 0 turns it off)
                 KC_ROLLUPS            on (default) or off: answer from the snapshot's pre-aggregated rollups
                                       where they give the facts' answer exactly (off: always the facts)
                 KC_REQUEST_TIMEOUT_MS stop a GraphQL request after this long (default 30000)
                 KC_BODY_LIMIT_BYTES   largest request body accepted (default 102400)
                 KC_MAX_RESPONSE_BYTES largest response body sent (default 5242880); larger is RESPONSE_TOO_LARGE
                 KC_MAX_RESULT_ROWS    rows (objects in lists) per top-level field of a response (default 50000)
                 KC_MAX_ANALYSES       analyses (trend, share, compare…) per request, aliases counted (default 5)
                 KC_MAX_ESTIMATED_ROWS rows a request is estimated to return, before it runs (default 100000)
                 KC_MAX_ROWS_IN_FLIGHT estimated rows of the large requests running at once (default 200000);
                                       past it SERVER_BUSY (503, Retry-After)
                 KC_MAX_NOTEBOOKS      most notebooks in the folder (default 200)
                 KC_MAX_NOTEBOOK_BYTES largest notebook, in bytes (default 65536; at most KC_BODY_LIMIT_BYTES)`;

/** A configured write token shorter than this is refused: it could be guessed over the network. */
const MIN_WRITE_TOKEN_LENGTH = 16;

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
        "data-sources": { type: "string" },
        "admin-token": { type: "string" },
        "write-token": { type: "string" },
        "allow-generated-token": { type: "boolean" },
        notebooks: { type: "string" },
        workers: { type: "string" },
        "publish-to": { type: "string" },
        follow: { type: "string" },
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
  const writeToken = pick(flags["write-token"], "KC_WRITE_TOKEN");
  if (writeToken !== undefined && writeToken.length < MIN_WRITE_TOKEN_LENGTH) {
    throw new ConfigError(
      `--write-token / KC_WRITE_TOKEN has ${writeToken.length} characters: give at least ${MIN_WRITE_TOKEN_LENGTH} (for example the output of \`openssl rand -base64 24\`).`,
    );
  }
  const host = pick(flags.host, "HOST") ?? DEFAULTS.host;
  const publishTo = pick(flags["publish-to"], "KC_PUBLISH_TO");
  const follow = pick(flags.follow, "KC_FOLLOW");
  if (publishTo !== undefined && follow !== undefined) {
    throw new ConfigError(
      `--publish-to / KC_PUBLISH_TO and --follow / KC_FOLLOW are both set: a server is either the writer that ` +
        `publishes snapshots or a replica that follows them. Give one.`,
    );
  }
  const bodyLimitBytes = integer(
    env.KC_BODY_LIMIT_BYTES,
    DEFAULTS.bodyLimitBytes,
    "KC_BODY_LIMIT_BYTES",
    1024,
    100 << 20,
  );
  const maxNotebookBytes = integer(
    env.KC_MAX_NOTEBOOK_BYTES,
    Math.min(DEFAULT_NOTEBOOK_QUOTA.maxNotebookBytes, bodyLimitBytes),
    "KC_MAX_NOTEBOOK_BYTES",
    1,
    100 << 20,
  );
  if (maxNotebookBytes > bodyLimitBytes) {
    throw new ConfigError(
      `KC_MAX_NOTEBOOK_BYTES is ${maxNotebookBytes}, more than KC_BODY_LIMIT_BYTES (${bodyLimitBytes}): a notebook that large could not be sent. Raise KC_BODY_LIMIT_BYTES too, or give a smaller KC_MAX_NOTEBOOK_BYTES.`,
    );
  }
  return Object.freeze({
    port: integer(pick(flags.port, "PORT"), DEFAULTS.port, "--port / PORT", 0, 65_535),
    host,
    allowedHosts: allowedHosts(host, pick(flags["allowed-hosts"], "KC_ALLOWED_HOSTS")),
    warehousePath: absolute(pick(flags.db, "KC_WAREHOUSE") ?? DEFAULTS.warehouse),
    dataDir: absolute(pick(flags.data, "KC_DATA_DIR") ?? DEFAULTS.data),
    dataSources: dataSources(
      absolute(pick(flags.data, "KC_DATA_DIR") ?? DEFAULTS.data),
      pick(flags["data-sources"], "KC_DATA_SOURCES"),
    ),
    adminToken: token ?? randomBytes(24).toString("base64url"),
    adminTokenGenerated: token === undefined,
    writeToken: writeToken ?? randomBytes(24).toString("base64url"),
    writeTokenGenerated: writeToken === undefined,
    allowGeneratedToken:
      flags["allow-generated-token"] === true || /^(?:1|true|yes)$/i.test(env.KC_ALLOW_GENERATED_TOKEN ?? ""),
    maxNotebooks: integer(
      env.KC_MAX_NOTEBOOKS,
      DEFAULT_NOTEBOOK_QUOTA.maxNotebooks,
      "KC_MAX_NOTEBOOKS",
      1,
      1_000_000,
    ),
    maxNotebookBytes,
    poolSize: integer(env.KC_POOL_SIZE, DEFAULTS.poolSize, "KC_POOL_SIZE", 1, 64),
    resultCacheEntries: integer(
      env.KC_RESULT_CACHE_ENTRIES,
      DEFAULTS.resultCacheEntries,
      "KC_RESULT_CACHE_ENTRIES",
      0,
      100_000,
    ),
    rollups: onOff(env.KC_ROLLUPS, true, "KC_ROLLUPS"),
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
    bodyLimitBytes,
    maxResponseBytes: integer(
      env.KC_MAX_RESPONSE_BYTES,
      DEFAULT_MAX_RESPONSE_BYTES,
      "KC_MAX_RESPONSE_BYTES",
      1024,
      1 << 30,
    ),
    maxResultRows: integer(
      env.KC_MAX_RESULT_ROWS,
      DEFAULT_MAX_RESULT_ROWS,
      "KC_MAX_RESULT_ROWS",
      1,
      10_000_000,
    ),
    maxAnalyses: integer(env.KC_MAX_ANALYSES, DEFAULT_MAX_ANALYSES, "KC_MAX_ANALYSES", 1, 1_000),
    maxEstimatedRows: integer(
      env.KC_MAX_ESTIMATED_ROWS,
      DEFAULT_MAX_ESTIMATED_ROWS,
      "KC_MAX_ESTIMATED_ROWS",
      1,
      100_000_000,
    ),
    maxRowsInFlight: integer(
      env.KC_MAX_ROWS_IN_FLIGHT,
      DEFAULT_MAX_ROWS_IN_FLIGHT,
      "KC_MAX_ROWS_IN_FLIGHT",
      1,
      1_000_000_000,
    ),
    projectRoot: PROJECT_ROOT,
    webDir: resolve(PROJECT_ROOT, "src/web/dist"),
    notebooksDir: absolute(pick(flags.notebooks, "KC_NOTEBOOKS_DIR") ?? DEFAULTS.notebooks),
    workers: integer(pick(flags.workers, "KC_WORKERS"), 1, "--workers / KC_WORKERS", 1, 64),
    release: release(env.KC_RELEASE),
    publishTo: publishTo === undefined ? null : absolute(publishTo),
    follow: follow === undefined ? null : absolute(follow),
  });
}

/** True when `host` is reachable from this machine only: localhost, 127.0.0.0/8 or ::1. */
/** `default` → the data folder, then each `name=folder` of the list; a bad entry is a ConfigError. */
function dataSources(dataDir: string, list: string | undefined): ReadonlyMap<string, string> {
  const sources = new Map([["default", dataDir]]);
  for (const entry of (list ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.indexOf("=");
    const name = at < 0 ? "" : entry.slice(0, at).trim();
    const folder = at < 0 ? "" : entry.slice(at + 1).trim();
    if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(name) || folder === "" || sources.has(name)) {
      throw new ConfigError(
        `--data-sources / KC_DATA_SOURCES has "${entry}": give name=folder pairs separated by commas, each name ` +
          `new and of lower-case letters, digits, - and _ (default is the --data folder), for example ` +
          `cron=/srv/kc/inbox,test=data-test.`,
      );
    }
    sources.set(name, absolute(folder));
  }
  return sources;
}

export function isLoopbackHost(host: string): boolean {
  const name = normalizeHost(host);
  return name === "localhost" || name === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(name ?? "");
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

function release(text: string | undefined): string | null {
  if (text === undefined || text.trim() === "") return null;
  if (!/^[\w.:+-]{1,100}$/.test(text.trim()))
    throw new ConfigError(
      `KC_RELEASE is "${text}": give a release name of at most 100 letters, digits and . _ : + - (a git commit, a version).`,
    );
  return text.trim();
}

function absolute(path: string): string {
  return resolve(path);
}

function onOff(text: string | undefined, fallback: boolean, name: string): boolean {
  const value = text?.trim().toLowerCase() ?? "";
  if (value === "") return fallback;
  if (/^(?:on|1|true|yes)$/.test(value)) return true;
  if (/^(?:off|0|false|no)$/.test(value)) return false;
  throw new ConfigError(`${name} is "${text}": give on or off.`);
}

function integer(text: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} is "${text}": give a whole number from ${min} to ${max}.`);
  }
  return value;
}
