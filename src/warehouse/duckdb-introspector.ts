import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from "kysely";

interface ColumnRow {
  readonly table_schema: string;
  readonly table_name: string;
  readonly table_type: string;
  readonly column_name: string;
  readonly data_type: string;
  readonly is_nullable: string;
  readonly column_default: string | null;
}

/**
 * Tables, views and columns of the open database file, from `information_schema` (Kysely's
 * PostgresIntrospector calls `pg_get_serial_sequence`, which DuckDB lacks). The Migrator needs one.
 */
export class DuckDBIntrospector implements DatabaseIntrospector {
  // Kysely's own introspectors take an untyped Kysely: they query catalogs, not the application's tables.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly #db: Kysely<any>;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(db: Kysely<any>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await this.#db
      .selectFrom("information_schema.schemata")
      .select("schema_name")
      .where("catalog_name", "=", sql<string>`current_database()`)
      .orderBy("schema_name")
      .execute();
    return rows.map((row: { schema_name: string }) => ({ name: row.schema_name }));
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    let query = this.#db
      .selectFrom("information_schema.columns as c")
      .innerJoin("information_schema.tables as t", (join) =>
        join
          .onRef("t.table_catalog", "=", "c.table_catalog")
          .onRef("t.table_schema", "=", "c.table_schema")
          .onRef("t.table_name", "=", "c.table_name"),
      )
      .select([
        "c.table_schema",
        "c.table_name",
        "t.table_type",
        "c.column_name",
        "c.data_type",
        "c.is_nullable",
        "c.column_default",
      ])
      .where("c.table_catalog", "=", sql<string>`current_database()`)
      .orderBy("c.table_schema")
      .orderBy("c.table_name")
      .orderBy("c.ordinal_position");
    if (!options.withInternalKyselyTables) {
      query = query.where("c.table_name", "not in", [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);
    }
    const tables = new Map<string, TableMetadata & { columns: TableMetadata["columns"][number][] }>();
    for (const row of (await query.execute()) as ColumnRow[]) {
      const key = `${row.table_schema}.${row.table_name}`;
      let table = tables.get(key);
      if (!table) {
        table = {
          schema: row.table_schema,
          name: row.table_name,
          isView: row.table_type === "VIEW",
          columns: [],
        };
        tables.set(key, table);
      }
      table.columns.push({
        name: row.column_name,
        dataType: row.data_type,
        isNullable: row.is_nullable === "YES",
        isAutoIncrementing: row.column_default?.startsWith("nextval(") ?? false,
        hasDefaultValue: row.column_default !== null,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
