import fc from "fast-check";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FACT_TABLES,
  factFilter,
  factFilterSql,
  filterCatalogQueries,
  mayHaveVersions,
  regionAreas,
  simplifyFilter,
  toFilterCatalog,
  type FactDomain,
  type FactFilter,
} from "../../src/analytics/index.js";
import { detailOf, qualityBitsOf } from "../../src/model/index.js";
import { createWarehouse, type Warehouse } from "../../src/warehouse/index.js";

/**
 * The domain rewrites select exactly the facts the filter as written selects, on random memberships and facts:
 * a region resolved to lists of areas (with their years) equals the per-fact `area_membership` EXISTS, and an
 * activity list of every code the facts have, dropped when every fact has one, equals the list; and a filter
 * said to select no versioned fact selects none.
 */

const REGIONS = ["north", "south", "south-2011"] as const;
const AREAS = ["01", "02", "03", "04", "05", "06"] as const;
const CODES = ["A", "B", "C"] as const;

let dir: string;
let warehouse: Warehouse;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kc-fact-domain-"));
  warehouse = await createWarehouse(join(dir, "w.duckdb"));
});
afterAll(async () => {
  await warehouse.close();
  await rm(dir, { recursive: true, force: true });
});

interface Fact {
  readonly area: string;
  readonly year: number;
  readonly span: number;
  readonly activity: string | null;
  /** Stated by several sources (a `figure_id`). */
  readonly versioned?: boolean;
}
interface Membership {
  readonly region: string;
  readonly area: string;
  readonly from: number;
  readonly to: number;
}

const factArb = fc.record({
  area: fc.constantFrom(...AREAS, ...REGIONS),
  year: fc.integer({ min: 2008, max: 2025 }),
  span: fc.constantFrom(0, 0, 0, 4),
  activity: fc.option(fc.constantFrom(...CODES), { freq: 4 }),
  versioned: fc.constantFrom(false, false, false, true),
});
const membershipArb = fc
  .record({
    region: fc.constantFrom(...REGIONS),
    // Few areas and short spans: an area is often a member in several spans, with gaps, overlaps and joins.
    area: fc.constantFrom("01", "02", "03"),
    from: fc.integer({ min: 2004, max: 2028 }),
    length: fc.integer({ min: 0, max: 8 }),
  })
  .map(({ region, area, from, length }) => ({ region, area, from, to: from + length }));
// Primary key (region, area, from_year): one row per key.
const membershipsArb = fc.uniqueArray(membershipArb, {
  maxLength: 10,
  selector: (m) => `${m.region}/${m.area}/${m.from}`,
});

/** Replaces the warehouse's memberships and funding facts, and reads its domain as the server does. */
async function load(facts: ReadonlyArray<Fact>, memberships: ReadonlyArray<Membership>): Promise<FactDomain> {
  const db = warehouse.db;
  await sql`DELETE FROM funding_fact`.execute(db);
  await sql`DELETE FROM area_membership`.execute(db);
  if (memberships.length > 0) {
    await db
      .insertInto("area_membership")
      .values(
        memberships.map((m) => ({ region_id: m.region, area_id: m.area, from_year: m.from, to_year: m.to })),
      )
      .execute();
  }
  if (facts.length > 0) {
    await db
      .insertInto("funding_fact")
      .values(
        facts.map((f, i) => ({
          fact_id: i + 1,
          area_id: f.area,
          geo_level: (REGIONS as ReadonlyArray<string>).includes(f.area) ? "region" : "province",
          geo_name: f.area,
          year_from: f.year,
          year_to: f.year + f.span,
          period: "FY",
          funding_source: "total",
          budget_level: null,
          stage: "plan",
          activity_code: f.activity,
          project: null,
          detail: detailOf({ activity_code: f.activity, project: null }),
          amount_vnd: 1,
          source_id: 1,
          preferred: true,
          preference: 1,
          figure_id: f.versioned === true ? i + 1 : null,
          note: null,
          scope: "whole",
          bound: "exact",
          certainty: "stated",
          quality_bits: qualityBitsOf({ scope: "whole", bound: "exact", certainty: "stated" }),
          origin: "test",
        })),
      )
      .execute();
  }
  const q = filterCatalogQueries(db);
  const [years, rows, domain] = await Promise.all([
    q.years.execute(db),
    q.memberships.execute(),
    q.domain.execute(db),
  ]);
  const catalog = toFilterCatalog({
    areas: [],
    years: years.rows,
    activities: [],
    outputTypes: [],
    sources: [],
    cpi: [],
    domain: { memberships: rows, facts: domain.rows },
  });
  if (catalog.domain === null) throw new Error("The catalog read no domain.");
  return catalog.domain;
}

/** The ids of the funding facts `condition` selects. */
async function selected(condition: ReturnType<typeof factFilterSql>): Promise<number[]> {
  const { rows } = await sql<{ fact_id: number }>`
    SELECT f.fact_id FROM funding_fact f WHERE ${condition} ORDER BY f.fact_id`.execute(warehouse.db);
  return rows.map((r) => Number(r.fact_id));
}

const { funding } = FACT_TABLES;

describe("the snapshot's fact domain", () => {
  it("selects the same facts with a region resolved to its member areas as with the membership join", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(factArb, { maxLength: 60 }),
        membershipsArb,
        fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 2 }),
        async (facts, memberships, regionIds) => {
          const domain = await load(facts, memberships);
          const filter = factFilter({ regionIds });
          const resolved = regionAreas(filter.regionIds ?? [], "funding", domain);
          const joined = await selected(factFilterSql(filter, funding, "HISTORICAL"));
          const listed = await selected(factFilterSql(filter, funding, "HISTORICAL", "preferred", resolved));
          expect(listed).toEqual(joined);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("resolves a member for part of the years with its years, and a member in every year of the facts to its id", async () => {
    const domain = await load(
      [
        { area: "01", year: 2010, span: 0, activity: null },
        { area: "02", year: 2025, span: 0, activity: null },
      ],
      [
        { region: "north", area: "01", from: 2000, to: 2015 },
        { region: "north", area: "01", from: 2016, to: 2030 },
        { region: "north", area: "02", from: 2011, to: 2011 },
        { region: "south", area: "03", from: 2000, to: 2012 },
        { region: "south", area: "03", from: 2014, to: 2030 },
      ],
    );
    expect(regionAreas(["north"], "funding", domain)).toEqual({
      regionIds: ["north"],
      always: ["01"],
      during: [{ from: 2011, to: 2011, areaIds: ["02"] }],
    });
    // 2013 is not a member year of 03: its spans are kept apart.
    expect(regionAreas(["south"], "funding", domain).during).toEqual([
      { from: 2000, to: 2012, areaIds: ["03"] },
      { from: 2014, to: 2030, areaIds: ["03"] },
    ]);
  });

  it("selects the same facts without an activity list it drops as with the list", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(factArb, { maxLength: 30 }),
        fc.uniqueArray(fc.constantFrom(...CODES), { maxLength: 3 }),
        async (facts, activities) => {
          const domain = await load(facts, []);
          const filter: FactFilter = factFilter({ activities });
          const simple = simplifyFilter(filter, funding, domain);
          const expected = await selected(factFilterSql(filter, funding, "HISTORICAL"));
          expect(await selected(factFilterSql(simple, funding, "HISTORICAL"))).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("selects no fact with other versions when it says none of the selected facts can have them", async () => {
    let ruledOut = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(factArb, { maxLength: 40 }),
        membershipsArb,
        fc.option(fc.uniqueArray(fc.constantFrom(...AREAS, ...REGIONS), { minLength: 1, maxLength: 2 })),
        fc.option(fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 1, maxLength: 2 })),
        async (facts, memberships, areaIds, regionIds) => {
          const domain = await load(facts, memberships);
          const filter = factFilter({ areaIds, regionIds });
          if (mayHaveVersions(filter, funding, "HISTORICAL", domain)) return;
          ruledOut += 1;
          const versioned = await selected(
            sql<boolean>`${factFilterSql(filter, funding, "HISTORICAL")} AND f.figure_id IS NOT NULL`,
          );
          expect(versioned).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
    // The property compared filters it ruled out, not only ones it could not tell.
    expect(ruledOut).toBeGreaterThan(10);
  });

  it("rules out versions by the areas of the versioned facts, and cannot tell without areas or domain", async () => {
    const domain = await load(
      [
        { area: "01", year: 2020, span: 0, activity: null, versioned: true },
        { area: "02", year: 2020, span: 0, activity: null },
      ],
      [{ region: "north", area: "01", from: 2000, to: 2030 }],
    );
    const may = (
      parts: Parameters<typeof factFilter>[0],
      boundary: "HISTORICAL" | "MERGED_2025" = "HISTORICAL",
    ) => mayHaveVersions(factFilter(parts), funding, boundary, domain);
    expect(domain.versionedAreas.funding).toEqual(new Set(["01"]));
    expect(may({ areaIds: ["02"] })).toBe(false);
    expect(may({ areaIds: ["01", "02"] })).toBe(true);
    expect(may({ regionIds: ["north"] })).toBe(true);
    expect(may({ regionIds: ["south"] })).toBe(false);
    expect(may({})).toBe(true);
    // Under the 2025 boundary an area's facts include its predecessors': not decided by the ids.
    expect(may({ areaIds: ["02"] }, "MERGED_2025")).toBe(true);
    expect(mayHaveVersions(factFilter({ areaIds: ["02"] }), funding, "HISTORICAL", null)).toBe(true);
    expect(mayHaveVersions(factFilter({}), FACT_TABLES.outputs, "HISTORICAL", domain)).toBe(false);
  });

  it("drops an activity list of every code only when every fact has a code", async () => {
    const every = factFilter({ activities: ["A", "B"] });
    const withCodes = await load(
      [
        { area: "01", year: 2020, span: 0, activity: "A" },
        { area: "01", year: 2021, span: 0, activity: "B" },
      ],
      [],
    );
    expect(simplifyFilter(every, funding, withCodes).activities).toBeNull();
    expect(simplifyFilter(factFilter({ activities: ["A"] }), funding, withCodes).activities).toEqual(["A"]);
    const withTotal = await load(
      [
        { area: "01", year: 2020, span: 0, activity: "A" },
        { area: "01", year: 2021, span: 0, activity: "B" },
        { area: "01", year: 2021, span: 0, activity: null },
      ],
      [],
    );
    expect(simplifyFilter(every, funding, withTotal).activities).toEqual(["A", "B"]);
    expect(simplifyFilter(every, FACT_TABLES.outputs, withCodes).activities).toEqual(["A", "B"]);
  });
});
