import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname, relative } from "node:path";
import { parseHTML } from "linkedom";
import { buildAppSchema } from "../../graphql/index.js";
import {
  NotebookFormatError,
  ParameterError,
  parseNotebook,
  resolveParameters,
  viewHash,
  type ParameterValues,
} from "../../notebook/index.js";
import {
  describeError,
  failedCells,
  renderReportHtml,
  renderReportMarkdown,
  runNotebook,
  type ExecuteQuery,
  type NotebookRun,
} from "../../notebook/report/index.js";
import { CliUsageError, NOTEBOOK_USAGE, parseCliArgs, type NotebookCliOptions } from "./cli-args.js";
import { openLocalExecutor } from "./local-executor.js";
import { remoteExecutor } from "./remote-executor.js";
import { readReportFonts } from "./report-font-files.js";

/** Where the command line writes, and its clock (tests pin both). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly now: () => Date;
}

export const EXIT = Object.freeze({ ok: 0, cellFailed: 1, usage: 2 });

/**
 * `npm run notebook -- run FILE …`: parses the notebook, resolves `--param` overrides, runs every cell against the
 * local warehouse (in process, read-only) or `--url`, writes the report (atomically, to `--out` or stdout), and
 * lists each failed cell on stderr with its id and the error's position in the query. Returns the exit code:
 * 0 when every cell ran, 1 when a cell failed (the report is still written), 2 for a usage, notebook or
 * warehouse problem (no report).
 */
export async function runNotebookCli(argv: ReadonlyArray<string>, io: CliIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(`${NOTEBOOK_USAGE}\n`);
    return EXIT.ok;
  }
  let options: NotebookCliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr(`${error.message}\n\n${NOTEBOOK_USAGE}\n`);
    return EXIT.usage;
  }
  const shown = relative(process.cwd(), options.notebookPath) || options.notebookPath;

  let text: string;
  try {
    text = await readFile(options.notebookPath, "utf8");
  } catch (error) {
    io.stderr(`Cannot read the notebook ${shown}: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  let values: ParameterValues;
  let notebook;
  try {
    notebook = parseNotebook(text, shown);
    values = resolveParameters(notebook.parameters, options.params, notebook.constraints);
  } catch (error) {
    if (error instanceof NotebookFormatError || error instanceof ParameterError) {
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }

  let execute: ExecuteQuery;
  let close = async (): Promise<void> => {};
  if (options.url !== null) {
    execute = remoteExecutor(options.url);
  } else {
    if (!existsSync(options.dbPath)) {
      io.stderr(
        `No warehouse at ${options.dbPath}: build it with npm run etl, pass --db FILE, or run against a server with --url.\n`,
      );
      return EXIT.usage;
    }
    try {
      const local = await openLocalExecutor(options.dbPath, options.notebookPath);
      execute = local.execute;
      close = local.close;
    } catch (error) {
      io.stderr(`Cannot open the warehouse ${options.dbPath}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }

  let run: NotebookRun;
  try {
    run = await runNotebook(notebook, values, execute);
  } finally {
    await close();
  }

  const ranAt = options.timestamp ? io.now().toISOString() : null;
  // With a server, the report links to the same view in its notebook page (the page is at the server's root).
  const link =
    options.url === null
      ? null
      : new URL(
          `/${viewHash(basename(options.notebookPath, ".md"), notebook.parameters, values, options.locale)}`,
          options.url,
        ).href;
  const report =
    options.format === "html"
      ? renderReportHtml(run, {
          locale: options.locale,
          ranAt,
          link,
          document: parseHTML("<!doctype html><html><body></body></html>").document,
          fonts: await readReportFonts(),
          // Column headings and axis titles from the schema's descriptions (the one the server builds).
          schema: await buildAppSchema(),
        })
      : renderReportMarkdown(run, { locale: options.locale, ranAt, link });
  if (options.out === null) io.stdout(report);
  else await writeAtomically(options.out, report);

  const failed = failedCells(run);
  const queries = run.cells.filter((cell) => cell.kind === "graphql").length;
  for (const cell of failed) {
    for (const error of cell.errors)
      io.stderr(`${shown}: cell "${cell.id}" failed: ${describeError(error)}\n`);
  }
  const where =
    options.out === null ? "" : ` Report: ${relative(process.cwd(), options.out) || options.out}.`;
  io.stderr(
    failed.length === 0
      ? `${shown}: ${queries} query cell(s) ran.${where}\n`
      : `${shown}: ${failed.length} of ${queries} query cell(s) failed.${where}\n`,
  );
  return failed.length === 0 ? EXIT.ok : EXIT.cellFailed;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, "utf8");
  await rename(temp, path);
}
