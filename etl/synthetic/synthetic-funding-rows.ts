import type { SyntheticReference } from "./synthetic-reference.js";

/** The header of `data/published/funding.csv`, then `activity` (a code from `activities.csv`). */
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
  "activity",
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
 * Why rows are grouped in reports: a figure's identity is (year, period, area, funding source, stage, activity,
 * source), and one source giving the same figure twice with different values is an error the ETL rejects.
 * So each synthetic source is one report (`synthetic:khuyen-cong/<seed>/report/<k>`) holding at most one project
 * (đề án) per province, year, activity and funding source, with one row per stage. A report has
 * 63 × 18 × 22 × 2 projects × 4 stages = 199,584 rows with the published lists; 10 million rows take 51 reports.
 *
 * Across sources the ETL reports different values for the same figure as a source disagreement (a finding per
 * figure). Our input format has no project column, so 51 reports necessarily repeat each figure's key; they give
 * it the same value, and the data loads with no errors, no duplicates and no disagreements.
 */
export interface SyntheticLayout {
  readonly seed: number;
  readonly rows: number;
  readonly projectsPerReport: number;
  readonly rowsPerReport: number;
  readonly reports: number;
}

export function syntheticLayout(reference: SyntheticReference, seed: number, rows: number): SyntheticLayout {
  const years = SYNTHETIC_LAST_YEAR - SYNTHETIC_FIRST_YEAR + 1;
  const projectsPerReport =
    years * reference.provinces.length * reference.activityCodes.length * SYNTHETIC_FUNDING_SOURCES.length;
  const rowsPerReport = projectsPerReport * SYNTHETIC_STAGES.length;
  return Object.freeze({
    seed,
    rows,
    projectsPerReport,
    rowsPerReport,
    reports: Math.ceil(rows / rowsPerReport),
  });
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
const unit = (h: number, k: number): number => mix32(h + Math.imul(k, GOLDEN)) / 4294967296;

const thousandths = (m: number): string => `${Math.trunc(m / 1000)}.${String(m % 1000).padStart(3, "0")}`;
const clampAmount = (m: number): number =>
  Math.min(SYNTHETIC_MAX_THOUSANDTHS, Math.max(SYNTHETIC_MIN_THOUSANDTHS, Math.round(m)));

/**
 * Produces the CSV text of rows by their global index (0-based, header excluded). Row `i` depends only on the
 * seed, the reference lists and `i`: the output is the same however it is chunked or split into files.
 *
 * Within a report, projects run by year, province, activity and funding source; each project gives four rows
 * with plan ≥ allocated ≥ estimated, and allocated ≥ actual (a plausible life of a figure, see domain.md).
 */
export function syntheticFundingText(
  reference: SyntheticReference,
  layout: SyntheticLayout,
): (from: number, to: number) => string {
  const { provinces, activityCodes } = reference;
  const nSources = SYNTHETIC_FUNDING_SOURCES.length;
  const nActivities = activityCodes.length;
  const nProvinces = provinces.length;
  const root = syntheticSourceRoot(layout.seed);
  const date = csvField(`synthetic seed=${layout.seed} rows=${layout.rows} generator=1`);
  const seedHash = mix32(layout.seed ^ GOLDEN);
  const heads = provinces.map((p) => `,FY,province,${p.code},${csvField(p.name)},`);
  const activities = activityCodes.map((code) => `,${csvField(code)}\n`);

  let reportIndex = -1;
  let sourceText = "";
  let reportLabel = "";
  const enterReport = (k: number): void => {
    reportIndex = k;
    reportLabel = String(k + 1).padStart(4, "0");
    const title = csvField(`${SYNTHETIC_TITLE_PREFIX} (seed ${layout.seed}, report ${reportLabel})`);
    sourceText = `,${root}/report/${reportLabel},${title},${date},synthetic project ${reportLabel}-`;
  };

  return (from, to) => {
    let out = "";
    for (let i = from; i < to;) {
      const k = Math.floor(i / layout.rowsPerReport);
      if (k !== reportIndex) enterReport(k);
      const inReport = i - k * layout.rowsPerReport;
      const project = Math.floor(inReport / SYNTHETIC_STAGES.length);
      let rest = project;
      const source = rest % nSources;
      rest = Math.floor(rest / nSources);
      const activity = rest % nActivities;
      rest = Math.floor(rest / nActivities);
      const province = rest % nProvinces;
      const year = SYNTHETIC_FIRST_YEAR + Math.floor(rest / nProvinces);

      // Amounts depend on the figure, not the report: sources that agree raise no disagreement finding.
      const h = mix32(seedHash ^ Math.imul(project + 1, GOLDEN));
      const plan = clampAmount(500 + unit(h, 1) * 4500);
      const allocated = clampAmount(plan * (0.8 + 0.2 * unit(h, 2)));
      const amounts = [
        plan,
        allocated,
        clampAmount(allocated * (0.3 + 0.7 * unit(h, 3))),
        clampAmount(allocated * (0.6 + 0.4 * unit(h, 4))),
      ];
      const prefix = `${year}${heads[province]}${SYNTHETIC_FUNDING_SOURCES[source]},,`;
      const suffix = `${sourceText}${String(project + 1).padStart(5, "0")}${activities[activity]}`;
      const count = Math.min(to - i, SYNTHETIC_STAGES.length - (inReport % SYNTHETIC_STAGES.length));
      for (let s = inReport % SYNTHETIC_STAGES.length, n = 0; n < count; s++, n++) {
        out += `${prefix}${SYNTHETIC_STAGES[s]},${thousandths(amounts[s] ?? 0)}${suffix}`;
      }
      i += count;
    }
    return out;
  };
}
