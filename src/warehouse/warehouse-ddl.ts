import { createHash } from "node:crypto";
import {
  AREA_LEVEL,
  BOUND,
  BUDGET_LEVEL,
  CERTAINTY,
  DETAIL,
  FUNDING_SOURCE,
  SCOPE,
  STAGE,
} from "../model/index.js";

/**
 * The warehouse model: every table of a snapshot, as DuckDB DDL.
 *
 * Keys and rules the ETL and the analytics rely on:
 * - `area.area_id` is the identity of an area under one set of boundaries: `VN`; a region code (`north`,
 *   `central-highlands`, `south`, `south-2011`, `southeast-2013`); a pre-2025 province's two-digit GSO code
 *   (`02` Hà Giang); a province after the 1 July 2025 merger as `2025-` + its code (`2025-08` Tuyên Quang).
 * - Facts keep the level they were published at (`geo_level`): a regional total is never derived from, nor
 *   added to, its provinces. `area_membership` says which provinces a region holds in which years.
 * - A funding fact may name the project (đề án) it funds. The project is part of the figure's identity, so the
 *   many projects of one province, year and stage are distinct figures; the parts-vs-total check compares only
 *   rows without a project.
 * - A fact's identity includes its source: two sources that disagree are both kept. So that sums never count
 *   one figure twice, exactly one fact per figure is `preferred` (the most precisely printed value, then a
 *   local primary document, then the row read first); `preference` keeps the whole ranking (1 = preferred), so
 *   that among the sources a caller picks the best-ranked version counts. The versions of a figure stated more
 *   than once share `figure_id` (the smallest fact_id among them; null for a figure stated once), so that
 *   another source's version is found by one integer, not the nine identity columns.
 * - Amounts are integer VND (BIGINT): 170.8 billion VND is 170800000000. Never a float.
 */
export const WAREHOUSE_DDL: ReadonlyArray<string> = [
  `CREATE TABLE source (
    source_id INTEGER PRIMARY KEY,
    url VARCHAR NOT NULL UNIQUE,          -- a web address or a path under the data folder (sources/…)
    title VARCHAR NOT NULL,
    published VARCHAR NOT NULL,           -- the date as the source gives it: 2024-05-16, 2016 (n.d.)
    is_local BOOLEAN NOT NULL,            -- true when url is a file in the data folder
    is_synthetic BOOLEAN NOT NULL
  )`,
  `CREATE TABLE area (
    area_id VARCHAR PRIMARY KEY,
    level VARCHAR NOT NULL CHECK (level IN ${AREA_LEVEL.sqlList}),
    boundary VARCHAR NOT NULL CHECK (boundary IN ('historical', '2025')),
    gso_code VARCHAR,                     -- two-digit GSO code for provinces, VN for the nation
    name_vi VARCHAR NOT NULL,
    name_ascii VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    aliases VARCHAR[] NOT NULL,
    region_id VARCHAR,                    -- khuyến công region of a pre-2025 province
    subregion VARCHAR,                    -- GSO socio-economic sub-region
    successor_id VARCHAR,                 -- the post-2025 province a pre-2025 one merged into
    valid_from SMALLINT,                  -- first year the unit exists (null: before our data)
    valid_to SMALLINT                     -- last year the unit exists (null: still exists)
  )`,
  `CREATE TABLE area_membership (
    region_id VARCHAR NOT NULL,
    area_id VARCHAR NOT NULL,
    from_year SMALLINT NOT NULL,
    to_year SMALLINT NOT NULL,
    PRIMARY KEY (region_id, area_id, from_year)
  )`,
  `CREATE TABLE period_kind (
    period VARCHAR PRIMARY KEY,           -- FY, H1, 8M, 9M, 11M, 18M, 2Y, 3Y, 5Y, 7Y, 10Y, CUMULATIVE, PROGRAMME
    months SMALLINT,                      -- months covered from the start of year_from; null for open spans
    label_en VARCHAR NOT NULL,
    label_vi VARCHAR NOT NULL
  )`,
  `CREATE TABLE activity (
    activity_code VARCHAR PRIMARY KEY,
    name_vi VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    legal_basis VARCHAR NOT NULL
  )`,
  `CREATE TABLE output_type (
    output_type VARCHAR PRIMARY KEY,
    unit VARCHAR NOT NULL                 -- the unit most rows of this type use
  )`,
  `CREATE TABLE funding_fact (
    fact_id INTEGER PRIMARY KEY,
    area_id VARCHAR NOT NULL,
    geo_level VARCHAR NOT NULL CHECK (geo_level IN ${AREA_LEVEL.sqlList}),
    geo_name VARCHAR NOT NULL,            -- the name as published
    year_from SMALLINT NOT NULL,
    year_to SMALLINT NOT NULL,
    period VARCHAR NOT NULL,
    funding_source VARCHAR NOT NULL CHECK (funding_source IN ${FUNDING_SOURCE.sqlList}),
    budget_level VARCHAR CHECK (budget_level IN ${BUDGET_LEVEL.sqlList}),
    stage VARCHAR NOT NULL CHECK (stage IN ${sqlList(STAGE.valuesFor("funding"))}),
    activity_code VARCHAR,
    project VARCHAR,                      -- the đề án (project) as published, code or name; null for totals
    detail VARCHAR NOT NULL CHECK (detail IN ${DETAIL.sqlList}),  -- total, activity or project (detailOf)
    amount_vnd BIGINT NOT NULL CHECK (amount_vnd >= 0),
    source_id INTEGER NOT NULL,
    preferred BOOLEAN NOT NULL,           -- the one value analytics use when sources disagree (see below)
    preference SMALLINT NOT NULL,         -- the rank of this version among the figure's versions: 1 = preferred
    figure_id INTEGER,                    -- shared by the versions of a figure stated more than once; else null
    note VARCHAR,
    scope VARCHAR NOT NULL CHECK (scope IN ${SCOPE.sqlList}),          -- whole, part, cumulative, incl-non-budget
    bound VARCHAR NOT NULL CHECK (bound IN ${BOUND.sqlList}),          -- exact, at-least, about
    certainty VARCHAR NOT NULL CHECK (certainty IN ${CERTAINTY.sqlList}),  -- stated, inferred
    quality_bits INTEGER NOT NULL,        -- scope, bound and certainty as bits (src/model/fact-quality.ts)
    origin VARCHAR NOT NULL               -- input file and line: published/funding.csv:22
  )`,
  `CREATE TABLE output_fact (
    fact_id INTEGER PRIMARY KEY,
    area_id VARCHAR NOT NULL,
    geo_level VARCHAR NOT NULL CHECK (geo_level IN ${AREA_LEVEL.sqlList}),
    geo_name VARCHAR NOT NULL,
    year_from SMALLINT NOT NULL,
    year_to SMALLINT NOT NULL,
    period VARCHAR NOT NULL,
    output_type VARCHAR NOT NULL,
    stage VARCHAR NOT NULL CHECK (stage IN ${STAGE.sqlList}),
    funding_source VARCHAR NOT NULL CHECK (funding_source IN ${FUNDING_SOURCE.sqlList}),
    quantity DECIMAL(18, 3) NOT NULL,
    unit VARCHAR NOT NULL,
    amount_vnd BIGINT,
    source_id INTEGER NOT NULL,
    preferred BOOLEAN NOT NULL,
    preference SMALLINT NOT NULL,
    figure_id INTEGER,
    note VARCHAR,
    scope VARCHAR NOT NULL CHECK (scope IN ${SCOPE.sqlList}),          -- whole, part, cumulative, incl-non-budget
    bound VARCHAR NOT NULL CHECK (bound IN ${BOUND.sqlList}),          -- exact, at-least, about
    certainty VARCHAR NOT NULL CHECK (certainty IN ${CERTAINTY.sqlList}),  -- stated, inferred
    quality_bits INTEGER NOT NULL,        -- scope, bound and certainty as bits (src/model/fact-quality.ts)
    origin VARCHAR NOT NULL
  )`,
  `CREATE TABLE claim (
    claim_id INTEGER PRIMARY KEY,
    year_from SMALLINT NOT NULL,
    year_to SMALLINT NOT NULL,
    period VARCHAR NOT NULL,
    claim VARCHAR NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('share', 'change', 'ratio')),
    value_pct DECIMAL(12, 4) NOT NULL,    -- as printed
    decimals SMALLINT NOT NULL,           -- digits after the point as printed: the rounding to allow
    numerator_desc VARCHAR NOT NULL,
    denominator_desc VARCHAR NOT NULL,
    numerator_bn DECIMAL(18, 4),          -- the base figures the description states, when it states them
    denominator_bn DECIMAL(18, 4),
    source_id INTEGER NOT NULL,
    origin VARCHAR NOT NULL
  )`,
  `CREATE TABLE population (
    area_id VARCHAR NOT NULL,
    year SMALLINT NOT NULL,
    population_thousands DECIMAL(12, 2) NOT NULL,
    source_id INTEGER NOT NULL,
    PRIMARY KEY (area_id, year)
  )`,
  `CREATE TABLE cpi (
    year SMALLINT PRIMARY KEY,
    avg_change_pct DECIMAL(8, 2) NOT NULL,
    source_id INTEGER NOT NULL
  )`,
  `CREATE TABLE consistency_finding (
    finding_id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,                -- claim, parts-vs-total, source-disagreement
    status VARCHAR NOT NULL,              -- confirmed, within-rounding, discrepancy, unverifiable
    subject VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    stated DOUBLE,                        -- the published value the finding checks
    computed DOUBLE,                      -- derived values, not published figures: floats are fine here
    gap DOUBLE,
    origin VARCHAR NOT NULL
  )`,
  `CREATE TABLE etl_run (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,              -- succeeded, failed
    data_dir VARCHAR NOT NULL,
    input_files JSON NOT NULL,            -- [{path, sha256, bytes, rows}]
    rows_per_table JSON NOT NULL,
    warnings JSON NOT NULL,
    errors JSON NOT NULL,
    snapshot_hash VARCHAR                 -- sha256 over the loaded content, stable across identical reloads
  )`,
  `CREATE TABLE warehouse_meta (
    schema_hash VARCHAR NOT NULL          -- WAREHOUSE_SCHEMA_HASH of the code that built the file
  )`,
];

/**
 * A fingerprint of the warehouse model. Every snapshot records the one of the code that built it
 * (`warehouse_meta`), so a server started on a file built by an older version notices and rebuilds it from
 * data/ (the warehouse is derived data) instead of failing on a missing column.
 */
export const WAREHOUSE_SCHEMA_HASH: string = createHash("sha256")
  .update(WAREHOUSE_DDL.join("\n"))
  .digest("hex");

/** Constant values as a SQL list for a CHECK constraint: `('plan', 'allocated')`. */
function sqlList(values: ReadonlyArray<string>): string {
  return `(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")})`;
}
