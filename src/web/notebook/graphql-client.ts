/** The data snapshot a response was answered from (`extensions.snapshot` of every response). */
export interface SnapshotInfo {
  readonly hash: string | null;
  readonly runId: string | null;
  readonly loadedAt: string | null;
}

export interface GraphQLErrorLocation {
  readonly line: number;
  readonly column: number;
}

export interface ResponseError {
  readonly message: string;
  readonly locations?: ReadonlyArray<GraphQLErrorLocation>;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface GraphQLResponse {
  readonly data: Record<string, unknown> | null;
  readonly errors: ReadonlyArray<ResponseError>;
  readonly snapshot: SnapshotInfo | null;
  readonly status: number;
}

/** The API, on the server that served this page (/graphql beside /). */
export const GRAPHQL_URL = new URL("graphql", location.href).href;

/**
 * POSTs one GraphQL request. A network failure or a body that is not a GraphQL response becomes one error
 * in `errors`; it never throws, so every caller shows problems the same way.
 */
export async function postGraphQL(
  query: string,
  variables: Readonly<Record<string, unknown>> = {},
  operationName?: string,
): Promise<GraphQLResponse> {
  let response: Response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables, ...(operationName === undefined ? {} : { operationName }) }),
    });
  } catch (error) {
    return failure(0, `The server at ${GRAPHQL_URL} did not answer (${String(error)}). Is it running?`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return failure(response.status, `The server answered ${response.status} without a GraphQL response.`);
  }
  const { data, errors, extensions } = body as {
    data?: Record<string, unknown> | null;
    errors?: ResponseError[];
    extensions?: { snapshot?: SnapshotInfo };
  };
  return {
    data: data ?? null,
    errors: errors ?? [],
    snapshot: extensions?.snapshot ?? null,
    status: response.status,
  };
}

function failure(status: number, message: string): GraphQLResponse {
  return { data: null, errors: [{ message }], snapshot: null, status };
}

/** The first error's `extensions.code`, such as CONFLICT or GRAPHQL_VALIDATION_FAILED. */
export function errorCode(error: ResponseError | undefined): string | undefined {
  const code = error?.extensions?.["code"];
  return typeof code === "string" ? code : undefined;
}
