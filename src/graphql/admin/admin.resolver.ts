import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { forbidden, unknownValue } from "../errors.js";
import { ReloadRun, toReloadRun } from "./reload-run.type.js";

@Resolver()
export class AdminResolver {
  @Mutation(() => ReloadRun, {
    description:
      "Reload the warehouse (nạp lại kho dữ liệu): runs the ETL on the data folder in a child process and switches " +
      "to the new snapshot; requests in flight finish on the old one. Returns at once with the run (state RUNNING); " +
      "while a reload runs, returns that one. Needs the admin token: `Authorization: Bearer <token>`.",
  })
  reloadWarehouse(@Ctx() ctx: GraphQLContext): ReloadRun {
    if (!ctx.isAdmin) {
      throw forbidden(
        "reloadWarehouse needs the admin token. Send it as the header `Authorization: Bearer <token>` " +
          "(the server's KC_ADMIN_TOKEN, or the token it printed at start).",
      );
    }
    return toReloadRun(ctx.reloads.start());
  }

  @Query(() => ReloadRun, {
    description:
      "A reload (lần nạp lại) started since the server started, by the id reloadWarehouse returned.",
  })
  reloadStatus(
    @Ctx() ctx: GraphQLContext,
    @Arg("runId", () => ID, { description: "reload id (mã lần nạp lại)" }) runId: string,
  ): ReloadRun {
    const run = ctx.reloads.get(runId);
    if (run === undefined) {
      const known = ctx.reloads.list().map((r) => ({ value: r.runId }));
      throw unknownValue("reload run", runId, "runId", known);
    }
    return toReloadRun(run);
  }

  @Query(() => ReloadRun, {
    nullable: true,
    description: "The latest reload (lần nạp lại gần nhất) since the server started; null if there was none.",
  })
  latestReload(@Ctx() ctx: GraphQLContext): ReloadRun | null {
    const run = ctx.reloads.latest();
    return run === undefined ? null : toReloadRun(run);
  }
}
