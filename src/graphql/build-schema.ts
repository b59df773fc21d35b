import type { GraphQLSchema } from "graphql";
import { buildSchema, type NonEmptyArray } from "type-graphql";
import { AdminResolver } from "./admin/admin.resolver.js";
import { ReloadRunResolver } from "./admin/reload-run.resolver.js";
import { AreaResolver } from "./catalog/area.resolver.js";
import { DimensionResolver } from "./catalog/dimension.resolver.js";
import { EtlIssueResolver, EtlRunResolver } from "./catalog/etl-run.resolver.js";
import { SnapshotResolver } from "./catalog/snapshot.resolver.js";
import { guardRootFields } from "./request-guard.js";
import { SliceResolver } from "./slice/slice.resolver.js";
import { TrendResolver } from "./trend/trend.resolver.js";
import { ShareResolver } from "./share/share.resolver.js";
import { CompareResolver } from "./compare/compare.resolver.js";
import { ReconciliationResolver } from "./reconciliation/reconciliation.resolver.js";
import { NotebookResolver } from "./notebooks/notebook.resolver.js";
import { FactsResolver } from "./facts/facts.resolver.js";

/**
 * Every resolver of the API. Adding a feature is one line here: its resolver class from
 * `src/graphql/<feature>/<feature>.resolver.ts`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own resolver class type
export const RESOLVERS: NonEmptyArray<Function> = [
  AreaResolver,
  DimensionResolver,
  SnapshotResolver,
  AdminResolver,
  ReloadRunResolver,
  EtlRunResolver,
  EtlIssueResolver,
  SliceResolver,
  TrendResolver,
  ShareResolver,
  CompareResolver,
  ReconciliationResolver,
  NotebookResolver,
  FactsResolver,
];

/**
 * The executable schema, code first. `validate: false` because class-validator is not used: arguments are
 * checked in resolvers, where the error can quote the culprit and suggest a fix. Root fields are wrapped by
 * `guardRootFields` for the request time limit.
 */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: RESOLVERS, validate: false });
  return guardRootFields(schema);
}
