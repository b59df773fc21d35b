import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

/** A pre-2025 province as synthetic rows name it: `geo_code` is the GSO code, `geo_name` the Vietnamese name. */
export interface SyntheticProvince {
  readonly code: string;
  readonly name: string;
}

/** The reference lists that synthetic rows draw from, read from the published data folder. */
export interface SyntheticReference {
  readonly provinces: ReadonlyArray<SyntheticProvince>;
  readonly activityCodes: ReadonlyArray<string>;
}

/** The files a complete data folder needs beside the funding rows; the writer copies them verbatim. */
export const SYNTHETIC_REFERENCE_FILES: ReadonlyArray<string> = ["provinces.csv", "activities.csv"];

const readCsv = async (path: string): Promise<ReadonlyArray<Record<string, string>>> =>
  parse(await readFile(path), { columns: true, bom: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;

/**
 * Reads the 63 provinces and the activity codes from `publishedDir` (normally `data/published`), in file order,
 * so that the generated rows depend only on those files and the seed.
 */
export async function loadSyntheticReference(publishedDir: string): Promise<SyntheticReference> {
  const provinces = (await readCsv(join(publishedDir, "provinces.csv"))).map((row) => ({
    code: row.gso_code ?? "",
    name: row.name_vi ?? "",
  }));
  const activityCodes = (await readCsv(join(publishedDir, "activities.csv"))).map((row) => row.code ?? "");
  if (provinces.length === 0 || provinces.some((p) => !/^\d{2}$/.test(p.code) || p.name === "")) {
    throw new Error(`${publishedDir}/provinces.csv has no usable gso_code and name_vi columns.`);
  }
  if (activityCodes.length === 0 || activityCodes.some((code) => code === "")) {
    throw new Error(`${publishedDir}/activities.csv has no usable code column.`);
  }
  return Object.freeze({ provinces: Object.freeze(provinces), activityCodes: Object.freeze(activityCodes) });
}
