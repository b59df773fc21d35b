import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** Written last into the output folder: its presence means the folder is complete. */
export const SYNTHETIC_MANIFEST_FILE = "synthetic-funding.json";
export const SYNTHETIC_FILE_PREFIX = "funding-synthetic-";
/** Bump when the rows a seed gives change, so that benchmarks regenerate instead of reusing old folders. */
export const SYNTHETIC_GENERATOR_VERSION = 3;

export interface SyntheticFileEntry {
  readonly name: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface SyntheticManifest {
  readonly generator: number;
  readonly seed: number;
  readonly rows: number;
  readonly rowsPerFile: number;
  readonly reports: number;
  readonly columns: ReadonlyArray<string>;
  readonly files: ReadonlyArray<SyntheticFileEntry>;
}

/** `funding-synthetic-0001.csv` for n = 1. */
export const syntheticFileName = (n: number): string =>
  `${SYNTHETIC_FILE_PREFIX}${String(n).padStart(4, "0")}.csv`;

/** The manifest of a complete synthetic folder, or null when there is none (absent, partial or unreadable). */
export async function readSyntheticManifest(outDir: string): Promise<SyntheticManifest | null> {
  try {
    const manifest = JSON.parse(
      await readFile(join(outDir, SYNTHETIC_MANIFEST_FILE), "utf8"),
    ) as SyntheticManifest;
    return manifest.generator === SYNTHETIC_GENERATOR_VERSION ? manifest : null;
  } catch {
    return null;
  }
}
