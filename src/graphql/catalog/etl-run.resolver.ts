import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { redactPaths } from "../../shared/redact-paths.js";
import type { GraphQLContext } from "../context.js";
import { EtlIssue, EtlRun } from "./etl-run.type.js";

/**
 * The server's folders only for the admin: an ETL run's data folder and its issues' messages name absolute paths
 * (`/srv/kc/data`, `The run log "/srv/kc/.warehouse/…" could not be written`), which tell a visitor where the
 * server keeps its files. Others get the last name of each path (`data`, `"khuyen-cong.duckdb.runs.jsonl"`).
 */
@Resolver(() => EtlRun)
export class EtlRunResolver {
  @FieldResolver(() => String)
  dataDir(@Root() run: EtlRun, @Ctx() ctx: GraphQLContext): string {
    return ctx.isAdmin ? run.dataDir : redactPaths(run.dataDir);
  }
}

/** An issue's message, with absolute paths cut to their last name unless the admin asks (see EtlRunResolver). */
@Resolver(() => EtlIssue)
export class EtlIssueResolver {
  @FieldResolver(() => String)
  message(@Root() issue: EtlIssue, @Ctx() ctx: GraphQLContext): string {
    return ctx.isAdmin ? issue.message : redactPaths(issue.message);
  }
}
