import type { RawBuilder } from "kysely";
import {
  aggregateKeys,
  factAggregateSql,
  type AggregateRow,
  type FactAggregateSpec,
} from "./fact-aggregate.query.js";
import type { YearRange } from "./fact-filter.js";
import { withLabelsSql } from "./group-keys.js";

/**
 * A trend: a yearly aggregate over `span` for one period (FY, or H1 with H1…), with an index base year. Funding
 * trends follow amounts on the value basis; output trends (`table` outputs) follow quantities.
 */
export interface TrendSpec extends FactAggregateSpec {
  readonly yearly: { readonly period: string; readonly span: YearRange };
  /** The year whose value is 100 in the index. */
  readonly indexBaseYear: number;
}

/**
 * The yearly aggregate of a trend, labelled, in no order: one row per series and year with single-year facts of
 * the period, plus rows carrying only `span_fact_count` for span facts. `orderTrendRows` puts them in series order
 * (an ORDER BY cost DuckDB a sort per request, a seventh of a small trend's statement); changes, index, CAGR and
 * coverage are computed by `shapeTrend` over these few rows.
 * Example: funding, filter areas [north] stages [plan] fundingSources [total], period FY, span 2021–2025 →
 * rows (2021, 142.2 bn), (2022, 174.3 bn), (2023, 186.5 bn), (2024, 170.8 bn).
 */
export function trendSql(spec: TrendSpec): RawBuilder<AggregateRow> {
  return withLabelsSql(factAggregateSql(spec), aggregateKeys(spec));
}
