import { readFile, rename, writeFile } from "node:fs/promises";

/**
 * Replaces the text between `<!-- bench:<id>:begin -->` and `<!-- bench:<id>:end -->` in BENCHMARKS.md, or
 * appends `## <heading>` with the markers when the section is missing. Other sections are left as they are,
 * so several benchmarks can share the file. Written to a temporary file and renamed: never half-written.
 */
export async function replaceBenchmarkSection(
  path: string,
  id: string,
  heading: string,
  body: string,
): Promise<void> {
  const begin = `<!-- bench:${id}:begin (written by npm run bench -- ${id}; edits inside are overwritten) -->`;
  const end = `<!-- bench:${id}:end -->`;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    text =
      "# Benchmarks\n\nMeasured by `npm run bench` (see bench/README.md). Ratios are measured side by side in one run.\n";
  }
  const section = `${begin}\n${body.trim()}\n${end}`;
  const pattern = new RegExp(`<!-- bench:${id}:begin[^\\n]*-->[\\s\\S]*?<!-- bench:${id}:end -->`);
  const next = pattern.test(text)
    ? text.replace(pattern, () => section)
    : `${text.trimEnd()}\n\n## ${heading}\n\n${section}\n`;
  await writeFile(`${path}.tmp`, next);
  await rename(`${path}.tmp`, path);
}
