import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { badUserInput, forbidden, unknownValue } from "../errors.js";
import { ReloadRun, toReloadRun } from "./reload-run.type.js";

@Resolver()
export class AdminResolver {
  @Mutation(() => ReloadRun, {
    description:
      "Reload the warehouse (nạp lại kho dữ liệu): runs the ETL on the data folder in a child process and switches " +
      "to the new snapshot; requests in flight finish on the old one. Returns at once with the run (state RUNNING); " +
      "while a reload runs, returns that one. Needs the admin token: `Authorization: Bearer <token>`. A snapshot " +
      "published at the server's warehouse path by any other ETL run (`npm run etl`, a cron job) is served too.",
  })
  reloadWarehouse(
    @Ctx() ctx: GraphQLContext,
    @Arg("source", () => String, {
      nullable: true,
      description:
        "the data source (nguồn dữ liệu) to load, by its name in the server's configuration (KC_DATA_SOURCES); " +
        "the server's data folder when absent. Never a path",
    })
    source: string | null | undefined,
  ): ReloadRun {
    if (!ctx.isAdmin) {
      throw forbidden(
        "reloadWarehouse needs the admin token. Send it as the header `Authorization: Bearer <token>` " +
          "(the server's KC_ADMIN_TOKEN, or the token it printed at start).",
      );
    }
    const known = ctx.reloads.sources?.() ?? ["default"];
    if (source != null && !known.includes(source)) {
      const names = known.map((name) => `"${name}"`).join(", ");
      throw badUserInput(
        `Unknown data source ${JSON.stringify(source)} in argument "source": the server's configuration names ` +
          `${names} (KC_DATA_SOURCES). A reload loads a named folder, never a path.`,
        "source",
      );
    }
    return toReloadRun(source == null ? ctx.reloads.start() : ctx.reloads.start(source));
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
