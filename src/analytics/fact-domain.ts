import { sql } from "kysely";
import { filterNeedsArea, type FactFilter, type YearRange } from "./fact-filter.js";
import type { BoundaryName } from "./boundary.js";
import type { FactKind, FactTableDef } from "./fact-table.js";

/** One row of `area_membership`: `areaId` belongs to `regionId` in the years `from`–`to`. */
export interface Membership {
  readonly regionId: string;
  readonly areaId: string;
  readonly from: number;
  readonly to: number;
}

/**
 * What a snapshot's facts hold, read once per snapshot (`FilterCatalog.domain`), so that the core can write a
 * filter in a cheaper form that selects exactly the same facts (`simplifyFilter`, `regionAreas`):
 * - `years`: per fact table, the first `year_from` and the last `year_to` (null: no facts);
 * - `memberships`: every row of `area_membership`, by region;
 * - `activities`: the distinct activity codes of all funding facts (every version, preferred or not) and
 *   whether some funding fact has none;
 * - `versioned`: per fact table, how many facts have another version (`figure_id` not null), and the areas
 *   (`area_id`) of those facts (`versionedAreas`; null: not known).
 */
export interface FactDomain {
  readonly years: Readonly<Record<FactKind, YearRange | null>>;
  readonly memberships: ReadonlyMap<string, ReadonlyArray<Membership>>;
  readonly activities: { readonly codes: ReadonlySet<string>; readonly withoutCode: boolean };
  readonly versioned: Readonly<Record<FactKind, number>>;
  readonly versionedAreas: Readonly<Record<FactKind, ReadonlySet<string> | null>>;
}

/** The rows `factDomainOf` reads: the memberships, and per fact table its activity codes and versioned facts. */
export interface FactDomainRows {
  readonly memberships: ReadonlyArray<{
    readonly region_id: string;
    readonly area_id: string;
    readonly from_year: number;
    readonly to_year: number;
  }>;
  readonly facts: ReadonlyArray<{
    readonly kind: string;
    readonly activity_codes: ReadonlyArray<string> | null;
    readonly without_code: number | bigint;
    readonly versioned: number | bigint;
    readonly versioned_areas?: ReadonlyArray<string> | null;
  }>;
}

/** The per-table part of `FactDomainRows` (one scan of each fact table, once per snapshot). */
export function factDomainQuery() {
  return sql<FactDomainRows["facts"][number]>`
    SELECT 'funding' AS kind, list(DISTINCT activity_code) FILTER (WHERE activity_code IS NOT NULL) AS activity_codes,
      count(*) FILTER (WHERE activity_code IS NULL) AS without_code, count(figure_id) AS versioned,
      list(DISTINCT area_id) FILTER (WHERE figure_id IS NOT NULL) AS versioned_areas FROM funding_fact
    UNION ALL SELECT 'outputs', NULL, 0, count(figure_id),
      list(DISTINCT area_id) FILTER (WHERE figure_id IS NOT NULL) FROM output_fact`;
}

/** The frozen domain from its rows and the catalog's year ranges. */
export function factDomainOf(
  rows: FactDomainRows,
  years: Readonly<Record<FactKind, YearRange | null>>,
): FactDomain {
  const memberships = new Map<string, Membership[]>();
  for (const r of rows.memberships) {
    const list = memberships.get(r.region_id) ?? [];
    list.push(
      Object.freeze({
        regionId: r.region_id,
        areaId: r.area_id,
        from: Number(r.from_year),
        to: Number(r.to_year),
      }),
    );
    memberships.set(r.region_id, list);
  }
  const funding = rows.facts.find((r) => r.kind === "funding");
  const outputs = rows.facts.find((r) => r.kind === "outputs");
  return Object.freeze({
    years: Object.freeze({ ...years }),
    memberships,
    activities: Object.freeze({
      codes: new Set(funding?.activity_codes ?? []),
      // Unknown (no row): as if some fact had none, so a filter is never dropped on a guess.
      withoutCode: funding === undefined || Number(funding.without_code) > 0,
    }),
    versioned: Object.freeze({
      funding: funding === undefined ? Number.MAX_SAFE_INTEGER : Number(funding.versioned),
      outputs: outputs === undefined ? Number.MAX_SAFE_INTEGER : Number(outputs.versioned),
    }),
    versionedAreas: Object.freeze({ funding: areasOf(funding), outputs: areasOf(outputs) }),
  });
}

/** The areas of a table's versioned facts; null when the row does not say (unknown: any area may have some). */
function areasOf(row: FactDomainRows["facts"][number] | undefined): ReadonlySet<string> | null {
  if (row === undefined || row.versioned_areas === undefined) return null;
  // No versioned fact: `list` over no row is null.
  return new Set(row.versioned_areas ?? []);
}

/**
 * False when no fact of `table` that `filter` selects has another version (`figure_id`), so a join looking for
 * other versions would find none: the table has no versioned fact, or the filter's areas (`f.area_id`: its areas
 * under the historical boundary, or its regions and their member areas, `regionAreas`) hold none of the areas of
 * the versioned facts. True when it cannot tell (no domain, no area in the filter, areas under MERGED_2025).
 * Example: published funding, versioned facts in 66 and VN; filter areas [north] → false; regions [north] with
 * member 66 → true.
 */
export function mayHaveVersions(
  filter: FactFilter,
  table: FactTableDef,
  boundary: BoundaryName,
  domain: FactDomain | null,
): boolean {
  if (domain === null) return true;
  if (domain.versioned[table.kind] === 0) return false;
  const versioned = domain.versionedAreas[table.kind];
  if (versioned === null) return true;
  const none = (areas: ReadonlyArray<string>) => !areas.some((a) => versioned.has(a));
  // Under MERGED_2025 an area filter reads the fact's area row (a province counts under its successor).
  if (filter.areaIds !== null && !filterNeedsArea(filter, boundary) && none(filter.areaIds)) return false;
  if (filter.regionIds !== null) {
    const regions = regionAreas(filter.regionIds, table.kind, domain);
    const areas = [...regions.regionIds, ...regions.always, ...regions.during.flatMap((d) => d.areaIds)];
    if (none(areas)) return false;
  }
  return true;
}

/**
 * A region filter resolved to the areas it selects: facts published for the regions (`regionIds`), facts of
 * `always` (areas that are members in every year the table's facts start in), and facts of each `during`
 * entry's areas that start in its years. The same facts as the `area_membership` EXISTS of `factFilterSql`,
 * as lists of bound values (DuckDB pushes them into the scan instead of joining per row).
 */
export interface RegionAreas {
  readonly regionIds: ReadonlyArray<string>;
  readonly always: ReadonlyArray<string>;
  readonly during: ReadonlyArray<{
    readonly from: number;
    readonly to: number;
    readonly areaIds: ReadonlyArray<string>;
  }>;
}

/**
 * The areas of `regionIds` for the facts of `kind` (`RegionAreas`). A fact of area A passes the membership test
 * when some membership of A in one of the regions holds its `year_from`; the year spans of A's memberships are
 * merged (years are integers: 2011–2015 and 2016–2025 make 2011–2025), and A is `always` when one merged span
 * holds every `year_from` of the table (`domain.years[kind]`: from its first `year_from` to its last `year_to`).
 * Example: north = {02: 1990–2025, 35: 1990–2025}, funding years 2008–2025 → always [02, 35], during [];
 * south-2011 = {79: 2011–2011} → always [], during [{from 2011, to 2011, areaIds [79]}].
 */
export function regionAreas(
  regionIds: ReadonlyArray<string>,
  kind: FactKind,
  domain: FactDomain,
): RegionAreas {
  const spans = new Map<string, Array<{ from: number; to: number }>>();
  for (const region of regionIds) {
    for (const m of domain.memberships.get(region) ?? []) {
      const list = spans.get(m.areaId) ?? [];
      list.push({ from: m.from, to: m.to });
      spans.set(m.areaId, list);
    }
  }
  const years = domain.years[kind];
  const always: string[] = [];
  const during = new Map<string, { from: number; to: number; areaIds: string[] }>();
  for (const [areaId, list] of [...spans].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const merged = mergeSpans(list);
    if (years !== null && merged.some((s) => s.from <= years.from && s.to >= years.to)) {
      always.push(areaId);
      continue;
    }
    for (const s of merged) {
      const key = `${s.from}-${s.to}`;
      const entry = during.get(key) ?? { from: s.from, to: s.to, areaIds: [] };
      entry.areaIds.push(areaId);
      during.set(key, entry);
    }
  }
  return Object.freeze({
    regionIds: Object.freeze([...regionIds]),
    always: Object.freeze(always),
    during: Object.freeze([...during.values()].sort((a, b) => a.from - b.from || a.to - b.to)),
  });
}

/** Integer spans merged where they overlap or touch, in order. */
function mergeSpans(spans: ReadonlyArray<{ from: number; to: number }>): Array<{ from: number; to: number }> {
  const sorted = [...spans].filter((s) => s.from <= s.to).sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number }> = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s.from <= last.to + 1) last.to = Math.max(last.to, s.to);
    else merged.push({ ...s });
  }
  return merged;
}

/**
 * `filter` without the parts that select every fact of the table anyway: an activity list holding every code the
 * funding facts have, when every funding fact has one (then "any of them" is every fact, and an aggregate can
 * read a rollup without the activity). Same facts, same answer; the caller's use of the list (a share's level
 * of detail) is decided before. Without a domain: `filter` unchanged.
 * Example: activities [all 22 codes of the synthetic data], every fact with a code → activities null.
 */
export function simplifyFilter(
  filter: FactFilter,
  table: FactTableDef,
  domain: FactDomain | null,
): FactFilter {
  if (domain === null || filter.activities === null || !table.hasActivity) return filter;
  const { codes, withoutCode } = domain.activities;
  if (withoutCode || filter.activities.length < codes.size) return filter;
  const listed = new Set(filter.activities);
  for (const code of codes) if (!listed.has(code)) return filter;
  return Object.freeze({ ...filter, activities: null });
}
