import type { EtlReport } from "./run-etl.js";

const MAX_LISTED = 40;

/** The short report an operator reads after a load: outcome, rows, time per stage, problems, discrepancies. */
export function formatEtlReport(r: EtlReport): string {
  const lines: string[] = [];
  const seconds = ((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(2);
  const verb =
    r.status === "succeeded" ? (r.dryRun ? "validated (dry run, nothing published)" : "loaded") : "REJECTED";
  lines.push(`ETL run ${r.runId}: ${verb} in ${seconds} s`);
  if (r.snapshotHash) lines.push(`snapshot ${r.snapshotHash}`);
  if (r.status === "failed") lines.push(`The warehouse ${r.dbPath} was left unchanged.`);
  if (r.inputFiles.length > 0)
    lines.push(`inputs: ${r.inputFiles.length} files, ${r.inputFiles.reduce((a, f) => a + f.rows, 0)} rows`);
  const tables = Object.entries(r.rowsPerTable).filter(([, n]) => n > 0);
  if (tables.length > 0) lines.push(`rows: ${tables.map(([t, n]) => `${t} ${n}`).join(", ")}`);
  if (r.stages.length > 0) lines.push(`stages: ${r.stages.map((s) => `${s.name} ${s.ms} ms`).join(", ")}`);
  if (r.findings.length > 0)
    lines.push(`consistency: ${r.findings.map((f) => `${f.kind} ${f.status} ${f.count}`).join(", ")}`);
  const section = (title: string, items: ReadonlyArray<string>) => {
    if (items.length === 0) return;
    lines.push("", `${title} (${items.length}):`);
    for (const item of items.slice(0, MAX_LISTED)) lines.push(`- ${item}`);
    if (items.length > MAX_LISTED) lines.push(`- … and ${items.length - MAX_LISTED} more (--json lists all)`);
  };
  if (r.inputFiles.length > 0) {
    lines.push("", "input files (rows, bytes, sha256):");
    for (const f of r.inputFiles)
      lines.push(`- ${f.path}: ${f.rows} rows, ${f.bytes} bytes, sha256 ${f.sha256}`);
  }
  section(
    "errors",
    r.errors.map((e) => e.message),
  );
  section(
    "warnings",
    r.warnings.map((w) => w.message),
  );
  section(
    "discrepancies",
    r.discrepancies.map((d) => `[${d.status}] ${d.message}`),
  );
  return lines.join("\n");
}
