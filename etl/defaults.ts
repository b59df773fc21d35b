/** Where the ETL reads and writes when not told otherwise (paths relative to the project root). */
export const DEFAULT_DATA_DIR = "data";
export const DEFAULT_DB_PATH = ".warehouse/khuyen-cong.duckdb";
