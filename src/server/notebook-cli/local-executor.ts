import { dirname } from "node:path";
import {
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from "graphql";
import { buildAppSchema, type ReloadRun, type ReloadService } from "../../graphql/index.js";
import type { ExecuteQuery } from "../../notebook/report/index.js";
import { FileNotebookStore } from "../file-notebook-store.js";
import { RequestContext } from "../request-context.js";
import { ServedSnapshots } from "../served-snapshots.js";
import { snapshotExtension } from "../snapshot-extension.js";

/** An executor over a warehouse file opened read-only in this process, and how to close it. */
export interface LocalExecutor {
  readonly execute: ExecuteQuery;
  close(): Promise<void>;
}

/**
 * Runs queries in process with the server's own schema and resolvers (`buildAppSchema` + graphql-js), each on a
 * leased snapshot of `dbPath` opened read-only, and adds `extensions.snapshot` as the server does. Syntax and
 * validation errors get Apollo's codes, so a report reads the same from either; errors are not masked (the user
 * runs this on their own machine and wants the cause).
 */
export async function openLocalExecutor(dbPath: string, notebookPath: string): Promise<LocalExecutor> {
  const snapshots = await ServedSnapshots.open(dbPath, { poolSize: 2, queryTimeoutMs: 60_000 });
  let schema: GraphQLSchema;
  try {
    schema = await buildAppSchema();
  } catch (error) {
    await snapshots.close();
    throw error;
  }
  const notebooks = new FileNotebookStore(dirname(notebookPath));
  return {
    async execute(query, variables) {
      const lease = await snapshots.lease();
      try {
        const context = new RequestContext(false, NO_RELOADS, notebooks);
        context.attach(lease);
        const extensions = { snapshot: snapshotExtension(lease.info) };
        let document: DocumentNode;
        try {
          document = parse(query);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          return { errors: [withCode(error, "GRAPHQL_PARSE_FAILED")], extensions };
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) {
          return { errors: invalid.map((error) => withCode(error, "GRAPHQL_VALIDATION_FAILED")), extensions };
        }
        const result = await execute({
          schema,
          document,
          variableValues: { ...variables },
          contextValue: context,
        });
        return {
          ...(result.data === undefined ? {} : { data: result.data }),
          ...(result.errors === undefined ? {} : { errors: result.errors.map((error) => error.toJSON()) }),
          extensions,
        };
      } finally {
        lease.release();
      }
    },
    close: () => snapshots.close(),
  };
}

function withCode(error: GraphQLError, code: string): GraphQLFormattedError {
  const formatted = error.toJSON();
  return { ...formatted, extensions: { ...formatted.extensions, code } };
}

/** The command line runs notebooks; it never reloads the warehouse. */
const NO_RELOADS: ReloadService = Object.freeze({
  start(): ReloadRun {
    throw new Error("The notebook command line cannot reload the warehouse; run npm run etl.");
  },
  get: () => undefined,
  latest: () => undefined,
  list: () => [],
});
