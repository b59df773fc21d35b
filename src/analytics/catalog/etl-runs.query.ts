import type { Kysely } from "kysely";
import type { EtlRunTable, WarehouseTables } from "../../warehouse/tables.js";

/** A problem an ETL run reported, as recorded in `etl_run.warnings` / `etl_run.errors`. */
export interface EtlRunIssue {
  readonly severity: "error" | "warning";
  readonly file: string;
  readonly line: number | null;
  readonly column: string | null;
  readonly value: string | null;
  readonly message: string;
}

/** An input file an ETL run read. */
export interface EtlInputFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly rows: number | null;
}

/** An ETL run with its JSON columns parsed. */
export interface EtlRunRecord {
  readonly runId: string;
  readonly status: "succeeded" | "failed";
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly dataDir: string;
  readonly snapshotHash: string | null;
  readonly rowsPerTable: Readonly<Record<string, number>>;
  readonly inputFiles: ReadonlyArray<EtlInputFile>;
  readonly warnings: ReadonlyArray<EtlRunIssue>;
  readonly errors: ReadonlyArray<EtlRunIssue>;
}

/** The ETL runs recorded in the snapshot, newest first. */
export function etlRunsQuery(db: Kysely<WarehouseTables>) {
  return db.selectFrom("etl_run").selectAll().orderBy("started_at", "desc").orderBy("run_id");
}

/** Parses one `etl_run` row; JSON that is not in the expected shape becomes empty lists and maps. */
export function toEtlRunRecord(row: EtlRunTable): EtlRunRecord {
  return {
    runId: row.run_id,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    dataDir: row.data_dir,
    snapshotHash: row.snapshot_hash,
    rowsPerTable: parseRowsPerTable(parseJson(row.rows_per_table)),
    inputFiles: parseInputFiles(parseJson(row.input_files)),
    warnings: parseIssues(parseJson(row.warnings), "warning"),
    errors: parseIssues(parseJson(row.errors), "error"),
  };
}

/** `{ table: rows }` from a JSON value, keeping only finite numbers. */
export function parseRowsPerTable(value: unknown): Readonly<Record<string, number>> {
  if (!isRecord(value)) return {};
  const out: Record<string, number> = {};
  for (const [table, rows] of Object.entries(value)) {
    const n = typeof rows === "number" ? rows : typeof rows === "string" ? Number(rows) : NaN;
    if (Number.isFinite(n)) out[table] = n;
  }
  return Object.freeze(out);
}

/** Issues from a JSON array of `{ severity?, file, line?, column?, value?, message }` (strings are messages). */
export function parseIssues(value: unknown, severity: EtlRunIssue["severity"]): ReadonlyArray<EtlRunIssue> {
  if (!Array.isArray(value)) return [];
  return value.map((item): EtlRunIssue => {
    if (typeof item === "string")
      return { severity, file: "", line: null, column: null, value: null, message: item };
    const r = isRecord(item) ? item : {};
    return {
      severity: r.severity === "error" || r.severity === "warning" ? r.severity : severity,
      file: typeof r.file === "string" ? r.file : "",
      line: typeof r.line === "number" ? r.line : null,
      column: typeof r.column === "string" ? r.column : null,
      value: typeof r.value === "string" ? r.value : null,
      message: typeof r.message === "string" ? r.message : JSON.stringify(item),
    };
  });
}

function parseInputFiles(value: unknown): ReadonlyArray<EtlInputFile> {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((r) => ({
    path: typeof r.path === "string" ? r.path : "",
    sha256: typeof r.sha256 === "string" ? r.sha256 : "",
    bytes: typeof r.bytes === "number" ? r.bytes : 0,
    rows: typeof r.rows === "number" ? r.rows : null,
  }));
}

function parseJson(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
