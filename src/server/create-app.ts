import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import express, { type ErrorRequestHandler } from "express";
import type { GraphQLSchema } from "graphql";
import {
  analysisLimitRule,
  buildAppSchema,
  DEFAULT_MAX_ANALYSES,
  type ReloadService,
} from "../graphql/index.js";
import { adminTokenCheck } from "./admin-token.js";
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
import type { NotebookStore } from "../graphql/notebooks/index.js";

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
});

export interface AppOptions {
  readonly snapshots: ServedSnapshots;
  readonly reloads: ReloadService;
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
 * The HTTP app: POST /graphql (Apollo Server 5 on express 5), GET /health, the playground and the web UI.
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
  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders());
  app.use(hostCheck(options.allowedHosts ?? LOOPBACK_HOSTS));
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
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // No client sends persisted queries; without a cache nobody can fill one, and every persisted-query request
    // gets PERSISTED_QUERY_NOT_SUPPORTED (a wrong hash was masked as INTERNAL_SERVER_ERROR).
    persistedQueries: false,
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
    express.json({ limit: limits.bodyLimitBytes }),
    expressMiddleware(server, {
      context: async ({ req }) =>
        new RequestContext(isAdmin(req.headers.authorization), reloads, notebooks, access.allows(req)),
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
        status: reload?.state === "failed" ? "degraded" : "ok",
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
    close: () => server.stop(),
  };
}

/** The built UI, or, before `npm run build:web`, a page that says how to build it. */
function serveWebUi(app: express.Express, webDir: string): void {
  if (existsSync(join(webDir, "index.html"))) {
    app.use("/", express.static(webDir, { index: "index.html", fallthrough: true }));
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
