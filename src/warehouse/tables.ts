/**
 * Kysely's view of a snapshot (see warehouse-ddl.ts for the DDL and its rules).
 * Values are what our dialect returns: BIGINT as number (bigint beyond 2^53), DECIMAL as number,
 * TIMESTAMP as Date, JSON as string, LIST as array.
 */
import type {
  AreaLevel,
  Bound,
  BudgetLevel,
  Certainty,
  Detail,
  FundingSource,
  FundingStage,
  Scope,
  Stage,
} from "../model/index.js";

export type { AreaLevel, Bound, BudgetLevel, Certainty, FundingSource, FundingStage, Scope };
export type Boundary = "historical" | "2025";
export type OutputStage = Stage;
export type ClaimKind = "share" | "change" | "ratio";
/** confirmed: equal (or a claim equal after rounding to its printed digits); within-rounding: parts and total differ
 * by no more than the rounding of the printed figures; discrepancy: more than that; unverifiable: a base is missing. */
export type FindingStatus = "confirmed" | "within-rounding" | "discrepancy" | "unverifiable";

export interface SourceTable {
  readonly source_id: number;
  readonly url: string;
  readonly title: string;
  readonly published: string;
  readonly is_local: boolean;
  readonly is_synthetic: boolean;
}

export interface AreaTable {
  readonly area_id: string;
  readonly level: AreaLevel;
  readonly boundary: Boundary;
  readonly gso_code: string | null;
  readonly name_vi: string;
  readonly name_ascii: string;
  readonly name_en: string;
  readonly aliases: ReadonlyArray<string>;
  readonly region_id: string | null;
  readonly subregion: string | null;
  readonly successor_id: string | null;
  readonly valid_from: number | null;
  readonly valid_to: number | null;
}

export interface AreaMembershipTable {
  readonly region_id: string;
  readonly area_id: string;
  readonly from_year: number;
  readonly to_year: number;
}

export interface PeriodKindTable {
  readonly period: string;
  readonly months: number | null;
  readonly label_en: string;
  readonly label_vi: string;
}

export interface ActivityTable {
  readonly activity_code: string;
  readonly name_vi: string;
  readonly name_en: string;
  readonly legal_basis: string;
}

export interface OutputTypeTable {
  readonly output_type: string;
  readonly unit: string;
}

export interface FundingFactTable {
  readonly fact_id: number;
  readonly area_id: string;
  readonly geo_level: AreaLevel;
  readonly geo_name: string;
  readonly year_from: number;
  readonly year_to: number;
  readonly period: string;
  readonly funding_source: FundingSource;
  readonly budget_level: BudgetLevel | null;
  readonly stage: FundingStage;
  readonly activity_code: string | null;
  /** The đề án (project) as published, its code or name; null for figures not about one project. */
  readonly project: string | null;
  /** total, activity or project: `detailOf(activity_code, project)`, stored at load. */
  readonly detail: Detail;
  readonly amount_vnd: number | bigint;
  readonly source_id: number;
  readonly preferred: boolean;
  /** The rank of this version among the figure's versions (1 = preferred). */
  readonly preference: number;
  /** Shared by the versions of a figure stated more than once (the smallest fact_id among them); else null. */
  readonly figure_id: number | null;
  readonly note: string | null;
  readonly scope: Scope;
  readonly bound: Bound;
  readonly certainty: Certainty;
  /** The three flags as bits (`qualityBitsOf`), so that an aggregate combines them with one bit_or. */
  readonly quality_bits: number;
  readonly origin: string;
}

export interface OutputFactTable {
  readonly fact_id: number;
  readonly area_id: string;
  readonly geo_level: AreaLevel;
  readonly geo_name: string;
  readonly year_from: number;
  readonly year_to: number;
  readonly period: string;
  readonly output_type: string;
  readonly stage: OutputStage;
  readonly funding_source: FundingSource;
  readonly quantity: number;
  readonly unit: string;
  readonly amount_vnd: number | bigint | null;
  readonly source_id: number;
  readonly preferred: boolean;
  /** The rank of this version among the figure's versions (1 = preferred). */
  readonly preference: number;
  /** Shared by the versions of a figure stated more than once (the smallest fact_id among them); else null. */
  readonly figure_id: number | null;
  readonly note: string | null;
  readonly scope: Scope;
  readonly bound: Bound;
  readonly certainty: Certainty;
  /** The three flags as bits (`qualityBitsOf`), so that an aggregate combines them with one bit_or. */
  readonly quality_bits: number;
  readonly origin: string;
}

export interface ClaimTable {
  readonly claim_id: number;
  readonly year_from: number;
  readonly year_to: number;
  readonly period: string;
  readonly claim: string;
  readonly kind: ClaimKind;
  readonly value_pct: number;
  readonly decimals: number;
  readonly numerator_desc: string;
  readonly denominator_desc: string;
  readonly numerator_bn: number | null;
  readonly denominator_bn: number | null;
  readonly source_id: number;
  readonly origin: string;
}

export interface PopulationTable {
  readonly area_id: string;
  readonly year: number;
  readonly population_thousands: number;
  readonly source_id: number;
}

export interface CpiTable {
  readonly year: number;
  readonly avg_change_pct: number;
  readonly source_id: number;
}

export interface ConsistencyFindingTable {
  readonly finding_id: number;
  readonly kind: "claim" | "parts-vs-total" | "source-disagreement";
  readonly status: FindingStatus;
  readonly subject: string;
  readonly message: string;
  readonly stated: number | null;
  readonly computed: number | null;
  readonly gap: number | null;
  readonly origin: string;
}

export interface EtlRunTable {
  readonly run_id: string;
  readonly started_at: Date;
  readonly finished_at: Date;
  readonly status: "succeeded" | "failed";
  readonly data_dir: string;
  readonly input_files: string;
  readonly rows_per_table: string;
  readonly warnings: string;
  readonly errors: string;
  readonly snapshot_hash: string | null;
}

export interface WarehouseMetaTable {
  readonly schema_hash: string;
}

export interface WarehouseTables {
  source: SourceTable;
  area: AreaTable;
  area_membership: AreaMembershipTable;
  period_kind: PeriodKindTable;
  activity: ActivityTable;
  output_type: OutputTypeTable;
  funding_fact: FundingFactTable;
  output_fact: OutputFactTable;
  claim: ClaimTable;
  population: PopulationTable;
  cpi: CpiTable;
  consistency_finding: ConsistencyFindingTable;
  etl_run: EtlRunTable;
  warehouse_meta: WarehouseMetaTable;
}
