import {
  FUNDING_SOURCE,
  STAGE,
  type FundingSource as ModelFundingSource,
  type FundingStage,
} from "../model/index.js";
import type { ChartSpec } from "./chart-spec.js";
import type { ParameterConstraint } from "./parameter-constraint.js";

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

/**
 * GraphQL enum names of the model's funding sources, so a parameter binds straight into a `FundingSource`
 * variable; input is case-insensitive. The model names each value in upper case (`national` → `NATIONAL`).
 */
export type FundingSource = Uppercase<ModelFundingSource>;
export const FUNDING_SOURCES: ReadonlyArray<FundingSource> = Object.freeze(
  FUNDING_SOURCE.terms.map((term) => term.graphql as FundingSource),
);

/** GraphQL enum names of the stages of funding figures (the outputs' programme target is not one). */
export type Stage = Uppercase<FundingStage>;
export const STAGES: ReadonlyArray<Stage> = Object.freeze(
  STAGE.terms.filter((term) => term.appliesTo.includes("funding")).map((term) => term.graphql as Stage),
);

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

/**
 * What one entry of a parameter's `options` holds: a value of the type, or for `areas` one area id. A
 * `yearRange` has no options (a constraint such as `years.from >= 2015` bounds it instead).
 */
export interface ParameterOptionByType {
  readonly area: string;
  readonly areas: string;
  readonly year: number;
  readonly yearRange: never;
  readonly fundingSource: FundingSource;
  readonly stage: Stage;
  readonly text: string;
}

/** One declared parameter; `default` always has the type's value shape. */
export type ParameterSpec = {
  readonly [T in ParameterType]: {
    readonly name: string;
    readonly type: T;
    readonly default: ParameterValueByType[T];
    readonly label?: string;
    readonly description?: string;
    /** The only values the parameter may take (the page shows them as a list); absent: any of the type's. */
    readonly options?: ReadonlyArray<ParameterOptionByType[T]>;
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
  /** Checks between parameter values (`baseYear in years`); absent when the front matter declares none. */
  readonly constraints?: ReadonlyArray<ParameterConstraint>;
  readonly cells: ReadonlyArray<Cell>;
}
