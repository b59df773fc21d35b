/**
 * The EXPLAIN output of analyses, run in process on a warehouse file: which rollup (or the facts) each read,
 * every SQL statement with its bound values and rows, and the time per stage (src/graphql/common/
 * analysis-explain.ts; over HTTP the admin gets the same with `X-KC-Explain: 1`, docs/api.md "Explain").
 *
 *   npm run explain -- --db bench/out/db/published.duckdb                  # the API bench's operations
 *   npm run explain -- --db bench/out/db/synthetic-1m.duckdb --dataset synthetic --rollups off
 *   npm run explain -- --db FILE 'query { trend(from: 2021, to: 2024) { series { points { value } } } }'
 *   npm run explain -- --db FILE --variables '{"from":2021}' --json 'query($from: Int!) { … }'
 *
 * Each operation runs twice on the same snapshot: the first run reads the snapshot's catalog and prepares the
 * statements (its total is shown as "first run"), the second is what a served request costs, and is printed.
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { execute, parse, validate } from "graphql";
import {
  buildAppSchema,
  type ExplainedAnalysis,
  type ReloadRun,
  type ReloadService,
} from "../src/graphql/index.js";
import { FileNotebookStore } from "../src/server/file-notebook-store.js";
import { RequestContext } from "../src/server/request-context.js";
import { ServedSnapshots } from "../src/server/served-snapshots.js";
import { apiOperations, type ApiDataset } from "./api-operations.js";

const { values, positionals } = parseArgs({
  options: {
    db: { type: "string", default: "bench/out/db/published.duckdb" },
    dataset: { type: "string", default: "published" },
    rollups: { type: "string", default: "on" },
    variables: { type: "string", default: "{}" },
    json: { type: "boolean", default: false },
  },
  allowPositionals: true,
});
if (values.dataset !== "published" && values.dataset !== "synthetic") {
  throw new Error(`--dataset must be published or synthetic, not "${values.dataset}".`);
}
if (values.rollups !== "on" && values.rollups !== "off") {
  throw new Error(`--rollups must be on or off, not "${values.rollups}".`);
}

const operations =
  positionals.length > 0
    ? positionals.map((query, i) => ({
        name: `query ${i + 1}`,
        query,
        variables: JSON.parse(values.variables) as Record<string, unknown>,
      }))
    : apiOperations(values.dataset as ApiDataset)
        .filter((o) => o.kind !== "floor")
        .map((o) => ({ name: `${o.kind} (${o.operationName})`, query: o.query, variables: o.variables }));

const NO_RELOADS: ReloadService = Object.freeze({
  start(): ReloadRun {
    throw new Error("bench/explain.ts never reloads the warehouse.");
  },
  get: () => undefined,
  latest: () => undefined,
  list: () => [],
});

const snapshots = await ServedSnapshots.open(values.db, {
  poolSize: 2,
  queryTimeoutMs: 60_000,
  rollups: values.rollups === "on",
});
try {
  const schema = await buildAppSchema();
  const notebooks = new FileNotebookStore("notebooks");
  const explainOnce = async (query: string, variables: Record<string, unknown>) => {
    const document = parse(query);
    const invalid = validate(schema, document);
    if (invalid.length > 0) throw new Error(invalid.map((e) => e.message).join("\n"));
    const lease = await snapshots.lease();
    try {
      const context = new RequestContext(true, NO_RELOADS, notebooks, false, undefined, true);
      context.attach(lease);
      const result = await execute({ schema, document, variableValues: variables, contextValue: context });
      for (const error of result.errors ?? []) console.error(`error: ${error.message}`);
      return context.explain?.analyses ?? [];
    } finally {
      lease.release();
    }
  };
  for (const operation of operations) {
    const first = await explainOnce(operation.query, operation.variables);
    const warm = await explainOnce(operation.query, operation.variables);
    if (values.json) {
      console.log(JSON.stringify({ operation: operation.name, first, explain: warm }, null, 2));
    } else {
      console.log(`\n## ${operation.name}`);
      warm.forEach((analysis, i) => printAnalysis(analysis, first[i]?.stages.totalMs));
    }
  }
} finally {
  await snapshots.close();
}

function printAnalysis(analysis: ExplainedAnalysis, firstTotalMs: number | undefined): void {
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  const { planMs, sqlMs, shapeMs, totalMs } = analysis.stages;
  console.log(`${analysis.field}${analysis.failed ? " (failed)" : ""}: ${analysis.key}`);
  console.log(`  read: ${analysis.rollups.map((r) => r ?? "facts").join(", ") || "nothing"}`);
  console.log(
    `  stages: plan ${ms(planMs)} · sql ${ms(sqlMs)} · shape ${ms(shapeMs)} · total ${ms(totalMs)}` +
      (firstTotalMs === undefined ? "" : ` (first run ${ms(firstTotalMs)})`),
  );
  analysis.statements.forEach((s, i) => {
    console.log(`  statement ${i + 1}: ${s.rows} rows in ${ms(s.ms)}`);
    console.log(`    ${s.sql.replace(/\s*\n\s*/g, " ")}`);
    console.log(`    parameters: ${JSON.stringify(s.parameters)}`);
  });
}
