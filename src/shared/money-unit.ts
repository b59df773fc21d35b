import { normalizeName } from "./vietnamese-text.js";

/** A unit of money and how many đồng it holds. */
export interface MoneyUnit {
  readonly id: "billion" | "million" | "dong";
  readonly vnd: bigint;
  readonly label: string;
}

export const MONEY_UNITS: Readonly<Record<MoneyUnit["id"], MoneyUnit>> = Object.freeze({
  billion: Object.freeze({ id: "billion", vnd: 1_000_000_000n, label: "billion VND" }),
  million: Object.freeze({ id: "million", vnd: 1_000_000n, label: "million VND" }),
  dong: Object.freeze({ id: "dong", vnd: 1n, label: "VND" }),
});

const SPELLINGS: ReadonlyArray<readonly [MoneyUnit["id"], ReadonlyArray<string>]> = [
  [
    "billion",
    [
      "tỷ đồng",
      "tỷ",
      "tỉ đồng",
      "tỉ",
      "ty dong",
      "ty",
      "billion VND",
      "billion",
      "bn",
      "bn VND",
      "VND bn",
      "tỷ VND",
    ],
  ],
  [
    "million",
    ["triệu đồng", "triệu", "trieu dong", "trieu", "million VND", "million", "mn", "tr", "triệu VND"],
  ],
  ["dong", ["đồng", "dong", "VND", "đ"]],
];

const BY_KEY: ReadonlyMap<string, MoneyUnit> = new Map(
  SPELLINGS.flatMap(([id, spellings]) => spellings.map((s) => [normalizeName(s), MONEY_UNITS[id]] as const)),
);

/** Every spelling `parseMoneyUnit` accepts, for did-you-mean messages. */
export const MONEY_UNIT_SPELLINGS: ReadonlyArray<string> = SPELLINGS.flatMap(([, spellings]) => spellings);

/**
 * The unit a text names, case- and diacritic-insensitive: `"tỷ đồng"`, `"ty dong"`, `"billion VND"`, `"bn"` →
 * billion (10^9 đồng); `"triệu đồng"`, `"million VND"` → million; `"đồng"`, `"VND"` → one đồng. Null otherwise.
 */
export function parseMoneyUnit(text: string): MoneyUnit | null {
  return BY_KEY.get(normalizeName(text)) ?? null;
}

/** The outcome of a conversion to đồng. */
export type VndResult =
  { readonly ok: true; readonly vnd: bigint } | { readonly ok: false; readonly reason: string };

/**
 * Converts an exact decimal (as `parseVietnameseNumber` returns it) in `unit` to whole đồng with bigint
 * arithmetic: `convertToVnd("170.8", "tỷ đồng")` → 170800000000n. Refuses an unknown unit and an amount that
 * would leave a fraction of a đồng (`"0.5"` VND).
 */
export function convertToVnd(decimalText: string, unit: MoneyUnit | string): VndResult {
  const resolved = typeof unit === "string" ? parseMoneyUnit(unit) : unit;
  if (resolved === null) return { ok: false, reason: `unknown unit "${String(unit)}"` };
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimalText.trim());
  if (match === null) return { ok: false, reason: `"${decimalText}" is not a plain decimal` };
  const [, sign, whole, fraction = ""] = match;
  const digits = fraction.replace(/0+$/, "");
  const scale = 10n ** BigInt(digits.length);
  const scaled = BigInt(whole + digits) * resolved.vnd;
  if (scaled % scale !== 0n) {
    return { ok: false, reason: `${decimalText} ${resolved.label} is not a whole number of đồng` };
  }
  const vnd = scaled / scale;
  return { ok: true, vnd: sign === "-" ? -vnd : vnd };
}

/**
 * Like `convertToVnd`, for callers that have already validated their input: returns the đồng or throws a
 * RangeError with the reason. `toVnd("1.5", "triệu đồng")` → 1500000n.
 */
export function toVnd(decimalText: string, unit: MoneyUnit | string): bigint {
  const result = convertToVnd(decimalText, unit);
  if (!result.ok) throw new RangeError(result.reason);
  return result.vnd;
}
