import type {
  ActivityTable,
  AreaMembershipTable,
  AreaTable,
  CpiTable,
  OutputTypeTable,
  PeriodKindTable,
  PopulationTable,
  SourceTable,
} from "../../src/warehouse/tables.js";
import { etlError, type EtlIssue } from "../etl-issue.js";
import { checkHeader } from "../extract/input-columns.js";
import { readRowBatches, type InputTable, type RawRow } from "../extract/raw-table.js";
import { transformActivitiesRow } from "./activities.transform.js";
import { AreaRegistry } from "./area-registry.js";
import { transformClaimsRow, type ClaimInput } from "./claims.transform.js";
import { transformCpiRow } from "./cpi.transform.js";
import { transformFundingRow, type FundingFactInput } from "./funding.transform.js";
import { numberColumnsOf, settledBatches } from "./number-columns.js";
import { transformOutputsRow, type OutputFactInput } from "./outputs.transform.js";
import { transformPopulationRow } from "./population.transform.js";
import type { ProvinceRecord } from "./province-record.js";
import { transformProvincesRow } from "./provinces.transform.js";
import { outputTypeRows, periodKindRows } from "./reference-rows.js";
import { at } from "./row-fields.js";
import { SourceRegistry } from "./source-registry.js";
import { createTransformContext, type TransformContext } from "./transform-context.js";

/** Every warehouse row the inputs make (facts without their ids), the rows read per file, and the issues. */
export interface TransformedInputs {
  readonly areas: ReadonlyArray<AreaTable>;
  readonly memberships: ReadonlyArray<AreaMembershipTable>;
  readonly periodKinds: ReadonlyArray<PeriodKindTable>;
  readonly activities: ReadonlyArray<ActivityTable>;
  readonly outputTypes: ReadonlyArray<OutputTypeTable>;
  readonly sources: ReadonlyArray<SourceTable>;
  readonly funding: ReadonlyArray<FundingFactInput>;
  readonly outputs: ReadonlyArray<OutputFactInput>;
  readonly claims: ReadonlyArray<ClaimInput>;
  readonly population: ReadonlyArray<PopulationTable>;
  readonly cpi: ReadonlyArray<CpiTable>;
  /** Data rows read per table (`file` of the InputTable), valid or not. */
  readonly rowsPerTable: Readonly<Record<string, number>>;
  readonly issues: ReadonlyArray<EtlIssue>;
}

/** The reference tables every fact depends on, read first: the area registry and the activity codes. */
export interface PreparedTransform {
  /** Tables whose header has no errors, in path order. */
  readonly readable: ReadonlyArray<InputTable>;
  /** A context with the registries filled in; make one per table with `{ ...context, file }`. */
  readonly context: TransformContext;
  readonly areas: AreaRegistry;
  readonly activities: ReadonlyArray<ActivityTable>;
}

/** The row transformer of each fact-like kind (what follows provinces and activities). */
export const FACT_TRANSFORMS = Object.freeze({
  funding: transformFundingRow,
  outputs: transformOutputsRow,
  claims: transformClaimsRow,
  population: transformPopulationRow,
  cpi: transformCpiRow,
});

/**
 * Checks headers, then reads provinces (building the area registry) and activities. A table whose header has
 * errors is not read. Both the in-memory `transformInputs` and the streaming loader start here.
 */
export async function prepareTransform(
  dataDir: string,
  tables: ReadonlyArray<InputTable>,
  issues: EtlIssue[],
  rowsPerTable: Record<string, number>,
): Promise<PreparedTransform> {
  const readable = tables.filter((table) => {
    const headerIssues = checkHeader(table);
    issues.push(...headerIssues);
    return !headerIssues.some((i) => i.severity === "error");
  });
  const base = createTransformContext({ dataDir, issues, sources: new SourceRegistry(dataDir) });
  const each = async (kind: InputTable["kind"], fn: (ctx: TransformContext, row: RawRow) => void) => {
    for (const table of readable.filter((t) => t.kind === kind)) {
      const ctx = { ...base, file: table.file };
      for await (const row of countedRows(table, issues, rowsPerTable)) fn(ctx, row);
    }
  };

  const provinces: ProvinceRecord[] = [];
  const provinceCodes = new Map<string, string>();
  await each("provinces", (ctx, row) => {
    const province = transformProvincesRow(row, ctx);
    if (province === null) return;
    const first = provinceCodes.get(province.gso_code);
    if (first !== undefined) {
      issues.push(
        etlError({
          file: ctx.file,
          line: row.line,
          column: "gso_code",
          value: province.gso_code,
          message: `Duplicate province code "${province.gso_code}" ${at(ctx, row, "gso_code")}: it is already defined in ${first}.`,
        }),
      );
      return;
    }
    provinceCodes.set(province.gso_code, `${ctx.file}:${row.line}`);
    provinces.push(province);
  });
  if (!tables.some((t) => t.kind === "provinces")) {
    issues.push(
      etlError({
        file: ".",
        message: `No provinces table in ${dataDir}: add provinces.csv (the 63 provinces and their codes).`,
      }),
    );
  }
  const areas = AreaRegistry.build(provinces);

  const activities: ActivityTable[] = [];
  const activityCodes = new Map<string, string>();
  await each("activities", (ctx, row) => {
    const activity = transformActivitiesRow(row, ctx);
    if (activity === null) return;
    const first = activityCodes.get(activity.activity_code);
    if (first !== undefined) {
      issues.push(
        etlError({
          file: ctx.file,
          line: row.line,
          column: "code",
          value: activity.activity_code,
          message: `Duplicate activity code "${activity.activity_code}" ${at(ctx, row, "code")}: it is already defined in ${first}.`,
        }),
      );
      return;
    }
    activityCodes.set(activity.activity_code, `${ctx.file}:${row.line}`);
    activities.push(activity);
  });

  return {
    readable,
    context: { ...base, areas, activities: new Set(activityCodes.keys()) },
    areas,
    activities,
  };
}

/** A table's row batches, counted into `rowsPerTable[table.file]`, with unreadable files reported as issues. */
export async function* countedBatches(
  table: InputTable,
  issues: EtlIssue[],
  rowsPerTable: Record<string, number>,
): AsyncGenerator<ReadonlyArray<RawRow>> {
  rowsPerTable[table.file] = 0;
  for await (const batch of readRowBatches(table, issues)) {
    rowsPerTable[table.file] = (rowsPerTable[table.file] ?? 0) + batch.length;
    yield batch;
  }
}

/** Like `countedBatches`, one row at a time. */
export async function* countedRows(
  table: InputTable,
  issues: EtlIssue[],
  rowsPerTable: Record<string, number>,
): AsyncGenerator<RawRow> {
  for await (const batch of countedBatches(table, issues, rowsPerTable)) yield* batch;
}

/**
 * Runs the transform stage over listed tables in memory (tests and small data; the loader streams instead):
 * `prepareTransform`, then every other table in path order. Never throws for bad input.
 */
export async function transformInputs(
  dataDir: string,
  tables: ReadonlyArray<InputTable>,
): Promise<TransformedInputs> {
  const issues: EtlIssue[] = [];
  const rowsPerTable: Record<string, number> = {};
  const { readable, context, areas, activities } = await prepareTransform(
    dataDir,
    tables,
    issues,
    rowsPerTable,
  );
  const funding: FundingFactInput[] = [];
  const outputs: OutputFactInput[] = [];
  const claims: ClaimInput[] = [];
  const population: PopulationTable[] = [];
  const cpi: CpiTable[] = [];
  const into = { funding, outputs, claims, population, cpi } as const;
  for (const table of readable) {
    if (!(table.kind in FACT_TRANSFORMS)) continue;
    const kind = table.kind as keyof typeof FACT_TRANSFORMS;
    const numbers = numberColumnsOf(table, issues);
    const ctx: TransformContext = { ...context, file: table.file, numbers };
    for await (const batch of settledBatches(countedBatches(table, issues, rowsPerTable), numbers)) {
      for (const row of batch) {
        const out = FACT_TRANSFORMS[kind](row, ctx);
        if (out !== null) (into[kind] as unknown[]).push(out);
      }
    }
  }

  return {
    areas: areas.areas,
    memberships: areas.memberships,
    periodKinds: periodKindRows(),
    activities,
    outputTypes: outputTypeRows(outputs),
    sources: context.sources.rows(),
    funding,
    outputs,
    claims,
    population,
    cpi,
    rowsPerTable,
    issues,
  };
}
