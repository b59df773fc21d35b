import type { Kysely } from "kysely";
import { aggregateRollup, type FactAggregateSpec } from "../../analytics/index.js";
import {
  observedDb,
  type StatementRecord,
  type Warehouse,
  type WarehouseTables,
} from "../../warehouse/index.js";

/** Tells which table answers each core aggregate of an analysis and returns the database to run them on. */
export type NoteAggregates = (specs: ReadonlyArray<FactAggregateSpec>) => Kysely<WarehouseTables>;

/** One statement of an explained analysis, ready for JSON (BigInt and Date values as strings). */
export interface ExplainedStatement {
  readonly sql: string;
  readonly parameters: ReadonlyArray<unknown>;
  readonly rows: number;
  readonly ms: number;
}

/**
 * How one analysis field ran. `stages`, in milliseconds, add up to `totalMs`: `planMs` from the resolver's start
 * to the aggregates being chosen (arguments checked, the snapshot's filter catalog read, the rollup chosen),
 * `sqlMs` from there to the last statement's rows converted, `shapeMs` from there to the result built.
 */
export interface ExplainedAnalysis {
  /** The GraphQL field, e.g. `trend`. */
  readonly field: string;
  /** The analysis' cache key: the field, its arguments after defaults and the selection switches. */
  readonly key: string;
  /** Per core aggregate, the rollup table read, or null for the facts. */
  readonly rollups: ReadonlyArray<string | null>;
  /** Always false: an explained analysis bypasses the result cache and really runs. */
  readonly cached: false;
  readonly stages: {
    readonly planMs: number;
    readonly sqlMs: number;
    readonly shapeMs: number;
    readonly totalMs: number;
  };
  readonly statements: ReadonlyArray<ExplainedStatement>;
  /** True when the analysis failed (its error is in the response's `errors`). */
  readonly failed: boolean;
}

/**
 * The EXPLAIN output of one request (`X-KC-Explain: 1` with the admin token; docs/api.md, "Explain"): each
 * analysis it ran, in the order they finished. Held by the request's context only when asked for, so a request
 * that is not explained pays one `undefined` check per analysis.
 */
export class AnalysisExplain {
  readonly analyses: ExplainedAnalysis[] = [];

  /**
   * Runs an analysis on a database that records its statements (`observedDb`, the same connections), timing
   * its stages, and keeps what it ran. `run` gets the `note` it passes its aggregates to.
   */
  async run<T>(
    warehouse: Warehouse,
    key: string,
    run: (note: NoteAggregates) => Promise<T>,
  ): Promise<{ value: T; rollups: ReadonlyArray<string | null> }> {
    const statements: StatementRecord[] = [];
    const rollups: Array<string | null> = [];
    const db = observedDb(warehouse, (record) => statements.push(record));
    const start = performance.now();
    let planned: number | undefined;
    const note: NoteAggregates = (specs) => {
      planned ??= performance.now();
      for (const spec of specs) rollups.push(aggregateRollup(spec)?.name ?? null);
      return db;
    };
    let failed = true;
    try {
      const value = await run(note);
      failed = false;
      return { value, rollups };
    } finally {
      const end = performance.now();
      const planEnd = planned ?? end;
      const sqlEnd = Math.max(planEnd, ...statements.map((s) => s.endedAt));
      this.analyses.push({
        field: key.slice(0, key.indexOf(":")),
        key,
        rollups: [...rollups],
        cached: false,
        stages: {
          planMs: planEnd - start,
          sqlMs: sqlEnd - planEnd,
          shapeMs: end - sqlEnd,
          totalMs: end - start,
        },
        statements: statements.map((s) => ({
          sql: s.sql,
          parameters: s.parameters.map(jsonValue),
          rows: s.rows,
          ms: s.ms,
        })),
        failed,
      });
    }
  }
}

/** A bound value as JSON can carry it: BigInt as its decimal digits, a Date as ISO 8601, lists item by item. */
function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValue);
  return value;
}
