import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { Kind, type OperationDefinitionNode } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as generated from "../../src/generated/graphql.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

/**
 * Every operation in schema/operations/ is sent over real HTTP as the typed document codegen.yml generates
 * for dashboards: the queries that need no variables must answer without errors, and the XVIII report's
 * operations must reproduce its percentages.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(async () => {
  await server?.close();
});

const documents = Object.entries(generated)
  .filter(([name]) => name.endsWith("Document"))
  .map(([name, document]) => [name, document as TypedDocumentNode<unknown, unknown>] as const);

const operationOf = (document: TypedDocumentNode<unknown, unknown>) =>
  document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;

const runsWithoutVariables = (document: TypedDocumentNode<unknown, unknown>) => {
  const operation = operationOf(document);
  return (
    operation.operation === "query" &&
    (operation.variableDefinitions ?? []).every((v) => v.type.kind !== Kind.NON_NULL_TYPE || v.defaultValue)
  );
};

describe("the typed documents generated from schema/operations", () => {
  it("cover every analysis", () => {
    const names = documents.map(([name]) => name);
    for (const analysis of [
      "FundingTrend",
      "Share",
      "Compare",
      "FundingSlice",
      "ClaimReconciliation",
      "ExecutionRate",
    ]) {
      expect(names).toContain(`${analysis}Document`);
    }
  });

  it.each(documents.filter(([, d]) => runsWithoutVariables(d)).map(([name, d]) => [name, d] as const))(
    "%s answers with no variables supplied",
    async (_name, document) => {
      const result = await server.execute(document);
      expect(result.errors).toBeUndefined();
      expect(result.status).toBe(200);
      expect(result.data).toBeTruthy();
    },
  );

  it("reproduce the XVIII report's national and local shares of the north's 2024 plan", async () => {
    const { data } = await server.execute(generated.XviiiPlanByFundingSourceDocument);
    const parts = data!.share.slices[0]!.parts.map((p) => [p.key, Number(p.sharePercent?.toFixed(2))]);
    expect(parts).toEqual(
      expect.arrayContaining([
        ["local", 58.08],
        ["national", 41.86],
      ]),
    );
  });
});
