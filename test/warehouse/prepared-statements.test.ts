import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";

import { forgetPreparedStatements, preparedStatement } from "../../src/warehouse/prepared-statements.js";

const withConnection = async <T>(fn: (c: Awaited<ReturnType<DuckDBInstance["connect"]>>) => Promise<T>) => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return await fn(connection);
  } finally {
    forgetPreparedStatements(connection);
    connection.closeSync();
    instance.closeSync();
  }
};

const rowsOf = async (
  connection: Awaited<ReturnType<DuckDBInstance["connect"]>>,
  sql: string,
  bind: (s: { bindInteger(i: number, v: number): void }) => void,
) => {
  const { statement, release } = await preparedStatement(connection, sql);
  try {
    bind(statement);
    return (await statement.runAndReadAll()).getRowObjectsJS();
  } finally {
    release();
  }
};

describe("preparedStatement", () => {
  it("reuses one statement per SQL text on a connection and binds each call's own values", () =>
    withConnection(async (connection) => {
      const sql = "SELECT x FROM range(10) t(x) WHERE x >= $1 AND x < $2 ORDER BY x";
      const first = await preparedStatement(connection, sql);
      const again = await preparedStatement(connection, sql);
      expect(again.statement).toBe(first.statement);
      const rows = await rowsOf(connection, sql, (s) => (s.bindInteger(1, 2), s.bindInteger(2, 4)));
      expect(rows).toStrictEqual([{ x: 2n }, { x: 3n }]);
      const other = await rowsOf(connection, sql, (s) => (s.bindInteger(1, 8), s.bindInteger(2, 20)));
      expect(other).toStrictEqual([{ x: 8n }, { x: 9n }]);
    }));

  it("keeps statements per connection, never shared between two connections", () =>
    withConnection(async (connection) => {
      const sql = "SELECT $1::INTEGER AS v";
      const one = await preparedStatement(connection, sql);
      const instance = await DuckDBInstance.create(":memory:");
      const second = await instance.connect();
      try {
        const two = await preparedStatement(second, sql);
        expect(two.statement).not.toBe(one.statement);
      } finally {
        forgetPreparedStatements(second);
        second.closeSync();
        instance.closeSync();
      }
    }));

  it("answers from the current table after the table is replaced (DuckDB rebinds the kept statement)", () =>
    withConnection(async (connection) => {
      await connection.run("CREATE TABLE t AS SELECT 1 AS a");
      const sql = "SELECT * FROM t WHERE a >= $1";
      expect(await rowsOf(connection, sql, (s) => s.bindInteger(1, 0))).toStrictEqual([{ a: 1 }]);
      await connection.run("DROP TABLE t");
      await connection.run("CREATE TABLE t AS SELECT 5 AS a, 'five' AS b");
      expect(await rowsOf(connection, sql, (s) => s.bindInteger(1, 0))).toStrictEqual([{ a: 5, b: "five" }]);
    }));

  it("does not keep statements that write", () =>
    withConnection(async (connection) => {
      await connection.run("CREATE TABLE t (a INTEGER)");
      const sql = "INSERT INTO t VALUES ($1)";
      const first = await preparedStatement(connection, sql);
      first.statement.bindInteger(1, 7);
      await first.statement.run();
      first.release();
      const second = await preparedStatement(connection, sql);
      expect(second.statement).not.toBe(first.statement);
      second.release();
      const rows = (await connection.runAndReadAll("SELECT a FROM t")).getRowObjectsJS();
      expect(rows).toStrictEqual([{ a: 7 }]);
    }));
});
