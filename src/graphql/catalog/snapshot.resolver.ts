import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { etlRunsQuery, toEtlRunRecord } from "../../analytics/catalog/index.js";
import type { GraphQLContext } from "../context.js";
import { badUserInput } from "../errors.js";
import { EtlRun, toEtlRun, toTableRowCounts } from "./etl-run.type.js";
import { Snapshot } from "./snapshot.type.js";

const MAX_RUNS = 500;

@Resolver()
export class SnapshotResolver {
  @Query(() => Snapshot, {
    description: "The snapshot (bản dữ liệu) serving this request: hash, ETL run, row counts.",
  })
  snapshot(@Ctx() ctx: GraphQLContext): Snapshot {
    const { hash, etlRunId, loadedAt, rowsPerTable } = ctx.snapshot;
    return { hash, etlRunId, loadedAt, rowsPerTable: toTableRowCounts(rowsPerTable) };
  }

  @Query(() => [EtlRun], {
    description:
      "ETL runs (các lần nạp dữ liệu) recorded in the snapshot, failed ones included, newest first.",
  })
  async etlRuns(
    @Ctx() ctx: GraphQLContext,
    @Arg("limit", () => Int, {
      defaultValue: 20,
      description: `at most this many runs (số lần tối đa), 1 to ${MAX_RUNS}`,
    })
    limit: number,
  ): Promise<EtlRun[]> {
    if (limit < 1 || limit > MAX_RUNS) {
      throw badUserInput(
        `Limit ${limit} in argument "limit" is out of range. Give 1 to ${MAX_RUNS}.`,
        "limit",
      );
    }
    const rows = await etlRunsQuery(ctx.warehouse.db).limit(limit).execute();
    return rows.map((row) => toEtlRun(toEtlRunRecord(row)));
  }
}
