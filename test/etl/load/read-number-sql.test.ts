import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineReadNumberMacros } from "../../../etl/load/read-number-sql.js";
import { readNumber, type NumberFormat, type NumberReading } from "../../../src/shared/vietnamese-number.js";
import { createWarehouse, type Warehouse, type WarehouseTables } from "../../../src/warehouse/index.js";

let dir: string;
let warehouse: Warehouse;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "read-number-sql-"));
  warehouse = await createWarehouse(join(dir, "w.duckdb"), { poolSize: 1 });
});
afterAll(async () => {
  await warehouse.close();
  await rm(dir, { recursive: true, force: true });
});

interface SqlReading {
  readonly kind: string;
  readonly value: string | null;
  readonly comma: string | null;
  readonly point: string | null;
  readonly shows: string | null;
}

/** The SQL macro's reading of each text, in order. */
async function readAllInSql(
  texts: ReadonlyArray<string>,
  format: NumberFormat | null,
): Promise<SqlReading[]> {
  return warehouse.db.connection().execute(async (conn: Kysely<WarehouseTables>) => {
    await defineReadNumberMacros(conn);
    const rows = sql.join(texts.map((t, i) => sql`(${i}, ${t})`));
    const fmt = format === null ? sql`NULL::VARCHAR` : sql.lit(format);
    const { rows: out } = await sql<{ i: number; r: SqlReading }>`
      SELECT i, kc_read_number(t, ${fmt}) AS r FROM (VALUES ${rows}) AS v(i, t) ORDER BY i`.execute(conn);
    return out.map((o) => o.r);
  });
}

/** readNumber's decision in the shape of the SQL struct (the reason of a refusal is not the macro's job). */
function expected(reading: NumberReading): SqlReading {
  switch (reading.kind) {
    case "number":
      return { kind: "number", value: reading.value, comma: null, point: null, shows: reading.shows };
    case "ambiguous":
      return {
        kind: "ambiguous",
        value: null,
        comma: reading.readings["decimal-comma"],
        point: reading.readings["decimal-point"],
        shows: null,
      };
    case "invalid":
      return { kind: "invalid", value: null, comma: null, point: null, shows: null };
  }
}

const FORMATS: ReadonlyArray<NumberFormat | null> = [null, "decimal-comma", "decimal-point"];

/** Texts made of the characters a number is written with, and of those that trip a parser. */
const numberish = fc
  .array(
    fc.constantFrom(
      ...["0", "1", "2", "5", "9", "0", "1", "7", ".", ",", " ", "-", "+", "\u2212"],
      ...["\u00a0", "\u202f", "\u2009", "\t", "\n", "\ufeff", "\u3000", "a", "e", "'", "٣", "１"],
    ),
    { maxLength: 14 },
  )
  .map((cs) => cs.join(""));

/** Well-formed numbers in either format, with groups, signs and padding. */
const written = fc
  .tuple(
    fc.constantFrom("", "-", "+", "\u2212", "- "),
    fc.integer({ min: 0, max: 999 }),
    fc.array(fc.integer({ min: 0, max: 999 }), { maxLength: 3 }),
    fc.constantFrom(".", ",", " ", "\u00a0"),
    fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined }),
    fc.constantFrom(".", ","),
    fc.constantFrom("", " ", "\u00a0", "\t"),
  )
  .map(([sign, head, groups, group, fraction, decimal, pad]) => {
    const body = [String(head), ...groups.map((g) => String(g).padStart(3, "0"))].join(group);
    return `${pad}${sign}${body}${fraction === undefined ? "" : decimal + fraction}${pad}`;
  });

describe("kc_read_number", () => {
  it("decides as readNumber on worked examples", async () => {
    const texts = [
      "12.345",
      "1.234,5",
      "170,8",
      "170.8",
      "1,436",
      "0.125",
      "-0",
      "007",
      " 1 234 ",
      "12.34.5",
      "",
    ];
    for (const format of FORMATS) {
      const got = await readAllInSql(texts, format);
      expect(got).toEqual(texts.map((t) => expected(readNumber(t, format))));
    }
  });

  it.each(FORMATS)("decides as readNumber on random texts (format %s)", async (format) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(numberish, written, fc.string()), { minLength: 1, maxLength: 50 }),
        async (texts) => {
          const got = await readAllInSql(texts, format);
          expect(got).toEqual(texts.map((t) => expected(readNumber(t, format))));
        },
      ),
      { numRuns: 100 },
    );
  });
});
