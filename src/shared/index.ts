export { didYouMean, formatDidYouMean } from "./did-you-mean.js";
export { foldDiacritics, foldHeader, foldHeaderWithOffsets, normalizeName } from "./vietnamese-text.js";
export {
  parseVietnameseNumber,
  readNumber,
  describeAmbiguity,
  decimalPlaces,
  NUMBER_FORMATS,
} from "./vietnamese-number.js";
export type { ParsedNumber, NumberFormat, NumberReading } from "./vietnamese-number.js";
export { isTotalLabel } from "./total-label.js";
export { compareCodePoints } from "./code-point-order.js";
export { MONEY_UNITS, MONEY_UNIT_SPELLINGS, parseMoneyUnit, convertToVnd, toVnd } from "./money-unit.js";
export type { MoneyUnit, VndResult } from "./money-unit.js";
export {
  MIN_YEAR,
  MAX_YEAR,
  MAX_SPAN_YEARS,
  PERIODS,
  PERIOD_SPELLINGS,
  parseYearSpan,
  parsePeriod,
  periodKind,
  checkPeriodSpan,
} from "./period.js";
export type { YearSpan, YearSpanResult, PeriodCode, PeriodKind } from "./period.js";
