import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { operation } from "../support/operations.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

/** One named operation of schema/operations/reconciliation.graphql, with the fragments it spreads. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shapes are asserted field by field
async function run(name: string, variables: Record<string, unknown> = {}): Promise<any> {
  const { data, errors } = await server.execute(operation("reconciliation", name), variables);
  expect(errors).toBeUndefined();
  return data;
}

describe("reconciliation over HTTP on the published data", () => {
  it("lists the discrepancies with no variables, the XVIII report's 8.5% among them", async () => {
    const { claimReconciliation } = await run("ClaimDiscrepancies");
    expect(claimReconciliation.every((c: { status: string }) => c.status === "DISCREPANCY")).toBe(true);
    const xviii = claimReconciliation.find(
      (c: { claim: string }) => c.claim === "North plan change vs 2023 plan",
    );
    expect(xviii).toMatchObject({
      kind: "CHANGE",
      year: "2024",
      stated: -8.5,
      decimals: 1,
      numerator: 170.8,
      denominator: 186.5,
    });
    expect(xviii.gap).toBeCloseTo(0.0818, 4);
    expect(xviii.message).toBe(
      "Stated -8.5, but 170.8 and 186.5 give -8.418: a gap of 0.082, beyond the rounding of the printed digits (±0.05).",
    );
  });

  it("filters by year, kind and status", async () => {
    const { claimReconciliation } = await run("ClaimReconciliation", {
      years: [2024],
      kinds: ["SHARE"],
      statuses: ["CONFIRMED"],
    });
    expect(claimReconciliation.length).toBeGreaterThan(0);
    for (const c of claimReconciliation) {
      expect(c).toMatchObject({ kind: "SHARE", status: "CONFIRMED" });
      expect(Math.abs(c.gap)).toBeLessThanOrEqual(c.tolerance + 1e-9);
    }
  });

  it("lists the parts-vs-total finding of the north's 2024 plan and the disagreement on the nation's local plan", async () => {
    const { consistencyFindings } = await run("ConsistencyFindings");
    const parts = consistencyFindings.find(
      (f: { kind: string; subject: string }) =>
        f.kind === "PARTS_VS_TOTAL" && f.subject.startsWith("north 2024 FY plan"),
    );
    expect(parts).toMatchObject({ status: "WITHIN_ROUNDING", stated: 170.8, computed: 170.7 });
    expect(parts.gap).toBeCloseTo(-0.1, 9);
    const disagreement = consistencyFindings.find(
      (f: { subject: string }) => f.subject === "funding VN 2024-2024 FY local plan",
    );
    expect(disagreement).toMatchObject({ kind: "SOURCE_DISAGREEMENT", status: "DISCREPANCY" });
  });

  it("refuses an unknown source address with a did-you-mean", async () => {
    const { data, errors } = await server.execute(operation("reconciliation", "ClaimReconciliation"), {
      sourceUrls: ["sources/2024-05-north-conference-xvii.txt"],
    });
    expect(data).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "sourceUrls" });
    expect(errors![0].message).toBe(
      'Unknown source address "sources/2024-05-north-conference-xvii.txt" in argument "sourceUrls". Did you mean "sources/2024-05-north-conference-xviii.txt"?',
    );
  });

  it("refuses a year outside the data's range", async () => {
    const { errors } = await server.execute(operation("reconciliation", "ClaimReconciliation"), {
      years: [1890],
    });
    expect(errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "years" });
  });
});
