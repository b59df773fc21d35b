import type { EtlIssue } from "../etl-issue.js";
import { AreaRegistry } from "./area-registry.js";
import type { NumberColumns } from "./number-columns.js";
import { SourceRegistry } from "./source-registry.js";

/**
 * What a row transformer needs: the registries, the data folder, where issues go, and the file being read.
 * Make one per run with `createTransformContext`, and one per table with `{ ...ctx, file }`.
 */
export interface TransformContext {
  readonly dataDir: string;
  /** The current table, as issues name it: `published/funding.csv` or `book.xlsx#funding`. */
  readonly file: string;
  readonly areas: AreaRegistry;
  readonly sources: SourceRegistry;
  /** Activity codes of activities.csv, for funding's optional `activity` column. */
  readonly activities: ReadonlySet<string>;
  readonly issues: EtlIssue[];
  /**
   * The number format of each column of the current table (`{ ...ctx, file, numbers }`); without it an
   * ambiguous number (`12.345`) is an error, as no other value can decide it.
   */
  readonly numbers?: NumberColumns;
}

export function createTransformContext(init: {
  readonly dataDir: string;
  readonly file?: string;
  readonly areas?: AreaRegistry;
  readonly sources?: SourceRegistry;
  readonly activities?: ReadonlySet<string>;
  readonly issues?: EtlIssue[];
}): TransformContext {
  return {
    dataDir: init.dataDir,
    file: init.file ?? "",
    areas: init.areas ?? AreaRegistry.build([]),
    sources: init.sources ?? new SourceRegistry(init.dataDir),
    activities: init.activities ?? new Set(),
    issues: init.issues ?? [],
  };
}
