import { sql, type Kysely } from "kysely";
import type { WarehouseTables } from "../../warehouse/tables.js";

/** One year with data: the periods published for it and how many funding and output facts it has. */
export interface YearCoverageRow {
  readonly year: number;
  readonly periods: ReadonlyArray<string>;
  readonly funding_facts: number;
  readonly output_facts: number;
}

/**
 * The single years that have funding or output facts (multi-year spans such as 2021-2025 are not years),
 * ascending, with their periods sorted by code and their fact counts. A year without any fact is absent.
 *
 * Example: funding rows (2024, FY), (2024, H1) and one output row (2024, FY) give
 * `{ year: 2024, periods: ["FY", "H1"], funding_facts: 2, output_facts: 1 }`.
 */
export function yearCoverageQuery(db: Kysely<WarehouseTables>) {
  const facts = db
    .selectFrom("funding_fact")
    .select(["year_from as year", "period", sql<string>`'funding'`.as("kind")])
    .whereRef("year_from", "=", "year_to")
    .unionAll(
      db
        .selectFrom("output_fact")
        .select(["year_from as year", "period", sql<string>`'output'`.as("kind")])
        .whereRef("year_from", "=", "year_to"),
    );
  return db
    .selectFrom(facts.as("f"))
    .select([
      "f.year",
      sql<ReadonlyArray<string>>`list(distinct f.period order by f.period)`.as("periods"),
      sql<number>`count(*) filter (where f.kind = 'funding')`.as("funding_facts"),
      sql<number>`count(*) filter (where f.kind = 'output')`.as("output_facts"),
    ])
    .groupBy("f.year")
    .orderBy("f.year");
}

/** A period kind with its fact counts. */
export interface PeriodCoverageRow {
  readonly period: string;
  readonly months: number | null;
  readonly label_en: string;
  readonly label_vi: string;
  readonly funding_facts: number;
  readonly output_facts: number;
}

/**
 * Every period kind (FY, H1, 9M, 5Y…) with the number of funding and output facts published for it, ordered by
 * months covered (open spans last), then code. With `withDataOnly`, kinds without any fact are left out.
 *
 * Example: period_kind FY (12 months) with 120 funding and 200 output facts gives
 * `{ period: "FY", months: 12, label_en: "full year", label_vi: "cả năm", funding_facts: 120, output_facts: 200 }`.
 */
export function periodCoverageQuery(db: Kysely<WarehouseTables>, withDataOnly: boolean) {
  const counts = db.selectFrom("period_kind as p").select((eb) => [
    "p.period",
    "p.months",
    "p.label_en",
    "p.label_vi",
    eb
      .selectFrom("funding_fact")
      .select(sql<number>`count(*)`.as("n"))
      .whereRef("funding_fact.period", "=", "p.period")
      .as("funding_facts"),
    eb
      .selectFrom("output_fact")
      .select(sql<number>`count(*)`.as("n"))
      .whereRef("output_fact.period", "=", "p.period")
      .as("output_facts"),
  ]);
  let query = db.selectFrom(counts.as("c")).selectAll();
  if (withDataOnly)
    query = query.where((eb) => eb.or([eb("c.funding_facts", ">", 0), eb("c.output_facts", ">", 0)]));
  return query.orderBy(sql`c.months nulls last`).orderBy("c.period");
}

/** An output type with the number of output facts that use it. */
export interface OutputTypeRow {
  readonly output_type: string;
  readonly unit: string;
  readonly facts: number;
}

/** Every output type by code, with its usual unit and fact count. */
export function outputTypesQuery(db: Kysely<WarehouseTables>) {
  return db
    .selectFrom("output_type as t")
    .select((eb) => [
      "t.output_type",
      "t.unit",
      eb
        .selectFrom("output_fact")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("output_fact.output_type", "=", "t.output_type")
        .as("facts"),
    ])
    .orderBy("t.output_type");
}

/** Every activity category by code. */
export function activitiesQuery(db: Kysely<WarehouseTables>) {
  return db.selectFrom("activity").selectAll().orderBy("activity_code");
}

/** Every source by id; with `localOnly`, only those kept as files in the data folder. */
export function sourcesQuery(db: Kysely<WarehouseTables>, localOnly: boolean) {
  let query = db.selectFrom("source").selectAll();
  if (localOnly) query = query.where("is_local", "=", true);
  return query.orderBy("source_id");
}
