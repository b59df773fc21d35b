/** The outcome of parsing a number written by a person: an exact decimal string, or why it was refused. */
export type ParsedNumber =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

/**
 * How a file writes numbers. `decimal-comma` is the Vietnamese way: a comma before the decimals, dots (or
 * spaces) between thousands: `1.234,5`. `decimal-point`: a point before the decimals, commas (or spaces)
 * between thousands: `1,234.5`, as our published CSVs and every program write them.
 */
export type NumberFormat = "decimal-comma" | "decimal-point";
export const NUMBER_FORMATS: ReadonlyArray<NumberFormat> = Object.freeze(["decimal-comma", "decimal-point"]);

/**
 * A number read under the formats: one value (`shows`: the format its text proves, null when both formats
 * read it the same, as `1234` or `1 234`), two values that the formats read differently (`12.345`: 12.345 or
 * 12345), or no number at all.
 */
export type NumberReading =
  | { readonly kind: "number"; readonly value: string; readonly shows: NumberFormat | null }
  | { readonly kind: "ambiguous"; readonly readings: Readonly<Record<NumberFormat, string>> }
  | { readonly kind: "invalid"; readonly reason: string };

const SEPARATORS: Readonly<Record<NumberFormat, { decimal: string; group: string; name: string }>> = {
  "decimal-comma": { decimal: ",", group: ".", name: "comma" },
  "decimal-point": { decimal: ".", group: ",", name: "point" },
};

/**
 * Reads a number as people write it, exactly, as a decimal string without float arithmetic, under `format`
 * when the file or column declares one, else under both formats:
 * `"170,8"` → 170.8 (shows decimal-comma), `"1.234,5"` → 1234.5, `"1 234,5"` → 1234.5, `"1.234.567"` →
 * 1234567, `"170.8"` → 170.8 (shows decimal-point), `"1,234.5"` → 1234.5, `"1 234"` → 1234 (either), `"-3"` → -3.
 * `"12.345"` and `"1,436"` are ambiguous (12.345 or 12345; 1.436 or 1436): a caller must decide the format from
 * a declaration or from the other values of the column, never guess. A thousands group never starts a
 * number with 0, so `"0.125"` is 0.125.
 *
 * Invalid, with a reason: empty text, letters, more than one decimal separator, thousands groups that are not
 * three digits (`"12.34.5"`), a separator with no digits on one side (`".5"`, `"5."`), spaces mixed with
 * another thousands separator, and (with a declared format) a text only the other format can read.
 * Fraction digits are kept as printed (`"8.0"` stays `"8.0"`); leading zeros of the integer part are dropped.
 */
export function readNumber(text: string, format: NumberFormat | null = null): NumberReading {
  const fast = PLAIN.exec(text);
  if (fast !== null) return readPlain(fast, format);
  const raw = text.trim().replace(/[\u00a0\u202f\u2009]/g, " ");
  if (raw === "") return invalid("the value is empty");
  let body = raw;
  let negative = false;
  if (body.startsWith("-") || body.startsWith("\u2212")) {
    negative = true;
    body = body.slice(1).trimStart();
  } else if (body.startsWith("+")) {
    body = body.slice(1).trimStart();
  }
  if (!/^[\d., ]+$/.test(body))
    return invalid("it is not a number (only digits, '.', ',', spaces and a sign are allowed)");
  if (!/^\d/.test(body) || !/\d$/.test(body)) return invalid("a number must start and end with a digit");

  const signed = (value: string): string => (negative && !/^[0.]+$/.test(value) ? `-${value}` : value);
  const comma = readAs(body, "decimal-comma");
  const point = readAs(body, "decimal-point");
  if (format !== null) {
    const own = format === "decimal-comma" ? comma : point;
    const other = format === "decimal-comma" ? point : comma;
    if (own.ok) return { kind: "number", value: signed(own.value), shows: other.ok ? null : format };
    if (other.ok)
      return invalid(
        `it is written with a decimal ${SEPARATORS[format === "decimal-comma" ? "decimal-point" : "decimal-comma"].name}, but the numbers here are declared ${format}`,
      );
    return invalid(own.reason);
  }
  if (comma.ok && point.ok) {
    return comma.value === point.value
      ? { kind: "number", value: signed(comma.value), shows: null }
      : {
          kind: "ambiguous",
          readings: { "decimal-comma": signed(comma.value), "decimal-point": signed(point.value) },
        };
  }
  if (comma.ok) return { kind: "number", value: signed(comma.value), shows: "decimal-comma" };
  if (point.ok) return { kind: "number", value: signed(point.value), shows: "decimal-point" };
  return invalid(comma.reason);
}

/**
 * Reads a number that must not depend on a convention nobody declared: `readNumber` without a format, with an
 * ambiguous text refused (its reason gives both readings). Prefer `readNumber` with the column's format.
 */
export function parseVietnameseNumber(text: string, format: NumberFormat | null = null): ParsedNumber {
  const reading = readNumber(text, format);
  switch (reading.kind) {
    case "number":
      return { ok: true, value: reading.value };
    case "invalid":
      return { ok: false, reason: reading.reason };
    case "ambiguous":
      return { ok: false, reason: describeAmbiguity(reading.readings) };
  }
}

/** `it is 12.345 where numbers are written 1,234.5 and 12345 where they are written 1.234,5 (Vietnamese)` */
export function describeAmbiguity(readings: Readonly<Record<NumberFormat, string>>): string {
  return (
    `it is ${readings["decimal-point"]} where numbers are written 1,234.5 and ${readings["decimal-comma"]} ` +
    `where they are written 1.234,5 (Vietnamese)`
  );
}

/** Digits after the point of a parsed decimal (as printed): `"8.0"` → 1, `"12"` → 0, `"17.816"` → 3. */
export function decimalPlaces(decimal: string): number {
  const at = decimal.indexOf(".");
  return at < 0 ? 0 : decimal.length - at - 1;
}

/** Digits with at most one point and no spaces or commas: most numbers a big file holds. */
const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** `readNumber` of a text `PLAIN` matched, with the same results, without the general parse. */
function readPlain(match: RegExpExecArray, format: NumberFormat | null): NumberReading {
  const [, sign = "", integer = "", fraction] = match;
  const digits = integer.replace(/^0+(?=\d)/, "");
  const signed = (value: string): string => (sign === "-" && !/^[0.]+$/.test(value) ? `-${value}` : value);
  if (fraction === undefined) return { kind: "number", value: signed(digits), shows: null };
  const point = signed(`${digits}.${fraction}`);
  // The one shape a dot between thousands could also make: 1 to 3 digits (no leading 0), a dot, 3 digits.
  const grouped = fraction.length === 3 && /^[1-9]\d{0,2}$/.test(integer);
  if (!grouped) {
    if (format === "decimal-comma")
      return invalid("it is written with a decimal point, but the numbers here are declared decimal-comma");
    return { kind: "number", value: point, shows: format === null ? "decimal-point" : format };
  }
  const comma = signed(`${integer}${fraction}`);
  if (format === "decimal-point") return { kind: "number", value: point, shows: null };
  if (format === "decimal-comma") return { kind: "number", value: comma, shows: null };
  return { kind: "ambiguous", readings: { "decimal-comma": comma, "decimal-point": point } };
}

/** `body` (digits, separators and spaces, a digit at each end) under one format: the decimal string or why not. */
function readAs(body: string, format: NumberFormat): ParsedNumber {
  const { decimal, group, name } = SEPARATORS[format];
  const at = body.indexOf(decimal);
  if (at >= 0 && body.indexOf(decimal, at + 1) >= 0)
    return fail(
      format === "decimal-comma"
        ? "it has more than one comma (the decimal separator)"
        : "it has more than one point (the decimal separator)",
    );
  const integerPart = at < 0 ? body : body.slice(0, at);
  const fraction = at < 0 ? "" : body.slice(at + 1);
  if (fraction !== "" && !/^\d+$/.test(fraction)) {
    return fail(
      format === "decimal-comma" && fraction.includes(".")
        ? "a comma comes before a dot (English style); write 1234.5 or 1.234,5"
        : `the digits after the decimal ${name} are not plain digits`,
    );
  }
  if (/^\d+$/.test(integerPart)) return ok(integerPart, fraction);
  const hasSpace = integerPart.includes(" ");
  const hasGroup = integerPart.includes(group);
  if (hasSpace && hasGroup)
    return fail(`it mixes spaces and ${group === "." ? "dots" : "commas"} as thousands separators`);
  const separator = hasSpace ? " " : group;
  const groups = integerPart.split(separator);
  const wellGrouped =
    /^[1-9]\d{0,2}$/.test(groups[0] ?? "") && groups.slice(1).every((g) => /^\d{3}$/.test(g));
  if (!wellGrouped) {
    if (separator === " " || at >= 0)
      return fail(
        at >= 0
          ? `the thousands groups before the decimal ${name} must have three digits each`
          : "the thousands groups must have three digits each",
      );
    return fail(
      `the ${group === "." ? "dot" : "comma"}-separated thousands groups must have three digits each`,
    );
  }
  return ok(groups.join(""), fraction);
}

function ok(integerDigits: string, fraction: string): ParsedNumber {
  const digits = integerDigits.replace(/^0+(?=\d)/, "");
  return { ok: true, value: fraction === "" ? digits : `${digits}.${fraction}` };
}

function fail(reason: string): ParsedNumber {
  return { ok: false, reason };
}

function invalid(reason: string): NumberReading {
  return { kind: "invalid", reason };
}
