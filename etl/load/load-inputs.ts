import { detailOf, qualityBitsOf } from "../../src/model/index.js";
import { listInputs, type InputFile } from "../extract/index.js";
import { loadFundingSet } from "./load-funding-set.js";
import type { EtlIssue } from "../etl-issue.js";
import {
  FACT_TRANSFORMS,
  countedBatches,
  numberColumnsOf,
  outputTypeRows,
  periodKindRows,
  prepareTransform,
  settledBatches,
  type TransformContext,
} from "../transform/index.js";
import {
  openTableAppender,
  type TableAppender,
  type Warehouse,
  type WarehouseTables,
} from "../../src/warehouse/index.js";

const PROGRESS_EVERY = 100_000;

export interface LoadedInputs {
  readonly inputFiles: ReadonlyArray<InputFile & { rows: number }>;
  readonly issues: ReadonlyArray<EtlIssue>;
  readonly rowsPerTable: Readonly<Record<string, number>>;
  readonly extractMs: number;
}

/**
 * Extract and transform every input of `dataDir`, streaming rows into the new snapshot as they pass: memory
 * stays flat however big the files are (10 million funding rows load in one pass). Reference tables come
 * first (provinces, then activities), then the facts in path order, each fact numbered in input order so that
 * identical inputs give identical snapshots. Issues are collected, never thrown: the caller discards the
 * snapshot if any is an error.
 */
export async function loadInputs(
  warehouse: Warehouse,
  dataDir: string,
  log: (line: string) => void,
  options: {
    readonly layouts?: ReadonlyArray<string>;
    /**
     * Let DuckDB read and check funding CSV files in our layout (etl/load/load-funding-set.ts); false reads every
     * file row by row (tests compare the two).
     */
    readonly setBased?: boolean;
    /** DuckDB's memory_limit of the warehouse: a set-based load lowers it while it runs and restores it. */
    readonly memoryLimit?: string;
  } = {},
): Promise<LoadedInputs> {
  const t0 = performance.now();
  const listed = await listInputs(dataDir, options);
  const issues: EtlIssue[] = [...listed.issues];
  const rowsPerFile: Record<string, number> = {};
  // The reference tables are read first, inside prepareTransform; the fact tables below.
  for (const table of listed.tables) if (!(table.kind in FACT_TRANSFORMS)) log(`Reading ${table.file}`);
  const prepared = await prepareTransform(dataDir, listed.tables, issues, rowsPerFile);
  const extractMs = Math.round(performance.now() - t0);

  const appenders = await openAppenders(warehouse);
  const ids = { funding: 0, outputs: 0, claims: 0 };
  const outputUnits: { output_type: string; unit: string }[] = [];
  try {
    for (const area of prepared.areas.areas) appenders.area.append(area);
    for (const membership of prepared.areas.memberships) appenders.area_membership.append(membership);
    for (const activity of prepared.activities) appenders.activity.append(activity);
    for (const kind of periodKindRows()) appenders.period_kind.append(kind);

    for (const table of prepared.readable) {
      if (!(table.kind in FACT_TRANSFORMS)) continue;
      log(`Reading ${table.file}`);
      if (table.kind === "funding" && options.setBased !== false) {
        const set = await loadFundingSet(
          warehouse.db,
          table,
          { ...prepared.context, file: table.file },
          ids.funding,
          options.memoryLimit,
        );
        if (set.loaded) {
          ids.funding = set.lastFactId;
          rowsPerFile[table.file] = set.rows;
          if (set.rows >= PROGRESS_EVERY) log(`  ${table.file}: ${set.rows.toLocaleString("en")} rows`);
          continue;
        }
        log(`  ${table.file} is read row by row: ${set.reason}.`);
      }
      const numbers = numberColumnsOf(table, issues);
      const ctx: TransformContext = { ...prepared.context, file: table.file, numbers };
      let n = 0;
      let nextProgress = PROGRESS_EVERY;
      for await (const batch of settledBatches(countedBatches(table, issues, rowsPerFile), numbers)) {
        switch (table.kind) {
          case "funding": {
            const append = appenders.funding_fact;
            for (const row of batch) {
              const fact = FACT_TRANSFORMS.funding(row, ctx);
              if (fact)
                append.append({
                  fact_id: ++ids.funding,
                  ...fact,
                  preferred: true,
                  preference: 1,
                  figure_id: null,
                  quality_bits: qualityBitsOf(fact),
                  detail: detailOf(fact),
                });
            }
            break;
          }
          case "outputs":
            for (const row of batch) {
              const fact = FACT_TRANSFORMS.outputs(row, ctx);
              if (fact) {
                appenders.output_fact.append({
                  fact_id: ++ids.outputs,
                  ...fact,
                  preferred: true,
                  preference: 1,
                  figure_id: null,
                  quality_bits: qualityBitsOf(fact),
                });
                outputUnits.push({ output_type: fact.output_type, unit: fact.unit });
              }
            }
            break;
          case "claims":
            for (const row of batch) {
              const claim = FACT_TRANSFORMS.claims(row, ctx);
              if (claim) appenders.claim.append({ claim_id: ++ids.claims, ...claim });
            }
            break;
          case "population":
            for (const row of batch) {
              const value = FACT_TRANSFORMS.population(row, ctx);
              if (value) appenders.population.append(value);
            }
            break;
          case "cpi":
            for (const row of batch) {
              const value = FACT_TRANSFORMS.cpi(row, ctx);
              if (value) appenders.cpi.append(value);
            }
            break;
        }
        n += batch.length;
        if (n >= nextProgress) {
          log(`  ${table.file}: ${n.toLocaleString("en")} rows`);
          nextProgress = (Math.floor(n / PROGRESS_EVERY) + 1) * PROGRESS_EVERY;
        }
      }
      if (n >= PROGRESS_EVERY) log(`  ${table.file}: ${n.toLocaleString("en")} rows`);
    }
    for (const type of outputTypeRows(outputUnits)) appenders.output_type.append(type);
    for (const source of prepared.context.sources.rows()) appenders.source.append(source);
  } finally {
    // Appenders hold connections until closed; close them all even when a row failed, so the snapshot can be
    // closed and discarded. Constraint violations surface here.
    await closeAll(Object.values(appenders));
  }

  const files = await listed.files;
  const rowsPerTable = Object.fromEntries(files.map((f) => [f.path, 0]));
  return {
    inputFiles: files.map((f) => ({ ...f, rows: countRowsOf(f.path, rowsPerFile) })),
    issues,
    rowsPerTable: { ...rowsPerTable, ...rowsPerFile },
    extractMs,
  };
}

/** Closes every appender, even after one fails, then rethrows the first failure. */
async function closeAll(appenders: ReadonlyArray<TableAppender<unknown>>): Promise<void> {
  const failures: unknown[] = [];
  for (const appender of appenders) await appender.close().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
}

/** Rows read from a file: its own count, or the sum over its workbook sheets (`book.xlsx#Sheet`). */
function countRowsOf(path: string, rowsPerFile: Record<string, number>): number {
  return Object.entries(rowsPerFile)
    .filter(([file]) => file === path || file.startsWith(`${path}#`))
    .reduce((sum, [, n]) => sum + n, 0);
}

type Appenders = { [K in LoadedTable]: TableAppender<WarehouseTables[K]> };
type LoadedTable = (typeof LOADED_TABLES)[number];
/** Every table the inputs fill (the consistency findings and the run history come later). */
export const LOADED_TABLES = [
  "source",
  "area",
  "area_membership",
  "period_kind",
  "activity",
  "output_type",
  "funding_fact",
  "output_fact",
  "claim",
  "population",
  "cpi",
] as const satisfies ReadonlyArray<keyof WarehouseTables>;

async function openAppenders(warehouse: Warehouse): Promise<Appenders> {
  const entries = [];
  for (const table of LOADED_TABLES)
    entries.push([table, await openTableAppender(warehouse, table)] as const);
  return Object.fromEntries(entries) as unknown as Appenders;
}
