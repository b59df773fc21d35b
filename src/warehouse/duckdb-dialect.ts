import {
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from "kysely";

import { DuckDBAdapter } from "./duckdb-adapter.js";
import { DuckDBDriver, type DuckDBDriverConfig } from "./duckdb-driver.js";
import { DuckDBIntrospector } from "./duckdb-introspector.js";

/**
 * Kysely over @duckdb/node-api, our own rather than the published kysely-duckdb (0.4), which
 * - returned [] for `SELECT count(*) AS count` (it guessed insert counts from column names), and
 * - leaked DuckDBDecimalValue and other DuckDB classes into result rows.
 * This dialect decides result kinds from DuckDB's metadata, converts every value by one policy
 * (duckdb-values.ts), pools connections, supports transactions, streaming and a per-query timeout, and
 * closes without hanging on in-flight queries. SQL is Postgres' (`$1` placeholders), which DuckDB accepts.
 */
export class DuckDBDialect implements Dialect {
  readonly #config: DuckDBDriverConfig;

  constructor(config: DuckDBDriverConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new DuckDBDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new DuckDBAdapter();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new DuckDBIntrospector(db);
  }
}
