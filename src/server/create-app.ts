import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join, sep } from "node:path";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import compression from "compression";
import express, { type ErrorRequestHandler } from "express";
import type { GraphQLSchema } from "graphql";
import {
  analysisLimitRule,
  buildAppSchema,
  DEFAULT_MAX_ANALYSES,
  type ReloadService,
} from "../graphql/index.js";
import { adminTokenCheck } from "./admin-token.js";
import { explainAccess, wantsExplain } from "./explain-access.js";
import {
  analysisCostPlugin,
  DEFAULT_MAX_ESTIMATED_ROWS,
  DEFAULT_MAX_ROWS_IN_FLIGHT,
} from "./analysis-cost.plugin.js";
import type { Logger } from "./logger.js";
import { maskErrors } from "./mask-errors.js";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RESULT_ROWS,
  limitedStringify,
  resultRowsPlugin,
} from "./response-limits.js";
import { responseMediaTypePlugin } from "./response-media-type.plugin.js";
import { RequestContext } from "./request-context.js";
import type { ServedSnapshots } from "./served-snapshots.js";
import { warehouseLeasePlugin } from "./warehouse-lease.plugin.js";
import { PROJECT_ROOT } from "./config.js";
import { FileNotebookStore } from "./file-notebook-store.js";
import { hostCheck, LOOPBACK_HOSTS } from "./host-check.js";
import { securityHeaders } from "./security-headers.js";
import { sessionRoute } from "./session-route.js";
import { WriteAccess } from "./write-access.js";
import { snapshotExtensionPlugin } from "./snapshot-extension.js";
import { SNAPSHOT_EVENTS_PATH, snapshotEvents } from "./snapshot-events.js";
import { dashboardCachePlugin } from "./dashboard-cache.plugin.js";
import { notModified } from "./not-modified.js";
import { DEFAULT_PERSISTED_QUERY_CACHE_BYTES, PersistedQueryCache } from "./persisted-query-cache.js";
import { loadTrustedDocuments, TRUSTED_DOCUMENTS_PATH, type TrustedDocuments } from "./trusted-documents.js";
import type { NotebookStore } from "../graphql/notebooks/index.js";
import { isRunId, qualityPagePath } from "../warehouse/index.js";

/** Protection limits; every one has a default fit for the published data and the playground. */
export interface AppLimits {
  /** Largest request body, in bytes. */
  readonly bodyLimitBytes: number;
  /** A GraphQL request's time limit: unfinished root fields fail with REQUEST_TIMEOUT. */
  readonly requestTimeoutMs: number;
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** Analyses (trend, share, compare…) per operation, each alias counted: src/graphql/analysis-limit.rule.ts. */
  readonly maxAnalyses: number;
  /** Largest response body, in bytes; a larger one is replaced by a RESPONSE_TOO_LARGE error. */
  readonly maxResponseBytes: number;
  /** Rows (objects in lists) per top-level field of a response: src/server/response-limits.ts. */
  readonly maxResultRows: number;
  /** Estimated rows per request, every analysis and alias counted: src/server/analysis-cost.plugin.ts. */
  readonly maxEstimatedRows: number;
  /** Estimated rows of the large requests in flight together; past it SERVER_BUSY (503). */
  readonly maxRowsInFlight: number;
  /** An analysis's time limit, from its resolver's start to its last row shaped: QUERY_TIMEOUT. */
  readonly queryTimeoutMs: number;
  /** Room for documents registered by automatic persisted queries, in characters; 0: trusted documents only. */
  readonly persistedQueryCacheBytes: number;
}

export const DEFAULT_LIMITS: AppLimits = Object.freeze({
  bodyLimitBytes: 100 * 1024,
  requestTimeoutMs: 30_000,
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 5_000,
  maxTokens: 2_000,
  maxDirectives: 20,
  maxAnalyses: DEFAULT_MAX_ANALYSES,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  maxResultRows: DEFAULT_MAX_RESULT_ROWS,
  maxEstimatedRows: DEFAULT_MAX_ESTIMATED_ROWS,
  maxRowsInFlight: DEFAULT_MAX_ROWS_IN_FLIGHT,
  queryTimeoutMs: 10_000,
  persistedQueryCacheBytes: DEFAULT_PERSISTED_QUERY_CACHE_BYTES,
});

/** Files whose name holds a hash of their content (src/web/dist/assets): kept a year, never revalidated. */
export const HASHED_ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable";

export interface AppOptions {
  readonly snapshots: ServedSnapshots;
  readonly reloads: ReloadService;
  /** The watcher of the warehouse path (src/server/warehouse-watcher.ts): /health shows its problem. */
  readonly watcher?: { problem(): string | null };
  readonly adminToken: string;
  /**
   * The token notebook changes need (`Authorization: Bearer`, or the session cookie POST /session gives for it);
   * the admin token works too. Absent: only the admin token allows changes.
   */
  readonly writeToken?: string;
  /** The clock browser sessions are issued and checked with. */
  readonly now?: () => Date;
  /** The built web UI (src/web/dist): the notebook at /, GraphiQL at /playground/. */
  readonly webDir: string;
  readonly logger: Logger;
  readonly limits?: Partial<AppLimits>;
  /** The schema to serve; `buildAppSchema()` when absent. */
  readonly schema?: GraphQLSchema;
  /** The notebooks folder; a FileNotebookStore over <project>/notebooks when absent. */
  readonly notebooks?: NotebookStore;
  /** Host header values answered (normalized, `*` for any); the loopback names when absent. */
  readonly allowedHosts?: ReadonlyArray<string>;
  /**
   * The operations answered by hash alone (`GET /graphql?extensions={"persistedQuery":…}`); when absent, the
   * manifest `npm run codegen` writes (src/generated/persisted/), or none with a warning if it is missing.
   */
  readonly trustedDocuments?: TrustedDocuments;
  /**
   * Part of every ETag: processes given the same one (the workers of a cluster, replicas of one release:
   * KC_RELEASE) answer a revalidation from another with 304. Random when absent.
   */
  readonly instance?: string;
}

export interface App {
  readonly app: express.Express;
  readonly httpServer: http.Server;
  /** Starts listening; resolves with the base URL (port 0 picks a free port). */
  listen(port: number, host: string): Promise<URL>;
  /** Stops taking requests, lets those in flight finish, and closes the HTTP server. */
  close(): Promise<void>;
}

/**
 * The HTTP app: /graphql (Apollo Server 5 on express 5: POST, and GET for queries, by text or persisted hash with
 * ETag and 304 until the snapshot changes: docs/api.md), GET /health, the playground and the web UI, compressed.
 * Apollo's landing page is off (it loads from a CDN); CSRF prevention is on; graphql-armor limits depth,
 * aliases, cost and directives, graphql-js tokens, our rule the analyses per operation; bodies and responses are
 * size-limited (responses also in rows per field); status codes follow the GraphQL-over-HTTP spec; each request
 * leases one snapshot for its whole life and has a time limit; unexpected errors are masked. Every response carries the security headers
 * (CSP, nosniff, no framing), and a request for a host not in `allowedHosts` is refused before routing. Reading
 * is open; changes need the write or admin token, or the browser session of /session (src/server/write-access.ts).
 */
export async function createApp(options: AppOptions): Promise<App> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { snapshots, reloads, logger } = options;
  const schema = options.schema ?? (await buildAppSchema());
  const trustedDocuments = options.trustedDocuments ?? (await defaultTrustedDocuments(logger));
  // Part of every ETag: another server process may run other code on the same snapshot.
  const instance = options.instance ?? randomBytes(9).toString("base64url");
  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders());
  app.use(hostCheck(options.allowedHosts ?? LOOPBACK_HOSTS));
  // brotli (quality 4) or gzip for API answers and static files above 1 kB, as the client accepts.
  app.use(compression());
  const httpServer = http.createServer(app);
  httpServer.requestTimeout = limits.requestTimeoutMs + 5_000;

  const armor = new ApolloArmor({
    // Suggestions stay: the schema is public (introspection is on) and our own did-you-mean must survive.
    blockFieldSuggestion: { enabled: false },
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost },
    // graphql-js counts tokens instead (parseOptions below): armor's count throws from a plugin hook, which
    // Apollo answers with HTTP 500 and which skips willSendResponse (the snapshot lease was never released).
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
  }).protect();

  const server = new ApolloServer<RequestContext>({
    schema,
    introspection: true,
    // src/server/main.ts stops on SIGINT/SIGTERM, in order (HTTP, the reload, the snapshots); Apollo's own
    // handler would stop the HTTP server a second time, concurrently, and re-raise the signal.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Trusted documents by hash, and automatic persisted queries in a bounded LRU (src/server/persisted-query-cache.ts).
    persistedQueries: {
      cache: new PersistedQueryCache(trustedDocuments, limits.persistedQueryCacheBytes),
    },
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [...armor.validationRules, analysisLimitRule(limits.maxAnalyses)],
    formatError: maskErrors(logger),
    stringifyResult: limitedStringify(limits.maxResponseBytes, logger),
    plugins: [
      // armor's typings resolve @apollo/server's CJS declarations; the plugins are the same at run time.
      ...(armor.plugins as unknown as ApolloServerPlugin<RequestContext>[]),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      warehouseLeasePlugin(snapshots, limits.requestTimeoutMs),
      snapshotExtensionPlugin(),
      dashboardCachePlugin(instance),
      analysisCostPlugin(limits, logger),
      resultRowsPlugin(limits.maxResultRows, logger),
      responseMediaTypePlugin(),
    ],
  });
  await server.start();

  const isAdmin = adminTokenCheck(options.adminToken);
  const access = new WriteAccess({
    adminToken: options.adminToken,
    ...(options.writeToken === undefined ? {} : { writeToken: options.writeToken }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const notebooks = options.notebooks ?? new FileNotebookStore(join(PROJECT_ROOT, "notebooks"));
  app.use(
    "/graphql",
    explainAccess(isAdmin),
    notModified(snapshots, instance),
    express.json({ limit: limits.bodyLimitBytes }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const admin = isAdmin(req.headers.authorization);
        return new RequestContext(
          admin,
          reloads,
          notebooks,
          access.allows(req),
          { queryTimeoutMs: limits.queryTimeoutMs, maxResultRows: limits.maxResultRows },
          // explainAccess has refused the header from anyone else.
          admin && wantsExplain(req.headers),
        );
      },
    }),
  );
  app.use(sessionRoute(access));

  // The snapshot is the one new requests get, read from the open file; a failed reload never changes it. After
  // a failed reload the server still answers (HTTP 200) but says "degraded", and the reload names no ETL run:
  // only a reload that succeeded has a run being served.
  app.get("/health", async (_req, res, next) => {
    try {
      const snapshot = await snapshots.current();
      const reload = reloads.latest();
      res.json({
        status: reload?.state === "failed" || options.watcher?.problem() ? "degraded" : "ok",
        snapshot: {
          hash: snapshot.hash,
          etlRunId: snapshot.etlRunId,
          loadedAt: snapshot.loadedAt?.toISOString() ?? null,
        },
        reload: reload
          ? {
              runId: reload.runId,
              state: reload.state,
              etlRunId: reload.state === "succeeded" ? (reload.report?.runId ?? null) : null,
              finishedAt: reload.finishedAt?.toISOString() ?? null,
            }
          : null,
      });
    } catch (error) {
      next(error);
    }
  });

  app.get("/quality", async (_req, res, next) => {
    try {
      const snapshot = await snapshots.current();
      if (snapshot.etlRunId === null)
        res
          .status(404)
          .type("text/plain")
          .send("The snapshot served records no ETL run, so no data-quality page.\n");
      else res.redirect(302, `quality/${snapshot.etlRunId}`);
    } catch (error) {
      next(error);
    }
  });
  app.get("/quality/:runId", async (req, res, next) => {
    try {
      const runId = req.params.runId;
      if (!isRunId(runId)) {
        res
          .status(404)
          .type("text/plain")
          .send(`"${runId}" is not an ETL run id (such as 20261203T155715Z-3f9c2a).\n`);
        return;
      }
      const page = await readFile(qualityPagePath((await snapshots.current()).path, runId), "utf8").catch(
        (error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? null : Promise.reject(error)),
      );
      if (page === null)
        res
          .status(404)
          .type("text/plain")
          .send(
            `No data-quality page for ETL run ${runId} here: the last 50 runs keep theirs beside the warehouse ` +
              `that ran them. A read replica has none (behind deploy/nginx, /quality goes to the writer).\n`,
          );
      else res.type("html").send(page);
    } catch (error) {
      next(error);
    }
  });

  // Server-sent events naming each snapshot swapped in, so dashboards refresh instead of polling.
  const events = snapshotEvents(snapshots, logger);
  app.get(SNAPSHOT_EVENTS_PATH, events.handler);

  serveWebUi(app, options.webDir);
  // Our own 404: express's default one replaces every header set so far, the security headers included.
  app.use((_req, res) => void res.status(404).type("text/plain").send("Not found.\n"));
  app.use(jsonErrors(logger, limits.bodyLimitBytes));

  return {
    app,
    httpServer,
    listen: (port, host) =>
      new Promise((resolveUrl, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          httpServer.off("error", reject);
          const address = httpServer.address() as AddressInfo;
          const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
          resolveUrl(new URL(`http://${shown}:${address.port}/`));
        });
      }),
    close: async () => {
      // Open event streams never finish on their own: end them, or the drain waits its whole grace period.
      events.close();
      await server.stop();
    },
  };
}

/** The trusted documents codegen wrote, or none (with a warning saying how to make them). */
async function defaultTrustedDocuments(logger: Logger): Promise<TrustedDocuments> {
  if (!existsSync(TRUSTED_DOCUMENTS_PATH)) {
    logger.warn(
      `No trusted documents at ${TRUSTED_DOCUMENTS_PATH}: persisted queries answer only hashes registered by ` +
        `clients. Run \`npm run codegen\` to answer the operations of schema/operations by hash.`,
    );
    return new Map();
  }
  return loadTrustedDocuments(TRUSTED_DOCUMENTS_PATH);
}

/**
 * The built UI, or, before `npm run build:web`, a page that says how to build it. Vite names every file in
 * assets/ after a hash of its content, so a browser may keep them for a year without asking again; the HTML
 * pages keep their names and are revalidated on each visit (ETag, Last-Modified), so a new build is seen at once.
 */
function serveWebUi(app: express.Express, webDir: string): void {
  if (existsSync(join(webDir, "index.html"))) {
    const assets = join(webDir, "assets") + sep;
    app.use(
      "/",
      express.static(webDir, {
        index: "index.html",
        fallthrough: true,
        setHeaders: (res, path) =>
          res.setHeader("cache-control", path.startsWith(assets) ? HASHED_ASSET_CACHE_CONTROL : "no-cache"),
      }),
    );
    return;
  }
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Khuyến công Analytics</title></head>
<body><h1>Khuyến công Analytics</h1><p>The GraphQL API is at <code>/graphql</code>. The web UI is not built:
run <code>npm run build:web</code> (or <code>npm start</code>) and reload this page to get the playground at
<a href="playground/">/playground</a>.</p></body></html>`;
  app.get(["/", "/playground", "/playground/"], (_req, res) => {
    res.status(503).type("html").send(page);
  });
}

/** Errors outside Apollo (a body too large or not JSON, a failing /health) as JSON in GraphQL's error shape. */
function jsonErrors(logger: Logger, bodyLimitBytes: number): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: unknown }).status;
    const type = (error as { type?: unknown }).type;
    if (status === 413 || type === "entity.too.large") {
      res
        .status(413)
        .json(
          errorBody(`The request body is larger than the ${bodyLimitBytes}-byte limit.`, "PAYLOAD_TOO_LARGE"),
        );
    } else if (typeof status === "number" && status >= 400 && status < 500) {
      const message = type === "entity.parse.failed" ? "The request body is not valid JSON." : "Bad request.";
      res.status(status).json(errorBody(message, "BAD_REQUEST"));
    } else {
      logger.error("Unexpected error outside GraphQL.", error);
      res.status(500).json(errorBody("Unexpected error.", "INTERNAL_SERVER_ERROR"));
    }
  };
}

function errorBody(message: string, code: string): { errors: ReadonlyArray<object> } {
  return { errors: [{ message, extensions: { code } }] };
}
