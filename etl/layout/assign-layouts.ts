import path from "node:path";
import { etlError, type EtlIssue } from "../etl-issue.js";
import { matchTemplate } from "./header-template.js";
import type { LayoutSpec } from "./layout-spec.js";
import { readLayoutSpec } from "./read-layout-spec.js";

/** The name that marks a layout spec: `plan-2024.layout.yaml` is the spec of `plan-2024.xlsx` beside it. */
export const LAYOUT_SPEC_SUFFIX = ".layout.yaml";

export interface LayoutAssignment {
  /**
   * Data file (posix, relative to the data folder) → the spec that reads it; null when its spec has errors (the
   * file is then not read at all: reading it as our own layout would only add confusing errors).
   */
  readonly specs: ReadonlyMap<string, LayoutSpec | null>;
  /** Every spec file read, absolute, with the name messages use (to record among the run's inputs). */
  readonly specFiles: ReadonlyArray<{ readonly absolute: string; readonly file: string }>;
  readonly issues: ReadonlyArray<EtlIssue>;
}

/**
 * Decides which data files a layout spec reads: a spec found beside a file with the same stem
 * (`plan.xlsx` + `plan.layout.yaml`), or one named on the command line (`--layout spec.yaml`), which must list its
 * files under `files:` (patterns over paths relative to the data folder). A spec with no file, a command-line
 * spec without `files:` or matching none, and a file claimed by two specs are errors.
 */
export async function assignLayouts(
  dataDir: string,
  dataFiles: ReadonlyArray<string>,
  besideSpecs: ReadonlyArray<string>,
  namedSpecs: ReadonlyArray<string>,
): Promise<LayoutAssignment> {
  const specs = new Map<string, LayoutSpec | null>();
  const specFiles: Array<{ absolute: string; file: string }> = [];
  const issues: EtlIssue[] = [];
  const claim = (dataFile: string, spec: LayoutSpec | null, specFile: string) => {
    const other = specs.get(dataFile);
    if (other !== undefined) {
      if (other === null || spec === null) return;
      issues.push(
        etlError({
          file: dataFile,
          message: `Two layout specs read ${dataFile}: ${other.file} and ${specFile}. Keep one (remove the file from the other's files:).`,
        }),
      );
      return;
    }
    specs.set(dataFile, spec);
  };

  for (const relative of besideSpecs) {
    const absolute = path.join(dataDir, ...relative.split("/"));
    specFiles.push({ absolute, file: relative });
    const stem = relative.slice(0, -LAYOUT_SPEC_SUFFIX.length);
    const targets = dataFiles.filter((f) => f.slice(0, f.length - path.posix.extname(f).length) === stem);
    const read = await readLayoutSpec(absolute, relative);
    issues.push(...read.issues);
    if (targets.length === 0) {
      issues.push(
        etlError({
          file: relative,
          message: `The layout spec ${relative} sits beside no file it could read: name it after its file (${path.posix.basename(stem)}.xlsx or ${path.posix.basename(stem)}.csv beside it), or pass it with --layout and list its files.`,
        }),
      );
      continue;
    }
    if (read.spec === null) {
      for (const target of targets) claim(target, null, relative);
      continue;
    }
    if (read.spec.files.length > 0) {
      const at = read.spec.files[0]!.at;
      issues.push(
        etlError({
          file: relative,
          line: at.line,
          column: String(at.col),
          message: `The layout spec ${relative} line ${at.line} lists files:, but a spec beside a file reads that file only: remove files:, or move the spec out of the data folder and pass it with --layout.`,
        }),
      );
      continue;
    }
    for (const target of targets) claim(target, read.spec, relative);
  }

  for (const named of namedSpecs) {
    const absolute = path.resolve(named);
    specFiles.push({ absolute, file: named });
    const read = await readLayoutSpec(absolute, named);
    issues.push(...read.issues);
    if (read.spec === null) continue;
    if (read.spec.files.length === 0) {
      issues.push(
        etlError({
          file: named,
          line: 1,
          message: `The layout spec ${named}, passed with --layout, lists no files: add files: with the paths (relative to the data folder) it reads, such as files: ["plans/*.xlsx"].`,
        }),
      );
      continue;
    }
    for (const pattern of read.spec.files) {
      const matched = dataFiles.filter((f) => matchTemplate(pattern.template, f) !== null);
      if (matched.length === 0)
        issues.push(
          etlError({
            file: named,
            line: pattern.at.line,
            column: String(pattern.at.col),
            message: `No file of the data folder matches "${pattern.template.text}" in the layout spec ${named} line ${pattern.at.line}: the paths are relative to the data folder (${dataDir}), such as "plans/ke-hoach-2024.xlsx".`,
          }),
        );
      for (const target of matched) if (specs.get(target) !== read.spec) claim(target, read.spec, named);
    }
  }
  return { specs, specFiles, issues };
}
