/**
 * The notebook command line: `npm run notebook -- run notebooks/NAME.md [--param name=value …] [--out FILE]
 * [--url URL] [--db FILE] [--locale vi|en] [--no-timestamp]`. See run-notebook-cli.ts.
 */
import "reflect-metadata";
import { runNotebookCli } from "./run-notebook-cli.js";

process.exitCode = await runNotebookCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => new Date(),
});
