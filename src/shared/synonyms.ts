import { normalizeName } from "./vietnamese-text.js";

export type Stage = "plan" | "allocated" | "estimated" | "actual";
export type OutputStageName = Stage | "target";
export type FundingSourceName = "national" | "local" | "total";

const STAGES: ReadonlyArray<readonly [OutputStageName, ReadonlyArray<string>]> = [
  ["plan", ["plan", "planned", "kế hoạch", "KH", "approved", "dự toán", "proposed"]],
  ["allocated", ["allocated", "allocation", "phân bổ", "giao", "assigned", "contracted"]],
  ["estimated", ["estimated", "estimate", "ước thực hiện", "ước TH", "ước"]],
  ["actual", ["actual", "thực hiện", "giải ngân", "disbursed", "executed", "implemented"]],
  ["target", ["target", "mục tiêu"]],
];

const FUNDING_SOURCES: ReadonlyArray<readonly [FundingSourceName, ReadonlyArray<string>]> = [
  ["national", ["national", "KCQG", "khuyến công quốc gia", "quốc gia"]],
  ["local", ["local", "KCĐP", "KCDP", "khuyến công địa phương", "địa phương"]],
  ["total", ["total", "tổng", "tổng cộng", "tổng số"]],
];

const keyed = <T extends string>(
  table: ReadonlyArray<readonly [T, ReadonlyArray<string>]>,
): ReadonlyMap<string, T> =>
  new Map(table.flatMap(([value, spellings]) => spellings.map((s) => [normalizeName(s), value] as const)));

const STAGE_KEYS = keyed(STAGES);
const SOURCE_KEYS = keyed(FUNDING_SOURCES);

/** Every stage spelling, for did-you-mean messages (`allowTarget` adds the output-only `target`). */
export function stageSpellings(allowTarget = false): ReadonlyArray<string> {
  return STAGES.filter(([stage]) => allowTarget || stage !== "target").flatMap(([, spellings]) => spellings);
}

export const FUNDING_SOURCE_SPELLINGS: ReadonlyArray<string> = FUNDING_SOURCES.flatMap(([, s]) => s);

/**
 * The stage a text names, case- and diacritic-insensitive: `"kế hoạch"`, `"KH"`, `"dự toán"` → plan;
 * `"phân bổ"`, `"giao"` → allocated; `"ước TH"` → estimated; `"giải ngân"`, `"disbursed"` → actual.
 * Null otherwise. Without `allowTarget`, `"target"` / `"mục tiêu"` (outputs only) are null.
 */
export function parseStage(text: string, allowTarget: true): OutputStageName | null;
export function parseStage(text: string, allowTarget?: false): Stage | null;
export function parseStage(text: string, allowTarget = false): OutputStageName | null {
  const stage = STAGE_KEYS.get(normalizeName(text)) ?? null;
  return stage === "target" && !allowTarget ? null : stage;
}

/**
 * The funding source a text names, case- and diacritic-insensitive: `"KCQG"`, `"quốc gia"` → national;
 * `"KCĐP"`, `"KCDP"`, `"địa phương"` → local; `"tổng"`, `"tổng cộng"` → total. Null otherwise.
 */
export function parseFundingSource(text: string): FundingSourceName | null {
  return SOURCE_KEYS.get(normalizeName(text)) ?? null;
}
