import {
  buildClientSchema,
  getIntrospectionQuery,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import { postGraphQL } from "./graphql-client.js";

let loading: Promise<GraphQLSchema | null> | undefined;

/**
 * The server's schema, by introspection, once per page: the editors' completion and validation. Null when the
 * server cannot answer (the editors then only highlight); the reason goes to the console.
 */
export function liveSchema(): Promise<GraphQLSchema | null> {
  loading ??= (async () => {
    const response = await postGraphQL(
      getIntrospectionQuery({ descriptions: true }),
      {},
      "IntrospectionQuery",
    );
    if (response.data === null) {
      console.warn(`Could not load the schema: ${response.errors.map((e) => e.message).join("; ")}`);
      return null;
    }
    return buildClientSchema(response.data as unknown as IntrospectionQuery);
  })();
  return loading;
}
