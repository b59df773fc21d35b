import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWarehouse } from "../../src/warehouse/index.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse, copyTestWarehouse } from "../support/test-warehouse.js";

/** The two funding rollups the ETL builds (src/warehouse/rollup-definitions.ts), by grain. */
const BASIS_ROLLUP = "rollup_funding_area_level_year_stage_period_funding_source_budget_level_detail";
const ACTIVITY_ROLLUP =
  "rollup_funding_area_level_year_stage_period_funding_source_budget_level_activity_detail";

const NORTH_PLAN = `{ areas: ["north"], stages: [PLAN], fundingSources: [TOTAL] }`;
const TREND = `{ trend(filter: ${NORTH_PLAN}, from: 2021, to: 2025) { series { points { year value sources { id } } } } }`;

let server: TestServer;
let factsOnly: TestServer;
let oldSnapshot: TestServer;
let sourceId: number;

beforeAll(async () => {
  const path = await buildTestWarehouse();
  // A snapshot built before rollups existed: the same facts, no rollup tables and no catalog of them.
  const old = await copyTestWarehouse();
  const writable = await openWarehouse(old, { poolSize: 1 });
  const { rows } = await sql<{ name: string }>`SELECT name FROM rollup_catalog`.execute(writable.db);
  for (const { name } of rows) await sql`DROP TABLE ${sql.table(name)}`.execute(writable.db);
  await sql`DROP TABLE rollup_catalog`.execute(writable.db);
  await writable.close();
  [server, factsOnly, oldSnapshot] = await Promise.all([
    startTestServer({ warehousePath: path }),
    startTestServer({ warehousePath: path, rollups: false }),
    startTestServer({ warehousePath: old }),
  ]);
  const sources = await server.execute<{ sources: { id: number }[] }>("{ sources { id } }");
  sourceId = sources.data!.sources[0].id;
});
afterAll(async () => {
  await Promise.all([server?.close(), factsOnly?.close(), oldSnapshot?.close()]);
});

describe("rollups", () => {
  it("answers the north's plan trend from the smallest rollup and names it in extensions.rollup", async () => {
    const answer = await server.execute(TREND);
    expect(answer.errors).toBeUndefined();
    expect(answer.extensions?.["rollup"]).toBe(BASIS_ROLLUP);
    expect(answer.extensions?.["rollups"]).toEqual([BASIS_ROLLUP]);
  });

  it("reads the rollup by activity when the filter names activities", async () => {
    const answer = await server.execute(
      `{ trend(filter: { areas: ["VN"], activities: ["D45-TRAIN"] }, from: 2010, to: 2025) { series { points { value } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.extensions?.["rollup"]).toBe(ACTIVITY_ROLLUP);
  });

  it("names the rollup of each of a share's three aggregates (parts, their sum, the whole)", async () => {
    const answer = await server.execute(
      `{ share(partsBy: FUNDING_SOURCE, filter: { areas: ["north"], stages: [PLAN] }) { slices { parts { value } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.extensions?.["rollups"]).toEqual([BASIS_ROLLUP, BASIS_ROLLUP, BASIS_ROLLUP]);
  });

  it("falls back to the facts when a request needs each fact's source: grouped by source, or sources picked", async () => {
    const bySource = await server.execute(
      `{ funding(filter: ${NORTH_PLAN}, groupBy: [SOURCE]) { rows { value } } }`,
    );
    expect(bySource.errors).toBeUndefined();
    expect(bySource.extensions?.["rollups"]).toEqual([null]);
    const picked = await server.execute(
      `{ trend(filter: { areas: ["north"], sources: [${sourceId}] }, from: 2021, to: 2025) { series { points { value } } } }`,
    );
    expect(picked.errors).toBeUndefined();
    expect(picked.extensions?.["rollup"]).toBeNull();
  });

  it("sums from the rollup and finds the other sources' versions of each figure in the facts", async () => {
    // The nation's 2024 local plan: two sources give it (202 and 202.3 billion VND).
    const query = `{ trend(filter: { areas: ["VN"], stages: [PLAN], fundingSources: [LOCAL] }, from: 2024, to: 2024) {
      series { points { value alternatives { source { id } value chosenValue } } } } }`;
    const [on, off] = await Promise.all([server.execute(query), factsOnly.execute(query)]);
    expect(on.errors).toBeUndefined();
    expect(on.extensions?.["rollup"]).toBe(BASIS_ROLLUP);
    expect(on.data).toEqual(off.data);
    const points = (on.data as { trend: { series: { points: { alternatives: unknown[] }[] }[] } }).trend
      .series;
    expect(points.flatMap((s) => s.points.flatMap((p) => p.alternatives))).toHaveLength(1);
  });

  it("reads only the facts with KC_ROLLUPS=off, and answers the same", async () => {
    const [on, off] = await Promise.all([server.execute(TREND), factsOnly.execute(TREND)]);
    expect(off.extensions?.["rollups"]).toEqual([null]);
    expect(off.data).toEqual(on.data);
  });

  it("serves a snapshot built before rollups from its facts, with the same answer", async () => {
    const [on, old] = await Promise.all([server.execute(TREND), oldSnapshot.execute(TREND)]);
    expect(old.errors).toBeUndefined();
    expect(old.extensions?.["rollup"]).toBeNull();
    expect(old.data).toEqual(on.data);
  });

  it("reports the rollup of a result served from the result cache too", async () => {
    await server.execute(TREND);
    const cached = await server.execute(TREND);
    expect(cached.extensions?.["rollup"]).toBe(BASIS_ROLLUP);
  });

  it("says nothing of rollups for a request that runs no analysis", async () => {
    const answer = await server.execute("{ __typename }");
    expect(answer.extensions?.["rollups"]).toBeUndefined();
  });
});
