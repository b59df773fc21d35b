import type { Notebook, ParameterValues, QueryCell } from "../../notebook/index.js";
import {
  runNotebook,
  type ExecuteQuery,
  type GraphQLResponse,
  type QueryCellRun,
} from "../../notebook/report/index.js";
import { GRAPHQL_URL } from "./graphql-client.js";

/** One run of a query cell, as the command line's report records it, plus when it ran and how long it took. */
export interface CellResult {
  readonly run: QueryCellRun;
  readonly ranAt: Date;
  readonly elapsedMs: number;
}

/** POSTs a cell's query to /graphql; rejects only when no GraphQL response came back at all. */
const execute: ExecuteQuery = async (query, variables) => {
  const response = await fetch(GRAPHQL_URL, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  try {
    return (await response.json()) as GraphQLResponse;
  } catch {
    throw new Error(`the server answered ${response.status} without a GraphQL response`);
  }
};

/**
 * Runs one query cell exactly as `npm run notebook -- run` does (runNotebook over just this cell): the
 * parameter values bound into its variables, errors with their line and column, the snapshot that answered,
 * the flattened table and the chart (the cell's own, else inferred). Never throws for a failing cell.
 */
export async function runQueryCell(
  notebook: Notebook,
  cell: QueryCell,
  values: ParameterValues,
): Promise<CellResult> {
  const ranAt = new Date();
  const started = performance.now();
  let run: QueryCellRun;
  try {
    run = (await runNotebook({ ...notebook, cells: [cell] }, values, execute)).cells[0] as QueryCellRun;
  } catch (error) {
    // A bug in shaping the answer must still replace the cell's old result with an error, never leave it.
    run = {
      kind: "graphql",
      id: cell.id,
      query: cell.query,
      variables: null,
      data: null,
      errors: [
        {
          message: `The answer could not be shown: ${error instanceof Error ? error.message : String(error)}`,
          code: null,
          line: null,
          column: null,
          path: null,
        },
      ],
      snapshot: null,
      table: { columns: [], rows: [] },
      chart: null,
      chartFromCell: cell.chart !== undefined,
    };
  }
  return { run, ranAt, elapsedMs: Math.round(performance.now() - started) };
}
