import { PostgresAdapter } from "kysely";

/**
 * Kysely's Postgres adapter (DuckDB speaks Postgres' SQL dialect: `$1` placeholders, RETURNING, transactional
 * DDL) without its migration lock, which uses `pg_advisory_xact_lock`, a function DuckDB lacks. No lock is
 * needed: a DuckDB file has a single writing process, and the Migrator runs in one transaction.
 */
export class DuckDBAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {}

  override async releaseMigrationLock(): Promise<void> {}
}
