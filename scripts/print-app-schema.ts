import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";

/** The schema as committed in schema/schema.graphql: sorted, printed, with a final newline. */
export function printAppSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}
