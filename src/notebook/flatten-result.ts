/** A GraphQL result as a table: `columns` in first-seen order; every row has every column (null when absent). */
export interface ResultTable {
  readonly columns: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<Record<string, unknown>>;
}

type Json = Record<string, unknown>;

/**
 * Turns a GraphQL `data` object into a table.
 *
 * - The main list is the first array of objects met depth-first in field order (an empty array counts, so an
 *   empty result gives an empty table). Without one, the data is one row: single-field wrappers are unwrapped
 *   (`{ share: { value: 0.419 } }` → one row `{ value: 0.419 }`).
 * - Nested objects become dotted columns (`area.name`); arrays of scalars are joined with ", "; an empty array
 *   adds no column (it cannot tell which kind it is), so it shows as null when other rows have the column.
 * - A list of group keys (`keys: [{ dimension: "AREA", value: "north", label: "…" }]`, distinct dimensions) is
 *   pivoted into one column per dimension, `keys.AREA` (the value) and `keys.AREA.label` when labels were asked.
 * - The first nested array of objects in a row is expanded: one row per inner item, carrying the outer fields,
 *   its fields prefixed (`points.year`). Further arrays of objects in the
 *   same row are kept as JSON text rather than multiplied out.
 *
 * @example flattenResult({ trend: { groups: [{ area: { id: "north" }, points: [{ year: 2021, value: 10 },
 *   { year: 2022, value: 12 }] }] } })
 *   // → columns ["area.id", "points.year", "points.value"],
 *   //   rows [{ "area.id": "north", "points.year": 2021, "points.value": 10 }, { …2022, 12 }]
 */
export function flattenResult(data: unknown): ResultTable {
  const list = findList(data, [])?.list;
  const items: ReadonlyArray<Json> = list ?? (isObject(data) ? [unwrap(data, []).item] : []);
  const rows = items.flatMap((item) => flattenItem(item, ""));
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return {
    columns,
    rows: rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? null]))),
  };
}

/**
 * The response keys from `data` down to what `flattenResult` makes rows of (its main list, or the unwrapped
 * object), so a column `points.value` is the field at `[...tablePath(data), "points", "value"]`.
 *
 * @example tablePath({ trend: { series: [{ points: [] }] } }) // → ["trend", "series"]
 */
export function tablePath(data: unknown): ReadonlyArray<string> {
  return findList(data, [])?.path ?? (isObject(data) ? unwrap(data, []).path : []);
}

function findList(
  node: unknown,
  path: ReadonlyArray<string>,
): { readonly list: ReadonlyArray<Json>; readonly path: ReadonlyArray<string> } | undefined {
  if (Array.isArray(node)) return node.every(isObject) ? { list: node as Json[], path } : undefined;
  if (!isObject(node)) return undefined;
  for (const [key, value] of Object.entries(node)) {
    const found = findList(value, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function unwrap(
  data: Json,
  path: ReadonlyArray<string>,
): { readonly item: Json; readonly path: ReadonlyArray<string> } {
  let current = data;
  const keys = [...path];
  for (;;) {
    const entries = Object.entries(current);
    if (entries.length !== 1 || !isObject(entries[0]![1])) return { item: current, path: keys };
    keys.push(entries[0]![0]);
    current = entries[0]![1];
  }
}

/** The rows one item makes: one, or one per item of its first nested array of objects. */
function flattenItem(item: Json, prefix: string): Json[] {
  const row: Json = {};
  let expansion: { key: string; rows: Json[] } | undefined;
  const visit = (node: Json, path: string): void => {
    for (const [key, value] of Object.entries(node)) {
      const column = path + key;
      if (isObject(value)) visit(value, `${column}.`);
      else if (Array.isArray(value) && value.length === 0) continue;
      else if (isKeyList(value)) {
        for (const key of value) {
          row[`${column}.${key.dimension}`] = key.value ?? null;
          if (key.label !== undefined) row[`${column}.${key.dimension}.label`] = key.label ?? null;
        }
      } else if (Array.isArray(value) && value.every(isObject)) {
        if (expansion === undefined) {
          expansion = { key: column, rows: value.flatMap((inner: Json) => flattenItem(inner, `${column}.`)) };
        } else {
          row[column] = JSON.stringify(value);
        }
      } else if (Array.isArray(value)) {
        row[column] = value
          .map((inner) => (inner === null ? "" : isObject(inner) ? JSON.stringify(inner) : String(inner)))
          .join(", ");
      } else {
        row[column] = value ?? null;
      }
    }
  };
  visit(item, prefix);
  if (expansion === undefined) return [row];
  return expansion.rows.map((inner) => ({ ...row, ...inner }));
}

/** A group's keys as the API returns them: `[{ dimension: "AREA", value: "north", label? }, …]`, one per dimension. */
function isKeyList(
  value: unknown,
): value is ReadonlyArray<{ dimension: string; value?: unknown; label?: unknown }> {
  if (!Array.isArray(value) || value.length === 0) return false;
  const dimensions = value.map((item) => (isObject(item) && "value" in item ? item.dimension : undefined));
  return dimensions.every((d) => typeof d === "string") && new Set(dimensions).size === dimensions.length;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
