import { setImmediate as nextTurn } from "node:timers/promises";
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { GraphQLContext } from "../context.js";
import { ErrorCode } from "../errors.js";

/** Warehouse rows shaped between two turns of the event loop: a few milliseconds of work. */
const ROWS_PER_SLICE = 250;
/** Work done between two turns of the event loop, at most about: /health is answered between them. */
const SLICE_MS = 5;
/** Lists at most this long are completed as they are. */
const SHORT_LIST = 20;

/**
 * Refuses, before any shaping, an analysis whose warehouse answered more rows than the field may return: every
 * warehouse row becomes at least one object of the response (a trend point, a slice row), so the response would
 * be refused by the row limit anyway (src/server/response-limits.ts) after seconds of work. RESPONSE_TOO_LARGE,
 * naming the field, the limit and how to narrow the query.
 */
export function refuseBeforeShaping(ctx: GraphQLContext, info: GraphQLResolveInfo, rows: number): void {
  const limit = ctx.analysisLimits.maxResultRows;
  if (rows <= limit) return;
  const key = String(info.path.key);
  const named = key === info.fieldName ? `"${key}"` : `"${key}" (${info.fieldName})`;
  throw new GraphQLError(
    `The field ${named} would return more than ${limit} rows (the warehouse answered ${rows} before shaping), ` +
      `the limit per field (the server's KC_MAX_RESULT_ROWS). Narrow the query: group by fewer dimensions, add a ` +
      `filter (areas, years, stages, funding sources), shorten from–to, ask for fewer fields or aliases, or page ` +
      `facts with limit and offset.`,
    { extensions: { code: ErrorCode.RESPONSE_TOO_LARGE, limitRows: limit } },
  );
}

/**
 * Shapes `rows` a few groups at a time with a turn of the event loop (setImmediate) between slices, so a large
 * result never holds the server for longer than a slice: /health and other requests are answered meanwhile. Rows
 * are split by `groupOf` (a group's rows always go together, groups in the order they first appear) and `shape`
 * gets whole groups, so shaping slice by slice gives the items shaping all rows at once would, in the same order,
 * for any shaping where each group's items depend only on its own rows (a trend's series). Stops with the
 * signal's reason when `signal` aborts (the field's time limit).
 */
export async function shapeInSlices<Row, Item>(
  rows: ReadonlyArray<Row>,
  groupOf: (row: Row) => string,
  shape: (rows: ReadonlyArray<Row>) => ReadonlyArray<Item>,
  signal: AbortSignal,
): Promise<Item[]> {
  if (rows.length <= ROWS_PER_SLICE) return [...shape(rows)];
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const id = groupOf(row);
    const list = groups.get(id);
    if (list === undefined) groups.set(id, [row]);
    else list.push(row);
  }
  const items: Item[] = [];
  let slice: Row[] = [];
  const flush = async (): Promise<void> => {
    items.push(...shape(slice));
    slice = [];
    await nextTurn();
    signal.throwIfAborted();
  };
  for (const group of groups.values()) {
    for (const row of group) slice.push(row);
    if (slice.length >= ROWS_PER_SLICE) await flush();
  }
  if (slice.length > 0) items.push(...shape(slice));
  return items;
}

/**
 * The items of a long list as promises that resolve one after another, with a turn of the event loop
 * (setImmediate) whenever about SLICE_MS has gone into completing them: graphql-js completes a list item (its
 * fields, nested lists and scalars, with Apollo's per-field hooks) when its promise resolves, so a large list is
 * completed over many turns instead of holding the server in one. An item is released only after the previous
 * one has been completed (a microtask queued after its completion), which is what lets the time be measured.
 * When `signal` aborts, the items not yet released fail with its reason and no more turns are taken. Short
 * lists are returned as they are.
 */
export function inSlices<T>(items: ReadonlyArray<T>, signal: AbortSignal): ReadonlyArray<T | Promise<T>> {
  if (items.length <= SHORT_LIST) return items;
  const settlers: Array<{ resolve: (value: T) => void; reject: (reason: unknown) => void }> = [];
  const promises = items.map(
    (_item, i) =>
      new Promise<T>((resolve, reject) => {
        settlers[i] = { resolve, reject };
      }),
  );
  let sliceStart = 0;
  const release = (i: number): void => {
    if (signal.aborted) {
      for (let j = i; j < items.length; j++) settlers[j]?.reject(signal.reason);
      return;
    }
    settlers[i]?.resolve(items[i] as T);
    if (i + 1 >= items.length) return;
    // Queued after graphql-js's completion of item i, which its resolution queued first.
    queueMicrotask(() => {
      if (performance.now() - sliceStart < SLICE_MS) {
        release(i + 1);
        return;
      }
      setImmediate(() => {
        sliceStart = performance.now();
        release(i + 1);
      });
    });
  };
  setImmediate(() => {
    sliceStart = performance.now();
    release(0);
  });
  // A rejection graphql-js never awaits (it stopped at the first) must not be reported as unhandled.
  for (const promise of promises) promise.catch(() => {});
  return promises;
}
