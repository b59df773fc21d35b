import { auditServer, type AuditResult } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

let server: TestServer;
let results: ReadonlyArray<AuditResult>;

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
  results = await auditServer({ url: new URL("graphql", server.url).href });
});
afterAll(() => server?.close());

/** `"warn MUST …: reason"` for each audit with `status`, so a failure names the audit and why. */
function failing(status: "error" | "warn" | "notice"): string[] {
  return results.flatMap((r) => (r.status === status ? [`${r.status} ${r.name}: ${r.reason}`] : []));
}

describe("the GraphQL-over-HTTP audit (graphql-http serverAudits)", () => {
  it("runs every audit against the real server", () => {
    expect(results.length).toBeGreaterThan(50);
  });

  it("has no failures", () => {
    expect(failing("error")).toEqual([]);
  });

  it("has no warnings", () => {
    expect(failing("warn")).toEqual([]);
  });

  // GET is refused without a preflight header (Apollo's CSRF prevention): the audits of GET are optional (MAY).
  it("has notices only about optional GET requests", () => {
    const notices = failing("notice");
    expect(notices.filter((notice) => !/\bGETs?\b/.test(notice))).toEqual([]);
    expect(notices.length).toBeLessThanOrEqual(3);
  });
});
