export { writeSyntheticFunding, MAX_ROWS_PER_FILE } from "./write-synthetic-funding.js";
export type { WriteSyntheticFundingOptions, WriteSyntheticFundingResult } from "./write-synthetic-funding.js";
export {
  SYNTHETIC_FUNDING_COLUMNS,
  SYNTHETIC_FIRST_YEAR,
  SYNTHETIC_LAST_YEAR,
  SYNTHETIC_FUNDING_SOURCES,
  SYNTHETIC_STAGES,
  SYNTHETIC_MIN_THOUSANDTHS,
  SYNTHETIC_MAX_THOUSANDTHS,
  SYNTHETIC_TITLE_PREFIX,
  syntheticSourceRoot,
  syntheticLayout,
} from "./synthetic-funding-rows.js";
export {
  SYNTHETIC_MANIFEST_FILE,
  SYNTHETIC_FILE_PREFIX,
  SYNTHETIC_GENERATOR_VERSION,
  readSyntheticManifest,
  syntheticFileName,
} from "./synthetic-manifest.js";
export type { SyntheticManifest, SyntheticFileEntry } from "./synthetic-manifest.js";
export {
  parseSyntheticArgs,
  parseCount,
  defaultSyntheticOutDir,
  SYNTHETIC_USAGE,
} from "./parse-synthetic-args.js";
export type { SyntheticArgs, ParsedSyntheticArgs } from "./parse-synthetic-args.js";
export { SYNTHETIC_REFERENCE_FILES } from "./synthetic-reference.js";
