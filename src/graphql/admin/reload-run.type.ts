import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { EtlRun, toEtlRun } from "../catalog/etl-run.type.js";
import type { ReloadRun as ReloadRunRecord } from "../context.js";
import { DateTimeScalar } from "../scalars.js";

export const ReloadState = Object.freeze({
  RUNNING: "running",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
} as const);
export type ReloadState = (typeof ReloadState)[keyof typeof ReloadState];
registerEnumType(ReloadState, {
  name: "ReloadState",
  description: "Where a reload stands (trạng thái nạp lại).",
  valuesConfig: {
    RUNNING: { description: "running (đang chạy): the ETL is building the next snapshot" },
    SUCCEEDED: { description: "succeeded (thành công): new requests are answered from the new snapshot" },
    FAILED: { description: "failed (thất bại): the server keeps serving the previous snapshot" },
  },
});

@ObjectType({
  description:
    "A reload of the warehouse (nạp lại kho dữ liệu): the ETL run out of process, then a snapshot switch.",
})
export class ReloadRun {
  @Field(() => ID, { description: "reload id (mã lần nạp lại), to pass to reloadStatus" })
  runId!: string;

  @Field(() => String, {
    description: "the data source it loads (nguồn dữ liệu), by name: default is the server's data folder",
  })
  source!: string;

  @Field(() => ReloadState, { description: "state (trạng thái): running, succeeded or failed" })
  state!: ReloadState;

  @Field(() => DateTimeScalar, { description: "started at (bắt đầu lúc)" })
  startedAt!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "finished at (kết thúc lúc); null while running",
  })
  finishedAt!: Date | null;

  @Field(() => EtlRun, {
    nullable: true,
    description: "the ETL's report (báo cáo nạp dữ liệu) once it has finished",
  })
  report!: EtlRun | null;

  @Field(() => String, {
    nullable: true,
    description:
      "why it failed (lý do thất bại), as a sentence; server paths (đường dẫn) in full only for the admin, else the file's name",
  })
  message!: string | null;
}

/** The GraphQL view of a reload. */
export function toReloadRun(run: ReloadRunRecord): ReloadRun {
  return {
    runId: run.runId,
    source: run.source ?? "default",
    state: run.state,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    report: run.report === null ? null : toEtlRun(run.report),
    message: run.message,
  };
}
