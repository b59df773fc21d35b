import { GraphQLError } from "graphql";
import { buildSchema, Query, Resolver } from "type-graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SnapshotDocument } from "../../src/generated/graphql.js";
import { guardRootFields, RESOLVERS } from "../../src/graphql/index.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

// Resolvers that misbehave on purpose, served beside the real ones.
@Resolver()
class MisbehavingResolver {
  @Query(() => String, { description: "fails with an unexpected error (lỗi bất ngờ)" })
  unexpected(): string {
    throw new Error("disk on fire at /var/secret/path");
  }

  @Query(() => String, { description: "fails with an expected error (lỗi dự kiến)" })
  expected(): string {
    throw new GraphQLError('Unknown measure "plann". Did you mean "plan"?', {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }

  @Query(() => String, { description: "a GraphQLError without a code (lỗi không mã)" })
  uncoded(): string {
    throw new GraphQLError("internal detail");
  }

  @Query(() => String, { description: "answers after 2 s (chậm)" })
  async slow(): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return "done";
  }
}

let server: TestServer;

beforeAll(async () => {
  const schema = guardRootFields(
    await buildSchema({ resolvers: [...RESOLVERS, MisbehavingResolver], validate: false }),
  );
  server = await startTestServer({
    warehousePath: await buildTestWarehouse(),
    schema,
    limits: { requestTimeoutMs: 300 },
  });
});
afterAll(() => server?.close());

describe("GET /health", () => {
  it("reports ok and the snapshot it serves", async () => {
    const { status, body } = await server.getJson("health");
    const { data } = await server.execute(SnapshotDocument);
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ok",
      snapshot: {
        hash: data!.snapshot.hash,
        etlRunId: data!.snapshot.etlRunId,
        loadedAt: data!.snapshot.loadedAt,
      },
      reload: null,
    });
  });
});

describe("errors", () => {
  it('masks an unexpected error as "Unexpected error." and logs it with its cause', async () => {
    const { status, data, errors } = await server.execute("{ unexpected }");
    expect(status).toBe(200);
    expect(data).toBeNull();
    expect(errors).toEqual([
      {
        message: "Unexpected error.",
        locations: [{ line: 1, column: 3 }],
        path: ["unexpected"],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      },
    ]);
    expect(server.logs.join("\n")).toContain("disk on fire at /var/secret/path");
  });

  it("masks a GraphQLError that has no code", async () => {
    const { errors } = await server.execute("{ uncoded }");
    expect(errors?.[0]).toMatchObject({
      message: "Unexpected error.",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  });

  it("passes an expected error with its code and did-you-mean", async () => {
    const { errors } = await server.execute("{ expected }");
    expect(errors?.[0]).toMatchObject({
      message: 'Unknown measure "plann". Did you mean "plan"?',
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("keeps graphql-js's own suggestions for a misspelt field", async () => {
    const { status, errors } = await server.execute("{ snapshot { hsah } }");
    expect(status).toBe(400);
    expect(errors?.[0].message).toBe('Cannot query field "hsah" on type "Snapshot". Did you mean "hash"?');
    expect(errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("stops a request at its time limit with REQUEST_TIMEOUT", async () => {
    const started = Date.now();
    const { errors } = await server.execute("{ slow }");
    expect(errors?.[0].extensions?.code).toBe("REQUEST_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe("protection", () => {
  it("rejects a query deeper than the depth limit", async () => {
    let selection = "id";
    for (let i = 0; i < 6; i++) selection = `successor { predecessors { ${selection} } }`;
    const { status, data, errors } = await server.execute(`{ areas { ${selection} } }`);
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors?.[0].message).toMatch(/depth limit of 10 exceeded/i);
  });

  it("rejects too many aliases", async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: snapshot { hash }`).join(" ");
    const { status, errors } = await server.execute(`{ ${aliases} }`);
    expect(status).toBe(400);
    expect(errors?.[0].message).toMatch(/aliases limit/i);
  });

  it("refuses a GET without a preflight header (CSRF prevention)", async () => {
    const response = await fetch(new URL("graphql?query=%7Bsnapshot%7Bhash%7D%7D", server.url));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });

  it("refuses a body over the size limit with 413 and a JSON error", async () => {
    const response = await fetch(new URL("graphql", server.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ snapshot { hash } } # ${"x".repeat(200_000)}` }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: "The request body is larger than the 102400-byte limit.",
          extensions: { code: "PAYLOAD_TOO_LARGE" },
        },
      ],
    });
  });

  it("answers introspection", async () => {
    const { data } = await server.execute<{ __schema: { queryType: { name: string } } }>(
      "{ __schema { queryType { name } } }",
    );
    expect(data?.__schema.queryType.name).toBe("Query");
  });
});
