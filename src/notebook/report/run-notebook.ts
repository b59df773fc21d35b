import { Kind, parse } from "graphql";
import { bindVariables } from "../bind-variables.js";
import { flattenResult } from "../flatten-result.js";
import { inferChart, type ChartHint } from "../infer-chart.js";
import { ParameterError } from "../parameter-error.js";
import type { Notebook, ParameterValues, QueryCell } from "../notebook.js";
import type { CellError, CellRun, CellSnapshot, NotebookRun, QueryCellRun } from "./notebook-run.js";

/** A GraphQL response as it comes over HTTP (or from graphql-js's `execute`, formatted). */
export interface GraphQLResponse {
  readonly data?: unknown;
  readonly errors?: ReadonlyArray<{
    readonly message: string;
    readonly locations?: ReadonlyArray<{ readonly line: number; readonly column: number }>;
    readonly path?: ReadonlyArray<string | number>;
    readonly extensions?: Readonly<Record<string, unknown>>;
  }>;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** Sends one cell's query; rejects only when no response came at all (the network, a dead server). */
export type ExecuteQuery = (
  query: string,
  variables: Readonly<Record<string, unknown>>,
) => Promise<GraphQLResponse>;

/**
 * Runs every query cell of `notebook`, in order, with `values` bound into its variables, and collects what the
 * report needs: data, errors with their position in the query, the snapshot that answered
 * (`extensions.snapshot`), the flattened table and the chart (the cell's spec, else `inferChart`).
 * It never throws for a failing cell: binding errors, GraphQL errors and rejected requests become the cell's
 * `errors`, and the run goes on. No clock is read, so the same snapshot gives the same run.
 */
export async function runNotebook(
  notebook: Notebook,
  values: ParameterValues,
  execute: ExecuteQuery,
): Promise<NotebookRun> {
  const cells: CellRun[] = [];
  for (const cell of notebook.cells) {
    if (cell.kind === "markdown") cells.push({ kind: "markdown", id: cell.id, source: cell.source });
    else cells.push(await runCell(cell, values, execute));
  }
  return {
    title: notebook.title,
    description: notebook.description ?? null,
    parameters: notebook.parameters,
    values,
    cells,
  };
}

async function runCell(
  cell: QueryCell,
  values: ParameterValues,
  execute: ExecuteQuery,
): Promise<QueryCellRun> {
  const failed = (variables: Record<string, unknown> | null, message: string): QueryCellRun =>
    result(cell, variables, { errors: [{ message }] });
  let variables: Record<string, unknown>;
  try {
    variables = bindVariables(cell, values);
  } catch (error) {
    if (error instanceof ParameterError) return failed(null, error.message);
    throw error;
  }
  let response: GraphQLResponse;
  try {
    response = await execute(cell.query, variables);
  } catch (error) {
    return failed(variables, `The request failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return result(cell, variables, response);
}

function result(
  cell: QueryCell,
  variables: Record<string, unknown> | null,
  response: GraphQLResponse,
): QueryCellRun {
  const data = response.data ?? null;
  const table = data === null ? { columns: [], rows: [] } : flattenResult(data);
  // One row makes no chart worth drawing unless the cell asks for it.
  const chart = cell.chart ?? (table.rows.length < 2 ? null : inferChart(table.rows, chartHint(cell.query)));
  return {
    kind: "graphql",
    id: cell.id,
    query: cell.query,
    variables,
    data,
    errors: (response.errors ?? []).map(toCellError),
    snapshot: toSnapshot(response.extensions?.snapshot),
    table,
    chart,
    chartFromCell: cell.chart !== undefined,
  };
}

function toCellError(error: NonNullable<GraphQLResponse["errors"]>[number]): CellError {
  const at = error.locations?.[0];
  const code = error.extensions?.code;
  return {
    message: error.message,
    code: typeof code === "string" ? code : null,
    line: at?.line ?? null,
    column: at?.column ?? null,
    path: error.path === undefined ? null : error.path.join("."),
  };
}

function toSnapshot(value: unknown): CellSnapshot | null {
  if (typeof value !== "object" || value === null) return null;
  const { hash, runId, loadedAt } = value as Record<string, unknown>;
  const text = (field: unknown): string | null => (typeof field === "string" ? field : null);
  return { hash: text(hash), runId: text(runId), loadedAt: text(loadedAt) };
}

/** The analysis a query asks for, from its first root field, so inferChart picks lines or bars. */
function chartHint(query: string): ChartHint | undefined {
  let root: string | undefined;
  try {
    const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const first = operation?.selectionSet.selections[0];
    root = first?.kind === Kind.FIELD ? first.name.value : undefined;
  } catch {
    return undefined;
  }
  if (root === "trend") return "trend";
  if (root === "share") return "share";
  if (root === "compare" || root === "executionRate") return "compare";
  return undefined;
}
