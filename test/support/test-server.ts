import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { createApp, type AppLimits } from "../../src/server/create-app.js";
import { describeCause, type Logger } from "../../src/server/logger.js";
import { EtlReloadService } from "../../src/server/reload-service.js";
import { ServedSnapshots } from "../../src/server/served-snapshots.js";
import { watchWarehouse } from "../../src/server/warehouse-watcher.js";
import { FileNotebookStore, type NotebookQuota } from "../../src/server/file-notebook-store.js";
import { DATA_DIR, PROJECT_ROOT } from "./test-warehouse.js";
import { join } from "node:path";

export interface TestServerOptions {
  readonly warehousePath: string;
  readonly adminToken?: string;
  /** The write token; TEST_WRITE_TOKEN when absent. */
  readonly writeToken?: string;
  readonly dataDir?: string;
  /** More data folders `reloadWarehouse(source:)` may load, by name. */
  readonly dataSources?: ReadonlyMap<string, string>;
  readonly schema?: GraphQLSchema;
  readonly limits?: Partial<AppLimits>;
  readonly webDir?: string;
  /** The notebooks folder the server reads and writes; <project>/notebooks when absent. */
  readonly notebooksDir?: string;
  /** Limits of that folder; the defaults when absent. */
  readonly notebookQuota?: Partial<NotebookQuota>;
  /** Read the snapshot's rollups (KC_ROLLUPS); on when absent. */
  readonly rollups?: boolean;
  /** Watch the warehouse path and serve every snapshot published there (as `npm start` does); off when absent. */
  readonly watch?: { readonly intervalMs?: number };
}

export interface ExecuteResult<TData> {
  readonly status: number;
  readonly data: TData | null | undefined;
  readonly errors: ReadonlyArray<GraphQLFormattedError> | undefined;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface TestServer {
  /** The base URL, such as http://127.0.0.1:40123/. */
  readonly url: URL;
  readonly adminToken: string;
  readonly writeToken: string;
  /** `Authorization: Bearer <write token>`: pass as `execute`'s headers to change notebooks. */
  readonly asWriter: Readonly<Record<string, string>>;
  /** Every line the server logged, errors with their cause. */
  readonly logs: ReadonlyArray<string>;
  readonly reloads: EtlReloadService;
  /** POSTs `document` to /graphql over real HTTP. */
  execute<TData = Record<string, unknown>, TVariables = Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables> | string,
    variables?: TVariables,
    headers?: Readonly<Record<string, string>>,
  ): Promise<ExecuteResult<TData>>;
  /** GETs a path (relative to the base URL) and parses the JSON body. */
  getJson(path: string): Promise<{ readonly status: number; readonly body: unknown }>;
  close(): Promise<void>;
}

export const TEST_ADMIN_TOKEN = "test-admin-token-3f9c";
export const TEST_WRITE_TOKEN = "test-write-token-8d2e41";

/**
 * The app of src/server/create-app.ts started in process on 127.0.0.1 and a random port, serving
 * `warehousePath` read-only, with the real reload service (the ETL CLI in a child process, on `dataDir`).
 */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const adminToken = options.adminToken ?? TEST_ADMIN_TOKEN;
  const writeToken = options.writeToken ?? TEST_WRITE_TOKEN;
  const logs: string[] = [];
  const logger: Logger = {
    info: (message) => logs.push(message),
    warn: (message) => logs.push(`warning: ${message}`),
    error: (message, cause) =>
      logs.push(`error: ${message}${cause === undefined ? "" : `\n${describeCause(cause)}`}`),
  };
  const snapshots = await ServedSnapshots.open(options.warehousePath, {
    poolSize: 4,
    queryTimeoutMs: 10_000,
    rollups: options.rollups,
  });
  const watcher = options.watch
    ? watchWarehouse({ path: options.warehousePath, snapshots, logger, ...options.watch })
    : undefined;
  const reloads = new EtlReloadService({
    snapshots,
    projectRoot: PROJECT_ROOT,
    dataDir: options.dataDir ?? DATA_DIR,
    ...(options.dataSources === undefined ? {} : { dataSources: options.dataSources }),
    warehousePath: options.warehousePath,
    logger,
  });
  const app = await createApp({
    snapshots,
    reloads,
    adminToken,
    writeToken,
    webDir: options.webDir ?? join(PROJECT_ROOT, "src/web/dist"),
    logger,
    ...(watcher === undefined ? {} : { watcher }),
    limits: options.limits,
    schema: options.schema,
    ...(options.notebooksDir
      ? { notebooks: new FileNotebookStore(options.notebooksDir, options.notebookQuota) }
      : {}),
  });
  const url = await app.listen(0, "127.0.0.1");
  const graphqlUrl = new URL("graphql", url);

  return {
    url,
    adminToken,
    writeToken,
    asWriter: { authorization: `Bearer ${writeToken}` },
    logs,
    reloads,
    async execute<TData, TVariables>(
      document: TypedDocumentNode<TData, TVariables> | string,
      variables?: TVariables,
      headers: Readonly<Record<string, string>> = {},
    ): Promise<ExecuteResult<TData>> {
      const query = typeof document === "string" ? document : print(document);
      const response = await fetch(graphqlUrl, {
        method: "POST",
        // As Apollo Client and GraphiQL ask: request errors come back as 400 (with application/json, as 200).
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json, application/json;q=0.9",
          ...headers,
        },
        body: JSON.stringify({ query, variables: variables ?? {} }),
      });
      const body = (await response.json()) as {
        data?: TData | null;
        errors?: GraphQLFormattedError[];
        extensions?: Record<string, unknown>;
      };
      return { status: response.status, data: body.data, errors: body.errors, extensions: body.extensions };
    },
    async getJson(path: string) {
      const response = await fetch(new URL(path, url));
      return { status: response.status, body: (await response.json()) as unknown };
    },
    async close() {
      await app.close();
      await watcher?.close();
      await reloads.settled();
      await snapshots.close();
    },
  };
}
