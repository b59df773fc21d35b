import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AreaByIdDocument,
  AreaSearchDocument,
  DimensionsDocument,
  EtlRunsDocument,
  RegionProvincesDocument,
  SnapshotDocument,
  SourcesDocument,
} from "../../src/generated/graphql.js";
import { FUNDING_SOURCE, STAGE } from "../../src/model/index.js";
import { startTestServer, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse } from "../support/test-warehouse.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ warehousePath: await buildTestWarehouse() });
});
afterAll(() => server?.close());

describe("areas", () => {
  it("finds Hà Giang from 'ha giang' typed without diacritics, with its successor Tuyên Quang (2025-08)", async () => {
    const { data, errors } = await server.execute(AreaSearchDocument, { search: "ha giang" });
    expect(errors).toBeUndefined();
    expect(data?.areas.map((a) => [a.id, a.name])).toEqual([["02", "Hà Giang"]]);
    const [haGiang] = data!.areas;
    expect(haGiang.region).toEqual({ id: "north", name: expect.any(String) });
    expect(haGiang.subregion).toBe("Northern Midlands and Mountains");
    expect(haGiang.successor).toMatchObject({ id: "2025-08", name: "Tuyên Quang", boundary: "MERGED_2025" });
  });

  it("matches names typed with diacritics, in any case, and with punctuation", async () => {
    for (const search of ["Hà Giang", "HA-GIANG", "tỉnh hà giang"]) {
      const { data } = await server.execute(AreaSearchDocument, { search });
      expect(
        data?.areas.map((a) => a.id),
        search,
      ).toEqual(["02"]);
    }
  });

  it("lists the predecessors of a merged province", async () => {
    const { data, errors } = await server.execute(AreaByIdDocument, { id: "02" });
    expect(errors).toBeUndefined();
    expect(data?.area.successor?.predecessors.map((p) => p.id).sort()).toEqual(["02", "08"]);
  });

  it("lists the 28 northern provinces of 2024", async () => {
    const { data, errors } = await server.execute(RegionProvincesDocument, { regionId: "north", year: 2024 });
    expect(errors).toBeUndefined();
    expect(data?.areas).toHaveLength(28);
    expect(data?.areas.map((a) => a.id)).toContain("02");
  });

  it("rejects an unknown area with BAD_USER_INPUT, quoting it and suggesting the closest", async () => {
    const { data, errors } = await server.execute(AreaByIdDocument, { id: "Ha Giangg" });
    expect(data).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "id" });
    expect(errors![0].message).toMatch(
      /^Unknown area "Ha Giangg" in argument "id"\. Did you mean "02" \(Hà Giang\)/,
    );
  });

  it("rejects an unknown region with BAD_USER_INPUT and a suggestion", async () => {
    const { errors } = await server.execute(RegionProvincesDocument, { regionId: "nort" });
    expect(errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(errors?.[0].message).toContain(
      'Unknown region "nort" in argument "regionId". Did you mean "north"',
    );
  });

  it("rejects a year out of range with BAD_USER_INPUT", async () => {
    const { errors } = await server.execute(RegionProvincesDocument, { regionId: "north", year: 20245 });
    expect(errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(errors?.[0].message).toContain("Year 20245");
  });
});

describe("dimensions", () => {
  it("lists years and periods with data, funding sources, stages, activities and output types", async () => {
    const { data, errors } = await server.execute(DimensionsDocument);
    expect(errors).toBeUndefined();
    const years = data!.years.map((y) => y.year);
    expect(years).toContain(2024);
    expect([...years].sort((a, b) => a - b)).toEqual(years);
    expect(data!.years.find((y) => y.year === 2024)?.periods).toEqual(expect.arrayContaining(["FY", "H1"]));
    expect(data!.periods.every((p) => p.fundingFacts + p.outputFacts > 0)).toBe(true);
    expect(data!.periods.map((p) => p.code)).toContain("FY");
    expect(data!.fundingSources.map((f) => [f.value, f.abbreviation])).toEqual([
      ["NATIONAL", "KCQG"],
      ["LOCAL", "KCĐP"],
      ["TOTAL", null],
    ]);
    expect(data!.stages.map((s) => [s.value, s.funding, s.outputs])).toEqual([
      ["PLAN", true, true],
      ["ALLOCATED", true, true],
      ["ESTIMATED", true, true],
      ["ACTUAL", true, true],
      ["TARGET", false, true],
    ]);
    expect(data!.activities).toHaveLength(22);
    expect(data!.outputTypes.length).toBeGreaterThan(0);
  });

  it("names funding sources and stages as the model's vocabularies do", async () => {
    const { data } = await server.execute(DimensionsDocument);
    expect(data!.fundingSources.map((f) => [f.name, f.nameVi])).toEqual(
      FUNDING_SOURCE.terms.map((t) => [t.en, t.vi]),
    );
    expect(data!.stages.map((s) => [s.name, s.nameVi])).toEqual(STAGE.terms.map((t) => [t.en, t.vi]));
  });

  it("lists the local source of the XVIII report", async () => {
    const { data } = await server.execute(SourcesDocument, { localOnly: true });
    expect(data?.sources.map((s) => s.url)).toEqual(
      expect.arrayContaining([expect.stringContaining("2024-05-north-conference-xviii.txt")]),
    );
  });
});

describe("snapshot and ETL runs", () => {
  it("names the snapshot's hash and the succeeded run that built it", async () => {
    const snapshot = (await server.execute(SnapshotDocument)).data!.snapshot;
    const runs = (await server.execute(EtlRunsDocument, { limit: 5 })).data!.etlRuns;
    expect(snapshot.hash).toMatch(/^[0-9a-f]{64}$/);
    const run = runs.find((r) => r.runId === snapshot.etlRunId);
    expect(run).toMatchObject({ status: "SUCCEEDED", snapshotHash: snapshot.hash, errors: [] });
    expect(snapshot.rowsPerTable.find((t) => t.table === "funding_fact")?.rows).toBeGreaterThan(100);
  });
});
