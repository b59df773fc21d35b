import { extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { REPORT_LOCALES, type ReportLocale } from "../../notebook/report/index.js";

export const NOTEBOOK_USAGE = `Usage: npm run notebook -- run NOTEBOOK.md [options]

Runs every cell of the notebook and writes a report; exits 1 if any cell fails, 2 on a usage error.
  --param NAME=VALUE  override a parameter (repeatable): --param years=2021-2025 --param areas=north,south
  --out FILE          write the report to FILE: .html (standalone page with charts) or .md; default: Markdown on stdout
  --url URL           run against a server (http://localhost:4000/graphql) instead of the local warehouse
  --db FILE           the local warehouse (default .warehouse/khuyen-cong.duckdb)
  --locale vi|en      number format in tables and charts: vi 1.234,5 (default) or en 1,234.5
  --no-timestamp      leave out the "Ran at" line, so two runs on one snapshot give identical files`;

export type ReportFormat = "markdown" | "html";

/** A parsed command line. */
export interface NotebookCliOptions {
  readonly notebookPath: string;
  readonly params: Readonly<Record<string, string>>;
  readonly out: string | null;
  readonly format: ReportFormat;
  readonly url: string | null;
  readonly dbPath: string;
  readonly locale: ReportLocale;
  readonly timestamp: boolean;
}

/** A command line that cannot be run; the message says what to give instead. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

const DEFAULT_DB = ".warehouse/khuyen-cong.duckdb";

/** Parses `run FILE [--param n=v …] [--out …] [--url …] [--db …] [--locale …] [--no-timestamp]`. */
export function parseCliArgs(argv: ReadonlyArray<string>): NotebookCliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        param: { type: "string", multiple: true, short: "p" },
        out: { type: "string", short: "o" },
        url: { type: "string" },
        db: { type: "string" },
        locale: { type: "string" },
        "no-timestamp": { type: "boolean" },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const [command, file, ...rest] = parsed.positionals;
  if (command !== "run") {
    throw new CliUsageError(
      command === undefined ? "Give a command: run." : `Unknown command "${command}"; the command is run.`,
    );
  }
  if (file === undefined) throw new CliUsageError("Give the notebook to run: run notebooks/NAME.md.");
  if (rest.length > 0)
    throw new CliUsageError(`Unexpected argument "${rest[0]}"; run one notebook at a time.`);

  const params: Record<string, string> = {};
  for (const pair of parsed.values.param ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0)
      throw new CliUsageError(`--param "${pair}" is not NAME=VALUE, such as --param years=2021-2025.`);
    params[pair.slice(0, at).trim()] = pair.slice(at + 1);
  }

  const out = parsed.values.out ?? null;
  let format: ReportFormat = "markdown";
  if (out !== null) {
    const extension = extname(out).toLowerCase();
    if (extension === ".html" || extension === ".htm") format = "html";
    else if (extension !== ".md" && extension !== ".markdown")
      throw new CliUsageError(`--out "${out}" must end in .html or .md, which picks the report's format.`);
  }

  const locale = parsed.values.locale ?? "vi";
  if (!(REPORT_LOCALES as ReadonlyArray<string>).includes(locale)) {
    throw new CliUsageError(`--locale "${locale}" is not supported; use vi or en.`);
  }

  const url = parsed.values.url ?? null;
  if (url !== null) {
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(url);
    } catch {
      throw new CliUsageError(`--url "${url}" is not a URL; give one like http://localhost:4000/graphql.`);
    }
    if (parsedUrl.protocol !== "http:" && parsedUrl.protocol !== "https:")
      throw new CliUsageError(`--url "${url}" must be http or https.`);
    if (parsed.values.db !== undefined) throw new CliUsageError("Give --url or --db, not both.");
  }

  return Object.freeze({
    notebookPath: resolve(file),
    params: Object.freeze(params),
    out: out === null ? null : resolve(out),
    format,
    url,
    dbPath: resolve(parsed.values.db ?? DEFAULT_DB),
    locale: locale as ReportLocale,
    timestamp: parsed.values["no-timestamp"] !== true,
  });
}
