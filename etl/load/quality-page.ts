import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { redactPaths } from "../../src/shared/redact-paths.js";
import { qualityPagePath, qualityPagesDir, isRunId } from "../../src/warehouse/snapshot-reports.js";
import type { EtlReport } from "../run-etl.js";

/** Items of each list (errors, warnings, discrepancies) a page shows. */
const MAX_LISTED = 1_000;

/** Pages kept beside the warehouse; the oldest beyond this are removed when a run writes its own. */
export const KEEP_QUALITY_PAGES = 50;

/**
 * The data-quality page of a run, as a standalone HTML document (no script, no outside resource): outcome,
 * rows per table, every input file with its rows, size and sha256, errors, warnings, consistency findings
 * and the time per stage. Every text from the inputs is escaped, and absolute paths are cut to their last
 * name (the server shows the page to anyone, as it shows `etlRuns`).
 */
export function renderQualityPage(r: EtlReport): string {
  const text = (value: string | number): string => escapeHtml(redactPaths(String(value)));
  const seconds = ((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(2);
  const outcome =
    r.status === "succeeded"
      ? r.dryRun
        ? "validated (dry run, nothing published)"
        : "loaded and published"
      : "REJECTED: the warehouse was left unchanged";
  const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>) =>
    rows.length === 0
      ? "<p>None.</p>"
      : `<table><thead><tr>${head.map((h) => `<th>${text(h)}</th>`).join("")}</tr></thead><tbody>${rows
          .map(
            (row) =>
              `<tr>${row.map((cell) => `<td${typeof cell === "number" ? ' class="n"' : ""}>${typeof cell === "number" ? cell.toLocaleString("en") : text(cell)}</td>`).join("")}</tr>`,
          )
          .join("")}</tbody></table>`;
  // A page lists at most MAX_LISTED items of a list (a bad file can give one warning per row); the run log has all.
  const more = (list: ReadonlyArray<unknown>) =>
    list.length > MAX_LISTED
      ? `<p>… and ${(list.length - MAX_LISTED).toLocaleString("en")} more: <code>npm run etl -- --json</code> lists all.</p>`
      : "";
  const issues = (list: EtlReport["errors"]) =>
    table(
      ["file", "line", "column", "message"],
      list
        .slice(0, MAX_LISTED)
        .map((i) => [i.file, i.line === undefined ? "" : String(i.line), i.column ?? "", i.message]),
    ) + more(list);
  const inputRows = r.inputFiles.reduce((sum, f) => sum + f.rows, 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Data quality: ETL run ${text(r.runId)}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2430}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}th,td{border-bottom:1px solid #d5dbe3;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}code,td:nth-child(4){word-break:break-all}
.failed{color:#a31919}.ok{color:#17603a}
</style></head><body>
<h1>Data quality: ETL run <code>${text(r.runId)}</code></h1>
<p class="${r.status === "succeeded" ? "ok" : "failed"}"><strong>${text(outcome)}</strong> in ${seconds} s,
started ${text(r.startedAt.toISOString())}, finished ${text(r.finishedAt.toISOString())}.</p>
<p>Snapshot hash: <code>${text(r.snapshotHash ?? "none")}</code></p>
<h2>Rows per table</h2>
${table(
  ["table", "rows"],
  Object.entries(r.rowsPerTable).map(([name, rows]) => [name, rows]),
)}
<h2>Inputs (${r.inputFiles.length} files, ${inputRows.toLocaleString("en")} rows)</h2>
${table(
  ["file", "rows", "bytes", "sha256"],
  r.inputFiles.map((f) => [f.path, f.rows, f.bytes, f.sha256]),
)}
<h2>Errors (${r.errors.length})</h2>
${issues(r.errors)}
<h2>Warnings (${r.warnings.length})</h2>
${issues(r.warnings)}
<h2>Consistency findings</h2>
${table(
  ["kind", "status", "count"],
  r.findings.map((f) => [f.kind, f.status, f.count]),
)}
<h3>Discrepancies and gaps within rounding (${r.discrepancies.length})</h3>
${table(
  ["status", "kind", "origin", "message"],
  r.discrepancies.slice(0, MAX_LISTED).map((d) => [d.status, d.kind, d.origin ?? "", d.message]),
)}${more(r.discrepancies)}
<h2>Stages</h2>
${table(
  ["stage", "ms", "rows"],
  r.stages.map((s) => [s.name, s.ms, s.rows === undefined ? "" : s.rows]),
)}
</body></html>
`;
}

/**
 * Writes the run's page to `<db>.reports/<runId>.html` (through a temporary name, so that a reader never sees
 * half a page), then removes the oldest pages beyond `KEEP_QUALITY_PAGES`. Throws when the page cannot be
 * written; removing old pages is housekeeping and never fails the run.
 */
export async function writeQualityPage(dbPath: string, report: EtlReport): Promise<string> {
  const path = qualityPagePath(dbPath, report.runId);
  await mkdir(qualityPagesDir(dbPath), { recursive: true });
  const partial = `${path}.partial`;
  try {
    await writeFile(partial, renderQualityPage(report), "utf8");
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  try {
    const pages = (await readdir(qualityPagesDir(dbPath)))
      .filter((name) => name.endsWith(".html") && isRunId(name.slice(0, -5)))
      .sort();
    for (const old of pages.slice(0, Math.max(0, pages.length - KEEP_QUALITY_PAGES)))
      await rm(qualityPagePath(dbPath, old.slice(0, -5)), { force: true });
  } catch {
    // left for the next run
  }
  return path;
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}
