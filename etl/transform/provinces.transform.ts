import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { foldDiacritics } from "../../src/shared/vietnamese-text.js";
import type { RawRow } from "../extract/raw-table.js";
import { KC_REGIONS, type KcRegionId, type ProvinceRecord } from "./province-record.js";
import { at, cell, fail, optionalText, requiredText } from "./row-fields.js";
import type { TransformContext } from "./transform-context.js";

/**
 * A provinces.csv row as a `ProvinceRecord` (the input of `AreaRegistry.build`, which makes the `area` rows),
 * or null when it has errors. Codes are two digits (`2` → `02`); `aliases` are `;`-separated;
 * `region_khuyen_cong` is north, central_highlands (or central-highlands) or south.
 */
export function transformProvincesRow(row: RawRow, ctx: TransformContext): ProvinceRecord | null {
  const before = ctx.issues.length;
  const code = gsoCode(ctx, row, "gso_code");
  const nameVi = requiredText(ctx, row, "name_vi");
  const regionText = cell(row, "region_khuyen_cong");
  const region = KC_REGIONS.find((r) => r === regionText.toLowerCase().replace(/_/g, "-"));
  if (region === undefined) {
    const hint = formatDidYouMean(didYouMean(regionText, KC_REGIONS));
    fail(
      ctx,
      row,
      "region_khuyen_cong",
      regionText,
      `Unknown khuyến công region "${regionText}" ${at(ctx, row, "region_khuyen_cong")}.${hint || " Use north, central_highlands or south."}`,
    );
  }
  const mergedInto = requiredText(ctx, row, "merged_into_2025");
  const mergedCode = gsoCode(ctx, row, "merged_into_2025_code");
  if (
    ctx.issues.length > before ||
    code === null ||
    nameVi === null ||
    mergedInto === null ||
    mergedCode === null
  ) {
    return null;
  }
  return {
    gso_code: code,
    name_vi: nameVi,
    name_ascii: optionalText(row, "name_ascii") ?? foldDiacritics(nameVi),
    aliases: cell(row, "aliases")
      .split(";")
      .map((a) => a.trim())
      .filter((a) => a !== ""),
    region_id: region as KcRegionId,
    subregion: optionalText(row, "subregion"),
    merged_into_2025: mergedInto,
    merged_into_2025_code: mergedCode,
  };
}

function gsoCode(ctx: TransformContext, row: RawRow, column: string): string | null {
  const value = cell(row, column);
  if (!/^\d{1,2}$/.test(value)) {
    return fail(
      ctx,
      row,
      column,
      value,
      `Bad GSO code "${value}" ${at(ctx, row, column)}: a province code is one or two digits (02).`,
    );
  }
  return value.padStart(2, "0");
}
