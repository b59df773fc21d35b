import { Field, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../scalars.js";
import { TableRowCount } from "./etl-run.type.js";

@ObjectType({ description: "The warehouse snapshot (bản dữ liệu) this request was answered from." })
export class Snapshot {
  @Field(() => String, {
    nullable: true,
    description:
      "content hash (mã băm nội dung): equal for identical loads; null when no ETL run is recorded",
  })
  hash!: string | null;

  @Field(() => String, { nullable: true, description: "id of the ETL run that built it (mã lần nạp)" })
  etlRunId!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "when that run finished loading (nạp lúc)" })
  loadedAt!: Date | null;

  @Field(() => [TableRowCount], { description: "rows per table (số dòng mỗi bảng), by table name" })
  rowsPerTable!: ReadonlyArray<TableRowCount>;
}
