import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import type { GraphQLFormattedError } from "graphql";
import { runEtl } from "../../etl/run-etl.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";
import { writeGeneratedData } from "./generated-data.js";
import { loadWarehouseRows, type WarehouseRows } from "./warehouse-rows.js";

/**
 * The differential suite's harness: a data set is a warehouse file, the rows the reference reads from it and a
 * test server (real HTTP, the real app) serving it. One server per data set per test file.
 */
export interface Dataset {
  readonly name: string;
  /** The warehouse file the server serves. */
  readonly path: string;
  readonly rows: WarehouseRows;
  readonly server: TestServer;
  close(): Promise<void>;
}

/** The seed of the generated data set: change it to draw other data. */
export const GENERATED_SEED = 20250701;

/** Limits raised so that one HTTP request carries many aliased analyses (the app's defaults allow 15, 5 of them analyses). */
export const BATCH_LIMITS = {
  maxAliases: 1000,
  maxTokens: 1_000_000,
  maxCost: 100_000_000,
  maxDepth: 12,
  maxAnalyses: 1000,
  maxResponseBytes: 1024 * 1024 * 1024,
  maxResultRows: 100_000_000,
  bodyLimitBytes: 20 * 1024 * 1024,
  requestTimeoutMs: 120_000,
};

async function serve(name: string, path: string, cleanup: () => Promise<void>): Promise<Dataset> {
  const rows = await loadWarehouseRows(path);
  const server = await startTestServer({ warehousePath: path, limits: BATCH_LIMITS });
  return {
    name,
    path,
    rows,
    server,
    async close() {
      await server.close();
      await cleanup();
    },
  };
}

/** (a) the published data: the warehouse the other graphql tests build from data/. */
export async function openPublished(): Promise<Dataset> {
  return serve("published", await buildTestWarehouse(), async () => {});
}

/** (b) generated data: CSVs from `writeGeneratedData(seed)`, loaded by the real ETL in process. */
export async function openGenerated(seed = GENERATED_SEED): Promise<Dataset> {
  const root = join(PROJECT_ROOT, "test/.tmp");
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, "differential-"));
  await writeGeneratedData(join(dir, "data"), seed);
  const dbPath = join(dir, "khuyen-cong.duckdb");
  const report = await runEtl({ dataDir: join(dir, "data"), dbPath });
  if (report.status !== "succeeded") {
    throw new Error(
      `The ETL refused the generated data:\n${report.errors.map((e) => `  ${e.message}`).join("\n")}`,
    );
  }
  return serve(`generated (seed ${seed})`, dbPath, () => rm(dir, { recursive: true, force: true }));
}

/** One aliased root field of a batch: its arguments as [GraphQL type, value] (undefined values are left out). */
export interface Call {
  readonly field: string;
  readonly args: Readonly<Record<string, readonly [type: string, value: unknown]>>;
  readonly selection: string;
}

export interface CallResult<T = unknown> {
  readonly data: T | null;
  readonly error: GraphQLFormattedError | null;
}

/** The GraphQL document of a batch: `query Batch($a0_filter: FactFilterInput…) { a0: funding(filter: $a0_filter…) {…} … }`. */
export function batchDocument(calls: ReadonlyArray<Call>): {
  query: string;
  variables: Record<string, unknown>;
} {
  const declarations: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  calls.forEach((call, i) => {
    const passed: string[] = [];
    for (const [name, [type, value]] of Object.entries(call.args)) {
      if (value === undefined) continue;
      const variable = `a${i}_${name}`;
      declarations.push(`$${variable}: ${type}`);
      variables[variable] = value;
      passed.push(`${name}: $${variable}`);
    }
    const args = passed.length === 0 ? "" : `(${passed.join(", ")})`;
    fields.push(`a${i}: ${call.field}${args} { ${call.selection} }`);
  });
  const head = declarations.length === 0 ? "" : `(${declarations.join(", ")})`;
  return { query: `query Batch${head} {\n${fields.join("\n")}\n}`, variables };
}

/** Runs the calls as one HTTP request; each result carries its alias's data or its first error. */
export async function runBatch<T = unknown>(
  server: TestServer,
  calls: ReadonlyArray<Call>,
): Promise<CallResult<T>[]> {
  if (calls.length === 0) return [];
  const { query, variables } = batchDocument(calls);
  const { data, errors } = await server.execute<Record<string, T | null>>(query, variables);
  if (
    (data === null || data === undefined) &&
    errors !== undefined &&
    errors.every((e) => e.path === undefined)
  ) {
    throw new Error(`The batch was refused: ${JSON.stringify(errors)}`);
  }
  return calls.map((_, i) => ({
    data: data?.[`a${i}`] ?? null,
    error: errors?.find((e) => e.path?.[0] === `a${i}`) ?? null,
  }));
}

/** Runs one call; throws on its error so the property fails with the message and code. */
export async function runOne<T>(server: TestServer, call: Call): Promise<T> {
  const [result] = await runBatch<T>(server, [call]);
  if (result.error !== null) {
    throw new Error(
      `${call.field} answered ${String(result.error.extensions?.["code"])}: ${result.error.message}` +
        `\n  request: ${JSON.stringify(call.args)}${serverCause(server)}`,
    );
  }
  return result.data as T;
}

/** The last masked error the server logged, as a hint for an INTERNAL_SERVER_ERROR. */
export function serverCause(server: TestServer): string {
  const masked = [...server.logs].reverse().find((l) => l.startsWith("error: Masked"));
  return masked === undefined ? "" : `\n  server log: ${masked.split("\n")[0]}`;
}

/** Rule 2's tolerance: relative 1e-9 (floating point), both null, or both exactly equal. */
export function close(api: number | null | undefined, reference: number | null, relative = 1e-9): boolean {
  if (api === null || api === undefined || reference === null) return (api ?? null) === reference;
  if (api === reference) return true;
  return Math.abs(api - reference) <= relative * Math.max(Math.abs(api), Math.abs(reference));
}

/**
 * Collects the differences between the API and the reference for one request, and throws them all at once
 * (the first ten) with the request, so a fast-check counterexample reads as a report line.
 */
export class Differences {
  readonly #found: string[] = [];

  constructor(readonly request: unknown) {}

  /** Records `what` unless `ok`. */
  expect(ok: boolean, what: string, api: unknown, reference: unknown): void {
    if (!ok) this.#found.push(`${what}: API ${JSON.stringify(api)}, reference ${JSON.stringify(reference)}`);
  }

  /** Records a numeric difference beyond the tolerance (or a null on one side only). */
  number(what: string, api: number | null | undefined, reference: number | null, relative = 1e-9): void {
    this.expect(close(api, reference, relative), what, api ?? null, reference);
  }

  get count(): number {
    return this.#found.length;
  }

  throwIfAny(): void {
    if (this.#found.length === 0) return;
    const more = this.#found.length > 10 ? `\n  … and ${this.#found.length - 10} more` : "";
    throw new Error(
      `${this.#found.length} difference(s) for ${JSON.stringify(this.request)}:\n  ${this.#found.slice(0, 10).join("\n  ")}${more}`,
    );
  }
}

/**
 * The identity of an API row or series (group-by keys in order, then the basis), as `rowIdentity` makes it;
 * case-insensitive, since the API prints vocabulary values as enums (PLAN) or as stored (plan).
 */
export function apiIdentity(
  keys: ReadonlyArray<{ readonly dimension: string; readonly value: string | null }>,
  groupBy: ReadonlyArray<string>,
  basis: {
    readonly level: string | null;
    readonly stage: string | null;
    readonly period: string | null;
    readonly fundingSource: string | null;
    readonly budgetLevel?: string | null;
    readonly detail?: string | null;
    readonly outputType?: string | null;
    readonly unit?: string | null;
  },
): string {
  const grouped = groupBy.map((d) => keys.find((k) => k.dimension === d)?.value ?? null);
  return JSON.stringify([
    ...grouped,
    basis.level,
    basis.stage,
    basis.period,
    basis.fundingSource,
    basis.budgetLevel ?? null,
    basis.detail ?? null,
    basis.outputType ?? null,
    basis.unit ?? null,
  ]).toLowerCase();
}

/**
 * fast-check's settings for the suite: a fixed seed, so that a failure reproduces; set KC_FC_SEED to draw other
 * requests (and KC_FC_RUNS to multiply the runs) when hunting.
 */
export function runs<T>(numRuns: number): fc.Parameters<T> {
  const seed = Number(process.env["KC_FC_SEED"] ?? 20240516);
  return { numRuns: Math.ceil(numRuns * Number(process.env["KC_FC_RUNS"] ?? 1)), seed };
}

/**
 * Asserts `check` over batches of 1–`maxBatch` drawn requests, each batch one HTTP request (aliases), so a
 * hundred requests cost a few round trips. A failing batch shrinks to the one request that fails; an error
 * answer (INTERNAL_SERVER_ERROR, BAD_USER_INPUT…) fails too, with the server's logged cause.
 */
export async function assertBatches<R, A>(
  server: TestServer,
  request: fc.Arbitrary<R>,
  toCall: (request: R) => Call,
  check: (request: R, api: A) => Differences,
  options: { readonly numRuns: number; readonly maxBatch?: number },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.array(request, { minLength: 1, maxLength: options.maxBatch ?? 8 }),
      async (requests) => {
        const calls = requests.map(toCall);
        const results = await runBatch<A>(server, calls);
        // An error in one alias nulls the whole response (root fields are non-null): report errors first.
        results.forEach((result, i) => {
          if (result.error !== null) {
            throw new Error(
              `${calls[i].field} answered ${String(result.error.extensions?.["code"])} "${result.error.message}" to ` +
                `${JSON.stringify(requests[i])}${serverCause(server)}`,
            );
          }
        });
        results.forEach((result, i) => check(requests[i], result.data as A).throwIfAny());
      },
    ),
    runs(options.numRuns),
  );
}
