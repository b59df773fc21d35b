import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { etlError, type EtlIssue } from "../etl-issue.js";
import { assignLayouts, LAYOUT_SPEC_SUFFIX } from "../layout/assign-layouts.js";
import { openLayoutTables } from "../layout/open-layout-tables.js";
import { openCsvTable } from "./csv-table.js";
import { hashFiles } from "./hash-files.js";
import { INPUT_KINDS, inputKindOf } from "./input-kind.js";
import { InputError, type InputFile, type InputTable } from "./raw-table.js";
import { openXlsxTables } from "./xlsx-table.js";

export interface ListedInputs {
  readonly tables: InputTable[];
  /**
   * Every input file (layout specs first, then the rest by path) with its size and sha256: hashed in a worker
   * thread while the caller reads the tables (hashFiles). Rejects when a data file cannot be read.
   */
  readonly files: Promise<InputFile[]>;
  readonly issues: EtlIssue[];
}

/**
 * Finds the input tables under `dataDir`: every `*.csv` file and every sheet of every `*.xlsx` workbook, in any
 * sub-folder, sorted by path (posix, relative to `dataDir`). Everything else (README.md, sources/*.txt, a
 * built *.duckdb, hidden files, Excel's `~$` lock files) is ignored. A table's kind comes from the prefix of
 * its file stem or sheet name; a name with no known prefix is an error naming the accepted prefixes.
 * Headers are read now; rows stream later; the files are hashed meanwhile. Never throws for bad inputs: problems
 * come back as issues.
 *
 * A file of another layout is read through its layout spec (etl/layout/, docs/layout-specs.md): one beside it
 * (`plan.xlsx` + `plan.layout.yaml`) or one of `options.layouts` (spec paths, each listing its files); its kind
 * then comes from the spec, not from its name. Spec files are listed among the files.
 */
export async function listInputs(
  dataDir: string,
  options: { readonly layouts?: ReadonlyArray<string> } = {},
): Promise<ListedInputs> {
  const tables: InputTable[] = [];
  const issues: EtlIssue[] = [];
  const found = (await walk(dataDir, "")).sort();
  const paths = found.filter((p) => !p.toLowerCase().endsWith(LAYOUT_SPEC_SUFFIX));
  const layouts = await assignLayouts(
    dataDir,
    paths,
    found.filter((p) => p.toLowerCase().endsWith(LAYOUT_SPEC_SUFFIX)),
    options.layouts ?? [],
  );
  issues.push(...layouts.issues);
  const listed = [
    // An unreadable spec is already an issue of assignLayouts: it is left out of the files.
    ...layouts.specFiles.map((spec) => ({ absolute: spec.absolute, relative: spec.file, optional: true })),
    ...paths.map((relative) => ({
      absolute: path.join(dataDir, ...relative.split("/")),
      relative,
      optional: false,
    })),
  ];
  const files = describeFiles(listed);
  // Awaited by the caller after the load; until then a failure must not count as unhandled.
  files.catch(() => {});
  for (const relative of paths) {
    const absolute = path.join(dataDir, ...relative.split("/"));
    const extension = path.posix.extname(relative).toLowerCase();
    const spec = layouts.specs.get(relative);
    if (spec === null) continue;
    if (spec !== undefined) {
      const opened = await openLayoutTables(absolute, relative, spec);
      tables.push(...opened.tables);
      issues.push(...opened.issues);
      continue;
    }
    if (extension === ".xlsx") {
      const opened = await openXlsxTables(absolute, relative);
      tables.push(...opened.tables);
      issues.push(...opened.issues);
      continue;
    }
    const stem = path.posix.basename(relative, path.posix.extname(relative));
    const kind = inputKindOf(stem);
    if (kind === null) {
      issues.push(
        etlError({
          file: relative,
          message: `Unknown input file ${relative}: a CSV file name must start with one of ${INPUT_KINDS.join(", ")} (for example funding-2024.csv).`,
        }),
      );
      continue;
    }
    try {
      tables.push(await openCsvTable(absolute, relative, kind));
    } catch (error) {
      if (error instanceof InputError) issues.push(error.issue);
      else throw error;
    }
  }
  return { tables, files, issues };
}

async function walk(root: string, relative: string): Promise<string[]> {
  const entries = await readdir(path.join(root, ...relative.split("/").filter(Boolean)), {
    withFileTypes: true,
  });
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name.startsWith("~$") || entry.name === "node_modules") continue;
    const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await walk(root, child)));
    else if (entry.isFile() && /\.(csv|xlsx|layout\.yaml)$/i.test(entry.name)) found.push(child);
  }
  return found;
}

async function describeFiles(
  listed: ReadonlyArray<{ absolute: string; relative: string; optional: boolean }>,
): Promise<InputFile[]> {
  const digests = await hashFiles(listed.map((f) => f.absolute));
  const files: InputFile[] = [];
  for (const [i, { absolute, relative, optional }] of listed.entries()) {
    const digest = digests[i]!;
    if (digest instanceof Error) {
      if (optional) continue;
      throw digest;
    }
    const { size } = await stat(absolute);
    files.push(Object.freeze({ path: relative, sha256: digest, bytes: size }));
  }
  return files;
}
