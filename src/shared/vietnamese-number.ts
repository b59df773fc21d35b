/** The outcome of parsing a number written by a person: an exact decimal string, or why it was refused. */
export type ParsedNumber =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

const GROUPED = /^\d{1,3}(?:[ .]\d{3})+$/;

/**
 * Reads a number as Vietnamese sources and our CSVs write it, exactly, as a decimal string without float
 * arithmetic: `"170,8"` → `"170.8"`, `"1.234,5"` → `"1234.5"`, `"1 234,5"` → `"1234.5"`, `"1.234.567"` →
 * `"1234567"`, `"-3"` → `"-3"`, `"170.8"` → `"170.8"`.
 *
 * The one ambiguous shape is a single separator followed by exactly three digits. A comma is always the decimal
 * separator (`"1,436"` → `"1.436"`, as in Vietnamese). A single dot is also read as a decimal point
 * (`"17.816"` → `"17.816"`), because our published CSVs use dot decimals: the Vietnamese thousands form has to
 * show itself with a decimal comma (`"1.234,5"`) or more than one group (`"1.234.567"`).
 *
 * Refused with a reason: empty text, letters, a comma before a dot (English `1,234.5`), two commas, groups that
 * are not three digits (`"12.34.5"`), a separator with no digits on one side (`".5"`, `"5."`).
 * Fraction digits are kept as printed (`"8.0"` stays `"8.0"`); leading zeros of the integer part are dropped.
 */
export function parseVietnameseNumber(text: string): ParsedNumber {
  const raw = text.trim().replace(/[\u00a0\u202f\u2009]/g, " ");
  if (raw === "") return fail("the value is empty");
  let body = raw;
  let negative = false;
  if (body.startsWith("-") || body.startsWith("\u2212")) {
    negative = true;
    body = body.slice(1).trimStart();
  } else if (body.startsWith("+")) {
    body = body.slice(1).trimStart();
  }
  if (!/^[\d., ]+$/.test(body))
    return fail("it is not a number (only digits, '.', ',', spaces and a sign are allowed)");
  if (!/^\d/.test(body) || !/\d$/.test(body)) return fail("a number must start and end with a digit");

  const commas = count(body, ",");
  if (commas > 1) return fail("it has more than one comma (the decimal separator)");
  let integerPart: string;
  let fraction = "";
  if (commas === 1) {
    const at = body.indexOf(",");
    integerPart = body.slice(0, at);
    fraction = body.slice(at + 1);
    if (fraction.includes("."))
      return fail("a comma comes before a dot (English style); write 1234.5 or 1.234,5");
    if (!/^\d+$/.test(fraction)) return fail("the digits after the decimal comma are not plain digits");
    if (!/^\d+$/.test(integerPart) && !GROUPED.test(integerPart)) {
      return fail("the thousands groups before the decimal comma must have three digits each");
    }
    if (integerPart.includes(" ") && integerPart.includes("."))
      return fail("it mixes spaces and dots as thousands separators");
  } else {
    const dots = count(body, ".");
    if (dots === 1 && !body.includes(" ")) {
      const at = body.indexOf(".");
      integerPart = body.slice(0, at);
      fraction = body.slice(at + 1);
    } else if (dots <= 1 && body.includes(" ")) {
      // "1 234" or "1 234.5": spaces group thousands, a single dot is the decimal point.
      const at = body.indexOf(".");
      integerPart = at < 0 ? body : body.slice(0, at);
      fraction = at < 0 ? "" : body.slice(at + 1);
      if (!GROUPED.test(integerPart)) return fail("the thousands groups must have three digits each");
      if (fraction !== "" && !/^\d+$/.test(fraction))
        return fail("the digits after the decimal point are not plain digits");
    } else if (dots === 0) {
      integerPart = body;
    } else {
      integerPart = body;
      if (!GROUPED.test(integerPart) || integerPart.includes(" ")) {
        return fail("the dot-separated thousands groups must have three digits each");
      }
    }
  }
  const digits = integerPart.replace(/[ .]/g, "").replace(/^0+(?=\d)/, "");
  const value = fraction === "" ? digits : `${digits}.${fraction}`;
  const isZero = /^[0.]+$/.test(value);
  return { ok: true, value: negative && !isZero ? `-${value}` : value };
}

/** Digits after the point of a parsed decimal (as printed): `"8.0"` → 1, `"12"` → 0, `"17.816"` → 3. */
export function decimalPlaces(decimal: string): number {
  const at = decimal.indexOf(".");
  return at < 0 ? 0 : decimal.length - at - 1;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function fail(reason: string): ParsedNumber {
  return { ok: false, reason };
}
