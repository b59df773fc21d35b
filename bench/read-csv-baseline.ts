import { join } from "node:path";

/**
 * DuckDB parsing the same files straight into one typed table: the floor for a load of these rows.
 * Same memory limit as the warehouse's default (src/warehouse: 2GB), DuckDB's default threads (one per core).
 */
export const READ_CSV_COLUMNS = {
  year: "SMALLINT",
  period: "VARCHAR",
  geo_level: "VARCHAR",
  geo_code: "VARCHAR",
  geo_name: "VARCHAR",
  funding_source: "VARCHAR",
  budget_level: "VARCHAR",
  measure: "VARCHAR",
  amount_billion_vnd: "DECIMAL(18,3)",
  source_url: "VARCHAR",
  source_title: "VARCHAR",
  source_date: "VARCHAR",
  note: "VARCHAR",
  scope: "VARCHAR",
  bound: "VARCHAR",
  certainty: "VARCHAR",
  activity: "VARCHAR",
  project: "VARCHAR",
} as const;

const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

export const readCsvSql = (dataDir: string): string => {
  const columns = Object.entries(READ_CSV_COLUMNS)
    .map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`)
    .join(", ");
  const glob = sqlString(join(dataDir, "funding-synthetic-*.csv"));
  return `CREATE TABLE funding AS SELECT * FROM read_csv(${glob}, header = true, columns = {${columns}})`;
};
