/** A row of provinces.csv, parsed: one of the 63 provinces before 1 July 2025. */
export interface ProvinceRecord {
  /** Two-digit GSO code: `02`. */
  readonly gso_code: string;
  readonly name_vi: string;
  readonly name_ascii: string;
  readonly aliases: ReadonlyArray<string>;
  readonly region_id: KcRegionId;
  readonly subregion: string | null;
  /** The province it became part of on 1 July 2025, and that province's code. */
  readonly merged_into_2025: string;
  readonly merged_into_2025_code: string;
}

/** The three khuyến công regions a province reports to. */
export type KcRegionId = "north" | "central-highlands" | "south";

export const KC_REGIONS: ReadonlyArray<KcRegionId> = ["north", "central-highlands", "south"];
