import type { ChartSpec } from "./chart-spec.js";

/** The parameter types a notebook may declare in its front matter. */
export const PARAMETER_TYPES = Object.freeze([
  "area",
  "areas",
  "year",
  "yearRange",
  "fundingSource",
  "stage",
  "text",
] as const);
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** GraphQL enum values, so a parameter binds straight into a `FundingSource` variable; input is case-insensitive. */
export const FUNDING_SOURCES = Object.freeze(["NATIONAL", "LOCAL", "TOTAL"] as const);
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** GraphQL enum values, so a parameter binds straight into a `Stage` variable; input is case-insensitive. */
export const STAGES = Object.freeze(["PLAN", "ALLOCATED", "ESTIMATED", "ACTUAL"] as const);
export type Stage = (typeof STAGES)[number];

/** An inclusive range of calendar years, `from <= to`. */
export interface YearRange {
  readonly from: number;
  readonly to: number;
}

/** The value each parameter type holds once parsed; area ids are strings like "north", "VN", "02", "2025-08". */
export interface ParameterValueByType {
  readonly area: string;
  readonly areas: ReadonlyArray<string>;
  readonly year: number;
  readonly yearRange: YearRange;
  readonly fundingSource: FundingSource;
  readonly stage: Stage;
  readonly text: string;
}
export type ParameterValue = ParameterValueByType[ParameterType];

/** One declared parameter; `default` always has the type's value shape. */
export type ParameterSpec = {
  readonly [T in ParameterType]: {
    readonly name: string;
    readonly type: T;
    readonly default: ParameterValueByType[T];
    readonly label?: string;
    readonly description?: string;
  };
}[ParameterType];

/** Parameter values by name, as `resolveParameters` returns them and `bindVariables` consumes them. */
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

export interface MarkdownCell {
  readonly kind: "markdown";
  readonly id: string;
  /** The narrative, with LF line endings and no leading or trailing blank lines. */
  readonly source: string;
}

export interface QueryCell {
  readonly kind: "graphql";
  readonly id: string;
  /** The GraphQL document, with LF line endings. */
  readonly query: string;
  /** JSON variables; strings may hold `{{parameter}}` or `{{years.from}}` references. */
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly chart?: ChartSpec;
}

export type Cell = MarkdownCell | QueryCell;

export interface Notebook {
  readonly title: string;
  readonly description?: string;
  readonly parameters: ReadonlyArray<ParameterSpec>;
  readonly cells: ReadonlyArray<Cell>;
}
