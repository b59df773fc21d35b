import { Field, ID, Int, ObjectType } from "type-graphql";
import type { EtlRunRecord } from "../../analytics/catalog/index.js";
import { EtlRunStatus, IssueSeverity } from "../enums.js";
import { DateTimeScalar } from "../scalars.js";

@ObjectType({ description: "Rows in one warehouse table (số dòng của một bảng)." })
export class TableRowCount {
  @Field(() => String, { description: "table name (tên bảng): funding_fact, area…" })
  table!: string;

  @Field(() => Int, { description: "rows (số dòng)" })
  rows!: number;
}

@ObjectType({ description: "A problem the ETL found in its inputs (vấn đề trong dữ liệu đầu vào)." })
export class EtlIssue {
  @Field(() => IssueSeverity, { description: "severity (mức độ): error or warning" })
  severity!: IssueSeverity;

  @Field(() => String, {
    description: "file relative to the data folder (tệp), with #Sheet for a workbook sheet",
  })
  file!: string;

  @Field(() => Int, { nullable: true, description: "line (dòng), counting the header as line 1" })
  line!: number | null;

  @Field(() => String, { nullable: true, description: "column (cột)" })
  column!: string | null;

  @Field(() => String, { nullable: true, description: "the value at fault (giá trị lỗi)" })
  value!: string | null;

  @Field(() => String, {
    description:
      "message (thông báo): a sentence quoting the culprit and suggesting the fix; server paths (đường dẫn) in full only for the admin, else the file's name",
  })
  message!: string;
}

@ObjectType({ description: "An input file an ETL run read (tệp đầu vào)." })
export class EtlInputFile {
  @Field(() => String, { description: "path relative to the data folder (đường dẫn)" })
  path!: string;

  @Field(() => String, { description: "SHA-256 of the content (mã băm)" })
  sha256!: string;

  @Field(() => Int, { description: "size in bytes (dung lượng)" })
  bytes!: number;

  @Field(() => Int, { nullable: true, description: "data rows read (số dòng dữ liệu)" })
  rows!: number | null;
}

@ObjectType({
  description: "An ETL run (lần nạp dữ liệu): extract, transform, validate and load of the data folder.",
})
export class EtlRun {
  @Field(() => ID, { description: "run id (mã lần nạp)" })
  runId!: string;

  @Field(() => EtlRunStatus, { description: "outcome (kết quả): succeeded or failed" })
  status!: EtlRunStatus;

  @Field(() => DateTimeScalar, { description: "started at (bắt đầu lúc)" })
  startedAt!: Date;

  @Field(() => DateTimeScalar, { description: "finished at (kết thúc lúc)" })
  finishedAt!: Date;

  @Field(() => String, {
    description:
      "data folder read (thư mục dữ liệu): its full path only for the admin, else the folder's name",
  })
  dataDir!: string;

  @Field(() => String, {
    nullable: true,
    description: "content hash of the snapshot written (mã băm bản dữ liệu); null on failure",
  })
  snapshotHash!: string | null;

  @Field(() => [TableRowCount], { description: "rows loaded per table (số dòng mỗi bảng), by table name" })
  rowsPerTable!: ReadonlyArray<TableRowCount>;

  @Field(() => [EtlInputFile], { description: "input files read (tệp đầu vào)" })
  inputFiles!: ReadonlyArray<EtlInputFile>;

  @Field(() => [EtlIssue], { description: "warnings (cảnh báo): reported, the load went on" })
  warnings!: ReadonlyArray<EtlIssue>;

  @Field(() => [EtlIssue], { description: "errors (lỗi): any error rejects the load" })
  errors!: ReadonlyArray<EtlIssue>;
}

/** `{ funding_fact: 160, area: 110 }` as rows sorted by table name. */
export function toTableRowCounts(rowsPerTable: Readonly<Record<string, number>>): TableRowCount[] {
  return Object.entries(rowsPerTable)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, rows]) => ({ table, rows }));
}

/** The GraphQL view of a parsed ETL run. */
export function toEtlRun(run: EtlRunRecord): EtlRun {
  return {
    runId: run.runId,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    dataDir: run.dataDir,
    snapshotHash: run.snapshotHash,
    rowsPerTable: toTableRowCounts(run.rowsPerTable),
    inputFiles: run.inputFiles,
    warnings: run.warnings,
    errors: run.errors,
  };
}
