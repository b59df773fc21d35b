import { didYouMean, formatDidYouMean } from "../shared/did-you-mean.js";
import {
  FUNDING_SOURCES,
  STAGES,
  type ParameterType,
  type ParameterValue,
  type ParameterValueByType,
} from "./notebook.js";

/** Either the typed value or a sentence saying what was expected and how to write it. */
export type ValueCheck<T = ParameterValue> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const AREA_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/** What each type expects, as a phrase for error messages. */
export const EXPECTED: Readonly<Record<ParameterType, string>> = Object.freeze({
  area: 'an area id such as "north", "VN", "02" or "2025-08"',
  areas: "a list of area ids such as [north, south] (on the command line: north,south)",
  year: "a year such as 2024",
  yearRange: "a year range such as [2021, 2025] (on the command line: 2021-2025)",
  fundingSource: `one of ${FUNDING_SOURCES.join(", ")}`,
  stage: `one of ${STAGES.join(", ")}`,
  text: "a string",
});

/**
 * Checks a value that already has a JSON/YAML shape (a front matter default, a programmatic override):
 * `area` a string id, `areas` an array of ids, `year` an integer, `yearRange` `[from, to]` or `{ from, to }`.
 */
export function checkParameterValue<T extends ParameterType>(
  type: T,
  value: unknown,
): ValueCheck<ParameterValueByType[T]> {
  return check(type, value) as ValueCheck<ParameterValueByType[T]>;
}

function check(type: ParameterType, value: unknown): ValueCheck {
  const got = `got ${describe(value)}`;
  switch (type) {
    case "area":
      if (typeof value === "number") {
        return fail(`expects ${EXPECTED.area} as a string; got the number ${value}. Quote it: '${value}'.`);
      }
      return typeof value === "string" && AREA_ID.test(value)
        ? { ok: true, value }
        : fail(`expects ${EXPECTED.area}; ${got}.`);
    case "areas": {
      if (!Array.isArray(value)) return fail(`expects ${EXPECTED.areas}; ${got}.`);
      const bad = value.find((item) => typeof item !== "string" || !AREA_ID.test(item));
      if (bad !== undefined) {
        return fail(
          `expects ${EXPECTED.areas}; the item ${describe(bad)} is not an area id (quote ids like '02').`,
        );
      }
      return { ok: true, value: Object.freeze([...(value as string[])]) };
    }
    case "year":
      return isYear(value) ? { ok: true, value } : fail(`expects ${EXPECTED.year}; ${got}.`);
    case "yearRange": {
      const [from, to] = Array.isArray(value)
        ? value.length === 2
          ? value
          : []
        : typeof value === "object" && value !== null
          ? [(value as { from?: unknown }).from, (value as { to?: unknown }).to]
          : [];
      if (!isYear(from) || !isYear(to)) return fail(`expects ${EXPECTED.yearRange}; ${got}.`);
      if (from > to) return fail(`expects the first year not after the second; got ${from} to ${to}.`);
      return { ok: true, value: Object.freeze({ from, to }) };
    }
    case "fundingSource":
    case "stage": {
      const allowed: ReadonlyArray<string> = type === "stage" ? STAGES : FUNDING_SOURCES;
      const canonical = typeof value === "string" ? value.trim().toUpperCase() : "";
      if (allowed.includes(canonical)) return { ok: true, value: canonical as never };
      const hint = typeof value === "string" ? formatDidYouMean(didYouMean(value, allowed)) : "";
      return fail(`expects ${EXPECTED[type]}; ${got}.${hint}`);
    }
    case "text":
      return typeof value === "string" ? { ok: true, value } : fail(`expects ${EXPECTED.text}; ${got}.`);
  }
}

/**
 * Parses a command-line string (`--param years=2021-2025`): `areas` are comma-separated, a `yearRange` is
 * `2021-2025`, `2021–2025`, `2021..2025` or a single year, enum values are case-insensitive.
 */
export function parseParameterString(type: ParameterType, text: string): ValueCheck {
  const trimmed = text.trim();
  switch (type) {
    case "areas":
      return check(type, trimmed === "" ? [] : trimmed.split(",").map((item) => item.trim()));
    case "year":
      return /^\d{4}$/.test(trimmed)
        ? check(type, Number(trimmed))
        : fail(`expects ${EXPECTED.year}; got "${text}".`);
    case "yearRange": {
      const match = /^(\d{4})(?:\s*(?:-|–|\.\.)\s*(\d{4}))?$/.exec(trimmed);
      if (match === null) return fail(`expects ${EXPECTED.yearRange}; got "${text}".`);
      return check(type, [Number(match[1]), Number(match[2] ?? match[1])]);
    }
    case "fundingSource":
    case "stage":
      return check(type, trimmed.toLowerCase());
    case "area":
      return check(type, trimmed);
    case "text":
      return { ok: true, value: text };
  }
}

function isYear(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= MIN_YEAR && value <= MAX_YEAR;
}

function fail(problem: string): ValueCheck<never> {
  return { ok: false, problem };
}

function describe(value: unknown): string {
  if (typeof value === "string") return `"${value}"`;
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`;
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return `${typeof value === "number" ? "the number " : ""}${String(value)}`;
}
