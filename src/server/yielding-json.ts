import { setImmediate as nextTurn } from "node:timers/promises";

/** What `stringifyYielding` gives: the JSON, or why it stopped. */
export type YieldingJson =
  | { readonly kind: "json"; readonly json: string; readonly bytes: number }
  /** The JSON passed `maxBytes` (UTF-8): it was not finished, `bytes` is where it stopped. */
  | { readonly kind: "tooLarge"; readonly bytes: number }
  /** `signal` aborted between two slices. */
  | { readonly kind: "aborted" };

export interface YieldingJsonOptions {
  /** Stop once the JSON is longer than this, in UTF-8 bytes. */
  readonly maxBytes: number;
  /** Work at most this long before letting the event loop run (default 10 ms). */
  readonly sliceMs?: number;
  /** Checked between slices: a request past its time limit stops here. */
  readonly signal?: AbortSignal;
}

/** Objects and arrays this deep are written by JSON.stringify in one piece (a trend's series, a slice's row). */
const LEAF_DEPTH = 4;

/**
 * `JSON.stringify(value)`, the same text, written in slices of at most `sliceMs` with a turn of the event loop
 * (setImmediate) between them, so that /health and other requests are answered while a large response is
 * written; and stopped as soon as the text passes `maxBytes`, so a response that will be refused is never built
 * whole. The top four levels (the response, `data`, each field, its lists) are walked here, in JSON.stringify's
 * order and with its rules (toJSON, undefined and functions left out of objects and written null in arrays);
 * below them each value is one JSON.stringify call.
 *
 * Written by hand because the streaming serializers on npm (json-stream-stringify, bfj, yieldable-json) yield
 * on microtasks or per token, which keeps the event loop busy or is several times slower than the native
 * JSON.stringify that does the work here.
 */
export async function stringifyYielding(value: unknown, options: YieldingJsonOptions): Promise<YieldingJson> {
  const sliceMs = options.sliceMs ?? 10;
  const parts: string[] = [];
  let bytes = 0;
  let sliceStart = performance.now();
  let stopped: YieldingJson | null = null;

  const push = (text: string): void => {
    parts.push(text);
    bytes += Buffer.byteLength(text, "utf8");
    if (bytes > options.maxBytes) stopped = { kind: "tooLarge", bytes };
  };
  const pause = async (): Promise<void> => {
    if (performance.now() - sliceStart < sliceMs) return;
    await nextTurn();
    sliceStart = performance.now();
    if (options.signal?.aborted === true) stopped = { kind: "aborted" };
  };
  /** Writes `input` (under `key`, for toJSON); false when it is left out (undefined, a function, a symbol). */
  const write = async (input: unknown, key: string, depth: number): Promise<boolean> => {
    const item = hasToJson(input) ? input.toJSON(key) : input;
    if (item === undefined || typeof item === "function" || typeof item === "symbol") return false;
    if (item === null || typeof item !== "object" || depth >= LEAF_DEPTH || isBoxed(item)) {
      push(JSON.stringify(item));
      return true;
    }
    if (Array.isArray(item)) {
      push("[");
      for (let i = 0; i < item.length && stopped === null; i++) {
        if (i > 0) push(",");
        if (!(await write(item[i], String(i), depth + 1))) push("null");
        await pause();
      }
      push("]");
      return true;
    }
    push("{");
    let first = true;
    for (const name of Object.keys(item)) {
      if (stopped !== null) break;
      const field = (item as Record<string, unknown>)[name];
      const before = parts.length;
      push(`${first ? "" : ","}${JSON.stringify(name)}:`);
      if (await write(field, name, depth + 1)) {
        first = false;
      } else {
        bytes -= Buffer.byteLength(parts[before] as string, "utf8");
        parts.length = before;
      }
      await pause();
    }
    push("}");
    return true;
  };

  await write(value, "", 0);
  if (stopped !== null) return stopped;
  return { kind: "json", json: parts.join(""), bytes };
}

function hasToJson(value: unknown): value is { toJSON(key: string): unknown } {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  );
}

function isBoxed(value: object): boolean {
  return value instanceof Number || value instanceof String || value instanceof Boolean;
}
