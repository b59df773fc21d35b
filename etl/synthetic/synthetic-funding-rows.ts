import { SYNTHETIC_GENERATOR_VERSION } from "./synthetic-manifest.js";
import type { SyntheticReference } from "./synthetic-reference.js";

/**
 * The header of `data/published/funding.csv` (every row a whole, exact, stated figure), then `activity` (a code
 * from `activities.csv`) and `project`.
 */
export const SYNTHETIC_FUNDING_COLUMNS: ReadonlyArray<string> = Object.freeze([
  "year",
  "period",
  "geo_level",
  "geo_code",
  "geo_name",
  "funding_source",
  "budget_level",
  "measure",
  "amount_billion_vnd",
  "source_url",
  "source_title",
  "source_date",
  "note",
  "scope",
  "bound",
  "certainty",
  "activity",
  "project",
]);

export const SYNTHETIC_FIRST_YEAR = 2008;
export const SYNTHETIC_LAST_YEAR = 2025;
export const SYNTHETIC_FUNDING_SOURCES: ReadonlyArray<string> = Object.freeze(["national", "local"]);
export const SYNTHETIC_STAGES: ReadonlyArray<string> = Object.freeze([
  "plan",
  "allocated",
  "estimated",
  "actual",
]);
/** Every amount lies in [0.125, 5.000] billion VND and is written with exactly three decimals. */
export const SYNTHETIC_MIN_THOUSANDTHS = 125;
export const SYNTHETIC_MAX_THOUSANDTHS = 5000;
export const SYNTHETIC_TITLE_PREFIX = "SYNTHETIC benchmark data — not real figures";

/** `synthetic:khuyen-cong/<seed>`: every synthetic source URL starts with it. */
export const syntheticSourceRoot = (seed: number): string => `synthetic:khuyen-cong/${seed}`;

/**
 * One dataset is one synthetic source (`synthetic:khuyen-cong/<seed>/projects`), a register of projects (đề án),
 * and every row is a figure of its own project: its `project` code (`DA-<seed>-0000001`, the row number) is
 * unique, so no figure repeats, within the source or across sources, whatever the row count. Rows run through
 * year, province, activity, funding source and stage in turn (stage fastest), so any prefix of the rows covers
 * them evenly.
 */
export interface SyntheticLayout {
  readonly seed: number;
  readonly rows: number;
  readonly reports: number;
}

export function syntheticLayout(seed: number, rows: number): SyntheticLayout {
  return Object.freeze({ seed, rows, reports: 1 });
}

/** A CSV field, quoted only when it must be (RFC 4180). */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** murmur3's finalizer: a well-mixed 32-bit hash, so any row can be computed from its index alone. */
const mix32 = (x: number): number => {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};
const GOLDEN = 0x9e3779b9;

const thousandths = (m: number): string => `${Math.trunc(m / 1000)}.${String(m % 1000).padStart(3, "0")}`;

/**
 * Produces the CSV text of rows by their global index (0-based, header excluded). Row `i` depends only on the
 * seed, the reference lists and `i`: the output is the same however it is chunked or split into files.
 */
export function syntheticFundingText(
  reference: SyntheticReference,
  layout: SyntheticLayout,
): (from: number, to: number) => string {
  const { provinces, activityCodes } = reference;
  const nStages = SYNTHETIC_STAGES.length;
  const nSources = SYNTHETIC_FUNDING_SOURCES.length;
  const nActivities = activityCodes.length;
  const nProvinces = provinces.length;
  const nYears = SYNTHETIC_LAST_YEAR - SYNTHETIC_FIRST_YEAR + 1;
  const title = csvField(`${SYNTHETIC_TITLE_PREFIX} (seed ${layout.seed}, project register)`);
  const date = csvField(
    `synthetic seed=${layout.seed} rows=${layout.rows} generator=${SYNTHETIC_GENERATOR_VERSION}`,
  );
  const sourceText = `,${syntheticSourceRoot(layout.seed)}/projects,${title},${date},synthetic project,whole,exact,stated,`;
  const seedHash = mix32(layout.seed ^ GOLDEN);
  const heads = provinces.map((p) => `,FY,province,${p.code},${csvField(p.name)},`);
  const activities = activityCodes.map((code) => csvField(code));
  const projectPrefix = `,DA-${layout.seed}-`;
  const span = SYNTHETIC_MAX_THOUSANDTHS - SYNTHETIC_MIN_THOUSANDTHS + 1;

  return (from, to) => {
    let out = "";
    for (let i = from; i < to; i++) {
      let rest = i;
      const stage = rest % nStages;
      rest = Math.floor(rest / nStages);
      const source = rest % nSources;
      rest = Math.floor(rest / nSources);
      const activity = rest % nActivities;
      rest = Math.floor(rest / nActivities);
      const province = rest % nProvinces;
      const year = SYNTHETIC_FIRST_YEAR + (Math.floor(rest / nProvinces) % nYears);
      const amount = SYNTHETIC_MIN_THOUSANDTHS + (mix32(seedHash ^ Math.imul(i + 1, GOLDEN)) % span);
      out +=
        `${year}${heads[province]}${SYNTHETIC_FUNDING_SOURCES[source]},,${SYNTHETIC_STAGES[stage]},` +
        `${thousandths(amount)}${sourceText}${activities[activity]}${projectPrefix}` +
        `${String(i + 1).padStart(7, "0")}\n`;
    }
    return out;
  };
}
