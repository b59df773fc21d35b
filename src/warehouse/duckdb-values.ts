/**
 * The one place where DuckDB values become JS values and back. Nothing above `src/warehouse/` sees a DuckDB
 * value class: every policy below is deliberate, and the warehouse table types (tables.ts) rely on it.
 *
 * Results (DuckDB → JS):
 * - DECIMAL → number, parsed from the exact decimal text (`Number("10.25")`), never via a float
 *   multiplication. Values with more than about 15 significant digits lose precision.
 * - BIGINT, UBIGINT, HUGEINT, UHUGEINT → number within ±Number.MAX_SAFE_INTEGER, otherwise an exact bigint.
 * - DATE → 'YYYY-MM-DD' string (no time zone can shift it).
 * - TIMESTAMP → Date; LIST → array; STRUCT → object; both recurse through these same rules.
 * - JSON → its text, as a string (JSON is an alias of VARCHAR).
 * - Everything else follows @duckdb/node-api's JS converter (INTERVAL → {months, days, micros}, BLOB → Uint8Array).
 *
 * Parameters (JS → DuckDB): undefined → NULL; Date → TIMESTAMP; bigint → BIGINT when it fits, else HUGEINT
 * (node-api would send every bigint as HUGEINT, which functions such as `range(BIGINT)` refuse);
 * arrays → LIST; Uint8Array → BLOB; numbers, strings and booleans as node-api types them.
 */
import {
  BIGINT,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  HUGEINT,
  JSDuckDBValueConverter,
  LIST,
  SQLNULL,
  TIMESTAMP,
  listValue,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
} from "@duckdb/node-api";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT128_MIN = -(2n ** 127n);
const INT128_MAX = 2n ** 127n - 1n;

/** A bigint as a number when that is exact, else the bigint itself. */
export function exactInteger(value: bigint): number | bigint {
  return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

/** Converts one DuckDB result value by the policy above; pass to `convertRowObjects`. */
export const fromDuckDBValue: DuckDBValueConverter<unknown> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      if (typeof value === "bigint") return exactInteger(value);
      break;
    case DuckDBTypeId.DECIMAL:
      if (value instanceof DuckDBDecimalValue) return Number(value.toString());
      break;
    case DuckDBTypeId.DATE:
      if (value instanceof DuckDBDateValue) return value.toString();
      break;
    default:
      break;
  }
  // Nested values (LIST, STRUCT, MAP…) call back into `converter`, i.e. into this function, so the node-api
  // converter only ever sees our own policy's results; its JS type parameter is a formality.
  return JSDuckDBValueConverter(value, type, converter as DuckDBValueConverter<JS>);
};

/** A bound parameter: its DuckDB value and, when node-api's own inference would be wrong, its type. */
export interface DuckDBParameter {
  readonly value: DuckDBValue;
  readonly type: DuckDBType | undefined;
}

/**
 * Converts one query parameter by the policy above. `position` is 1-based, as in `$1`, and only names the
 * culprit in error messages.
 */
export function toDuckDBParameter(value: unknown, position: number): DuckDBParameter {
  if (value === undefined || value === null) return { value: null, type: undefined };
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return { value, type: undefined };
    case "bigint":
      if (value >= INT64_MIN && value <= INT64_MAX) return { value, type: BIGINT };
      if (value >= INT128_MIN && value <= INT128_MAX) return { value, type: HUGEINT };
      throw new RangeError(`Parameter $${position} (${value}) does not fit a HUGEINT (128 bits).`);
    default:
      break;
  }
  if (value instanceof Date)
    return { value: timestampFromDate(value, `Parameter $${position}`), type: TIMESTAMP };
  if (value instanceof Uint8Array) return { value: new DuckDBBlobValue(value), type: undefined };
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => toDuckDBParameter(item, position).value);
    // An empty list has no item type to infer; DuckDB types the literal `[]` as NULL[] and casts it as needed.
    return { value: listValue(items), type: items.length === 0 ? LIST(SQLNULL) : undefined };
  }
  throw new TypeError(
    `Parameter $${position} is ${describe(value)}, which the warehouse cannot bind. ` +
      "Pass a string, number, bigint, boolean, Date, Uint8Array or array (JSON.stringify objects for JSON columns).",
  );
}

/** A Date as a DuckDB TIMESTAMP (microseconds since the epoch, no time zone). */
export function timestampFromDate(date: Date, culprit: string): DuckDBTimestampValue {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${culprit} is an invalid Date.`);
  return new DuckDBTimestampValue(BigInt(ms) * 1000n);
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A 'YYYY-MM-DD' string as a DuckDB DATE; rejects impossible dates such as 2024-02-30. */
export function dateFromText(text: string, culprit: string): DuckDBDateValue {
  const match = DATE_TEXT.exec(text);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!match || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`${culprit} ${JSON.stringify(text)} is not a date in the form YYYY-MM-DD.`);
  }
  return DuckDBDateValue.fromParts({ year, month, day });
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The exact scaled integer of a DECIMAL(width, scale) value: `scaledDecimal("1234.567", 18, 3)` is 1234567n.
 * It works on the decimal text (a number's shortest round-trip text, `String(0.1)` is "0.1"), so no float
 * arithmetic can round it. Rejects values with more digits after the point than `scale` (rounding is the
 * caller's decision) and values that do not fit `width` digits.
 */
export function scaledDecimal(value: number | string, width: number, scale: number, culprit: string): bigint {
  const text = typeof value === "number" ? String(value) : value.trim();
  const match = typeof value === "number" && !Number.isFinite(value) ? null : DECIMAL_TEXT.exec(text);
  const whole = match?.[2] ?? "";
  const fraction = match?.[3] ?? "";
  if (!match || whole.length + fraction.length === 0) {
    throw new TypeError(`${culprit} ${JSON.stringify(text)} is not a decimal number.`);
  }
  const digits = BigInt(whole + fraction);
  const shift = Number(match[4] ?? "0") - fraction.length + scale;
  let scaled: bigint;
  if (shift >= 0) {
    scaled = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (digits % divisor !== 0n) {
      throw new RangeError(
        `${culprit} ${text} has more than ${scale} digits after the point, which DECIMAL(${width},${scale}) ` +
          "would round. Round it before loading.",
      );
    }
    scaled = digits / divisor;
  }
  if (scaled >= 10n ** BigInt(width)) {
    throw new RangeError(`${culprit} ${text} does not fit DECIMAL(${width},${scale}).`);
  }
  return match[1] === "-" ? -scaled : scaled;
}

function describe(value: unknown): string {
  if (typeof value !== "object" || value === null) return `a ${typeof value}`;
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === "string" && name !== "Object" ? `a ${name}` : "a plain object";
}
