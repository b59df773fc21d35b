import {
  DuckDBDecimalValue,
  DuckDBTypeId,
  listValue,
  type DuckDBAppender,
  type DuckDBDateValue,
  type DuckDBListValue,
  type DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
} from "@duckdb/node-api";

import { dateFromText, scaledDecimal, timestampFromDate } from "./duckdb-values.js";

/**
 * Appends one JS value to one appender column, by the column's declared DuckDB type. `convert` checks and
 * converts (throwing a sentence that names the culprit), `append` writes; a row is converted whole before
 * any of it is appended, so a bad value never leaves half a row in the appender.
 */
export interface ColumnWriter {
  readonly column: string;
  readonly type: DuckDBType;
  convert(value: unknown, culprit: string): DuckDBValue;
  append(appender: DuckDBAppender, converted: DuckDBValue): void;
}

const INT64: readonly [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];
const INT128: readonly [bigint, bigint] = [-(2n ** 127n), 2n ** 127n - 1n];

/**
 * The writer for a column of `type`. Supported: BOOLEAN; TINYINT, SMALLINT, INTEGER (integer numbers);
 * BIGINT, HUGEINT (bigint, or a safe-integer number: larger numbers are already rounded, so pass a bigint);
 * DECIMAL(p,s) (number or decimal string, converted exactly); FLOAT, DOUBLE; VARCHAR; JSON (a string holding
 * valid JSON); DATE ('YYYY-MM-DD'); TIMESTAMP (Date); LIST of any of these (arrays). null is NULL everywhere.
 */
export function columnWriter(column: string, type: DuckDBType): ColumnWriter {
  const write = scalarWriter(type, `column "${column}" (${type.toString()})`);
  return {
    column,
    type,
    convert: (value, culprit) => {
      if (value === null) return null;
      if (value === undefined) {
        throw new TypeError(`${culprit} has no value for column "${column}"; use null for a missing value.`);
      }
      return write.convert(value, `${culprit}, column "${column}":`);
    },
    append: (appender, converted) =>
      converted === null ? appender.appendNull() : write.append(appender, converted),
  };
}

interface ScalarWriter {
  convert(value: unknown, culprit: string): DuckDBValue;
  append(appender: DuckDBAppender, converted: DuckDBValue): void;
}

function scalarWriter(type: DuckDBType, columnDescription: string): ScalarWriter {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return writer(
        (v, c) => expect(v, "boolean", c),
        (a, v: boolean) => a.appendBoolean(v),
      );
    case DuckDBTypeId.TINYINT:
      return integer(-128, 127, (a, v) => a.appendTinyInt(v));
    case DuckDBTypeId.SMALLINT:
      return integer(-32_768, 32_767, (a, v) => a.appendSmallInt(v));
    case DuckDBTypeId.INTEGER:
      return integer(-2_147_483_648, 2_147_483_647, (a, v) => a.appendInteger(v));
    case DuckDBTypeId.BIGINT:
      return writer(
        (v, c) => exactBigInt(v, INT64, c),
        (a, v: bigint) => a.appendBigInt(v),
      );
    case DuckDBTypeId.HUGEINT:
      return writer(
        (v, c) => exactBigInt(v, INT128, c),
        (a, v: bigint) => a.appendHugeInt(v),
      );
    case DuckDBTypeId.DECIMAL: {
      const { width, scale } = type;
      return writer(
        (v, c) => {
          if (typeof v !== "number" && typeof v !== "string")
            throw wrongType(v, "number or decimal string", c);
          return new DuckDBDecimalValue(scaledDecimal(v, width, scale, c), width, scale);
        },
        (a, v: DuckDBDecimalValue) => a.appendDecimal(v),
      );
    }
    case DuckDBTypeId.FLOAT:
      return writer(
        (v, c) => expect(v, "number", c),
        (a, v: number) => a.appendFloat(v),
      );
    case DuckDBTypeId.DOUBLE:
      return writer(
        (v, c) => expect(v, "number", c),
        (a, v: number) => a.appendDouble(v),
      );
    case DuckDBTypeId.VARCHAR:
      return writer(
        (v, c) => (type.alias === "JSON" ? validJson(expect(v, "string", c), c) : expect(v, "string", c)),
        (a, v: string) => a.appendVarchar(v),
      );
    case DuckDBTypeId.DATE:
      return writer(
        (v, c) => dateFromText(expect(v, "string", c), c),
        (a, v: DuckDBDateValue) => a.appendDate(v),
      );
    case DuckDBTypeId.TIMESTAMP:
      return writer(
        (v, c) => {
          if (!(v instanceof Date)) throw wrongType(v, "Date", c);
          return timestampFromDate(v, c);
        },
        (a, v: DuckDBTimestampValue) => a.appendTimestamp(v),
      );
    case DuckDBTypeId.LIST: {
      const item = scalarWriter(type.valueType, columnDescription);
      return writer(
        (v, c) => {
          if (!Array.isArray(v)) throw wrongType(v, "array", c);
          return listValue(v.map((x: unknown, i) => (x === null ? null : item.convert(x, `${c} item ${i}`))));
        },
        (a, v: DuckDBListValue) => a.appendList(v, type),
      );
    }
    default:
      throw new TypeError(
        `The table appender cannot write ${columnDescription}; load that table with INSERT instead.`,
      );
  }
}

function integer(
  min: number,
  max: number,
  append: (appender: DuckDBAppender, value: number) => void,
): ScalarWriter {
  return writer((value, culprit) => {
    const n = expect(value, "number", culprit);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new RangeError(`${culprit} ${n} is not an integer in ${min}..${max}.`);
    }
    return n;
  }, append);
}

/** Ties a typed convert/append pair into the ScalarWriter interface (append only ever gets convert's T). */
function writer<T extends DuckDBValue>(
  convert: (value: unknown, culprit: string) => T,
  append: (appender: DuckDBAppender, value: T) => void,
): ScalarWriter {
  return { convert, append: (appender, converted) => append(appender, converted as T) };
}

function expect<K extends "boolean" | "number" | "string">(
  value: unknown,
  kind: K,
  culprit: string,
): K extends "boolean" ? boolean : K extends "number" ? number : string {
  if (typeof value !== kind) throw wrongType(value, kind, culprit);
  return value as K extends "boolean" ? boolean : K extends "number" ? number : string;
}

function exactBigInt(value: unknown, [min, max]: readonly [bigint, bigint], culprit: string): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new RangeError(
      `${culprit} ${value} is not a safe integer: a number past 2^53 may already be rounded. Pass a bigint.`,
    );
  }
  if (typeof value !== "number" && typeof value !== "bigint")
    throw wrongType(value, "integer number or bigint", culprit);
  const big = BigInt(value);
  if (big < min || big > max) throw new RangeError(`${culprit} ${big} is out of range ${min}..${max}.`);
  return big;
}

function validJson(text: string, culprit: string): string {
  try {
    JSON.parse(text);
  } catch {
    throw new TypeError(`${culprit} ${JSON.stringify(text.slice(0, 60))} is not valid JSON.`);
  }
  return text;
}

function wrongType(value: unknown, expected: string, culprit: string): TypeError {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  return new TypeError(`${culprit} expected a ${expected}, got ${typeof value} ${shown.slice(0, 60)}.`);
}
