import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { redactPaths } from "../../shared/redact-paths.js";
import type { GraphQLContext } from "../context.js";
import { ReloadRun } from "./reload-run.type.js";

/**
 * Why a reload failed, with the server's paths only for the admin: the message quotes the ETL's and DuckDB's
 * errors, which name the warehouse file and folders; others get each path's last name (`"khuyen-cong.duckdb"`).
 */
@Resolver(() => ReloadRun)
export class ReloadRunResolver {
  @FieldResolver(() => String, { nullable: true })
  message(@Root() run: ReloadRun, @Ctx() ctx: GraphQLContext): string | null {
    return run.message === null || ctx.isAdmin ? run.message : redactPaths(run.message);
  }
}
