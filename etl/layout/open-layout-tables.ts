import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { etlError, type EtlIssue } from "../etl-issue.js";
import { CsvFault } from "../extract/csv-records.js";
import type { InputTable } from "../extract/raw-table.js";
import { applyLayout } from "./apply-layout.js";
import { matchTemplate, type Captures } from "./header-template.js";
import { readCsvGrid, readWorkbookGrids, type Grid } from "./layout-grid.js";
import type { LayoutSpec, SpecLocation } from "./layout-spec.js";

/**
 * Opens a workbook or CSV file through its layout spec: the sheets the spec names (every sheet when it names
 * none), each as an `InputTable` of the spec's kind. Never throws for a bad file or a spec that does not fit
 * it: those come back as issues naming the file, the sheet, the row and column, and the spec's line.
 */
export async function openLayoutTables(
  absolutePath: string,
  file: string,
  spec: LayoutSpec,
): Promise<{ readonly tables: ReadonlyArray<InputTable>; readonly issues: ReadonlyArray<EtlIssue> }> {
  const through = spec.header.at(-1)!;
  const issues: EtlIssue[] = [];
  const tables: InputTable[] = [];
  const isWorkbook = /\.xlsx$/i.test(file);
  let grids: ReadonlyArray<Grid>;
  try {
    grids = isWorkbook
      ? await readWorkbookGrids(absolutePath, file, () => through)
      : [await readCsvGrid(absolutePath, file, through)];
  } catch (error) {
    const what = isWorkbook ? "workbook" : "file";
    const line = error instanceof CsvFault ? error.line : undefined;
    return {
      tables: [],
      issues: [
        etlError({
          file,
          ...(line !== undefined ? { line } : {}),
          message: `The ${what} ${file} cannot be read${line !== undefined ? ` (line ${line})` : ""}: ${(error as Error).message}.`,
        }),
      ],
    };
  }
  if (!isWorkbook && spec.sheets !== null) {
    const at = spec.sheets[0]!.at;
    issues.push(
      etlError({
        file: spec.file,
        line: at.line,
        column: String(at.col),
        message: `The layout spec ${spec.file} line ${at.line} names sheets, but ${file} is a CSV file, which has none: remove sheets:.`,
      }),
    );
    return { tables, issues };
  }

  const chosen: Array<{ grid: Grid; sheet: { captures: Captures; at: SpecLocation } | null }> = [];
  if (spec.sheets === null) for (const grid of grids) chosen.push({ grid, sheet: null });
  else {
    for (const pattern of spec.sheets) {
      const matched = grids.flatMap((grid) => {
        const captures = matchTemplate(pattern.template, grid.sheet ?? "");
        return captures === null ? [] : [{ grid, sheet: { captures, at: pattern.at } }];
      });
      if (matched.length === 0) {
        const names = grids.map((g) => g.sheet ?? "");
        const hint = formatDidYouMean(didYouMean(pattern.template.text, names));
        issues.push(
          etlError({
            file,
            message: `No sheet of ${file} is named "${pattern.template.text}", as the layout spec ${spec.file} line ${pattern.at.line} expects.${hint || ` Its sheets are ${names.map((n) => `"${n}"`).join(", ")}.`}`,
          }),
        );
      }
      for (const m of matched) if (!chosen.some((c) => c.grid === m.grid)) chosen.push(m);
    }
  }
  for (const { grid, sheet } of chosen) {
    const applied = applyLayout(spec, grid, sheet);
    issues.push(...applied.issues);
    if (applied.table !== null) tables.push(applied.table);
  }
  return { tables, issues };
}
