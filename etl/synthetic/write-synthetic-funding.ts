import { createHash } from "node:crypto";
import { chmod, copyFile, mkdir, open, readdir, realpath, rm, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  SYNTHETIC_FUNDING_COLUMNS,
  syntheticFundingText,
  syntheticLayout,
} from "./synthetic-funding-rows.js";
import {
  SYNTHETIC_FILE_PREFIX,
  SYNTHETIC_GENERATOR_VERSION,
  SYNTHETIC_MANIFEST_FILE,
  syntheticFileName,
  type SyntheticFileEntry,
  type SyntheticManifest,
} from "./synthetic-manifest.js";
import { SYNTHETIC_REFERENCE_FILES, loadSyntheticReference } from "./synthetic-reference.js";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const MAX_ROWS_PER_FILE = 1_000_000;
/** Rows generated and written at a time: bounded memory (a few MB) whatever the row count. */
const CHUNK_ROWS = 8192;
const PROGRESS_EVERY = 500_000;

export interface WriteSyntheticFundingOptions {
  readonly rows: number;
  readonly outDir: string;
  /** Unsigned 32-bit integer; default 1. */
  readonly seed?: number;
  /** At most 1,000,000 (the default). */
  readonly rowsPerFile?: number;
  /** Where provinces.csv and activities.csv are read from; default the repository's data/published. */
  readonly publishedDir?: string;
  /** The folder the output must never be inside; default the repository's data/. */
  readonly protectedDir?: string;
  readonly log?: (line: string) => void;
  /** Passed in so tests and benchmarks control time (STYLE.md); default performance.now. */
  readonly now?: () => number;
}

export type WriteSyntheticFundingResult =
  | {
      readonly ok: true;
      readonly outDir: string;
      readonly manifest: SyntheticManifest;
      readonly seconds: number;
    }
  | { readonly ok: false; readonly error: string };

/** The nearest existing ancestor's real path joined with the rest, so a symlink cannot smuggle `--out` into data/. */
async function realTarget(path: string): Promise<string> {
  let existing = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(existing), ...rest.reverse());
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest.push(existing.slice(parent.length + 1));
      existing = parent;
    }
  }
}

const isInside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

function checkOptions(o: WriteSyntheticFundingOptions, seed: number, rowsPerFile: number): string | null {
  if (!Number.isSafeInteger(o.rows) || o.rows < 1 || o.rows > 1_000_000_000) {
    return `Row count ${String(o.rows)} is not a whole number from 1 to 1,000,000,000.`;
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    return `Seed ${String(seed)} is not a whole number from 0 to 4294967295.`;
  }
  if (!Number.isInteger(rowsPerFile) || rowsPerFile < 1 || rowsPerFile > MAX_ROWS_PER_FILE) {
    return `Rows per file ${String(rowsPerFile)} is not a whole number from 1 to ${MAX_ROWS_PER_FILE}.`;
  }
  return null;
}

/**
 * Writes `rows` synthetic project-level funding rows into `outDir` as `funding-synthetic-0001.csv`…, each at
 * most `rowsPerFile` rows, plus copies of provinces.csv and activities.csv, a README and, last, the manifest
 * (see synthetic-manifest.ts). Streams in chunks: memory stays flat at 10 million rows. Removes the synthetic
 * files of an earlier run in `outDir` first and nothing else. Refuses any `outDir` inside data/: the default
 * dataset holds only real published figures. Returns a result and never throws (STYLE.md, batch jobs).
 */
export async function writeSyntheticFunding(
  options: WriteSyntheticFundingOptions,
): Promise<WriteSyntheticFundingResult> {
  const seed = options.seed ?? 1;
  const now = options.now ?? (() => performance.now());
  const log = options.log ?? (() => {});
  const invalid = checkOptions(options, seed, options.rowsPerFile ?? MAX_ROWS_PER_FILE);
  if (invalid !== null) return { ok: false, error: invalid };
  const outDir = resolve(options.outDir);
  const protectedDir = await realTarget(resolve(options.protectedDir ?? join(REPO_ROOT, "data")));
  if (isInside(await realTarget(outDir), protectedDir)) {
    return {
      ok: false,
      error:
        `Refusing to write synthetic rows into "${outDir}": it is inside ${protectedDir}, which holds only real ` +
        `published figures. Choose a folder outside it, for example --out bench/out/synthetic.`,
    };
  }
  try {
    return await write(options, seed, outDir, now, log);
  } catch (cause) {
    return { ok: false, error: `Could not write synthetic rows into "${outDir}": ${String(cause)}` };
  }
}

async function write(
  options: WriteSyntheticFundingOptions,
  seed: number,
  outDir: string,
  now: () => number,
  log: (line: string) => void,
): Promise<WriteSyntheticFundingResult> {
  const started = now();
  const publishedDir = options.publishedDir ?? join(REPO_ROOT, "data", "published");
  const reference = await loadSyntheticReference(publishedDir);
  const layout = syntheticLayout(seed, options.rows);
  const rowsPerFile = options.rowsPerFile ?? MAX_ROWS_PER_FILE;
  const text = syntheticFundingText(reference, layout);

  await mkdir(outDir, { recursive: true });
  await rm(join(outDir, SYNTHETIC_MANIFEST_FILE), { force: true });
  for (const name of await readdir(outDir)) {
    if (name.startsWith(SYNTHETIC_FILE_PREFIX) && name.endsWith(".csv")) await rm(join(outDir, name));
  }
  for (const name of SYNTHETIC_REFERENCE_FILES) {
    // data/published is read-only: the copies must stay writable so a rerun can replace them.
    await rm(join(outDir, name), { force: true });
    await copyFile(join(publishedDir, name), join(outDir, name));
    await chmod(join(outDir, name), 0o644);
  }

  const header = `${SYNTHETIC_FUNDING_COLUMNS.join(",")}\n`;
  const files: SyntheticFileEntry[] = [];
  let nextProgress = PROGRESS_EVERY;
  for (let first = 0, n = 1; first < options.rows; first += rowsPerFile, n++) {
    const last = Math.min(options.rows, first + rowsPerFile);
    const name = syntheticFileName(n);
    const hash = createHash("sha256");
    let bytes = 0;
    const handle = await open(join(outDir, name), "w");
    try {
      let chunk = header;
      for (let from = first; from < last;) {
        const to = Math.min(last, from + CHUNK_ROWS);
        const buffer = Buffer.from(chunk + text(from, to), "utf8");
        chunk = "";
        hash.update(buffer);
        bytes += buffer.length;
        await handle.write(buffer);
        from = to;
        if (from >= nextProgress) {
          const pct = ((100 * from) / options.rows).toFixed(0);
          log(`${from.toLocaleString("en")} / ${options.rows.toLocaleString("en")} rows (${pct}%)`);
          nextProgress += PROGRESS_EVERY;
        }
      }
    } finally {
      await handle.close();
    }
    files.push({ name, rows: last - first, bytes, sha256: hash.digest("hex") });
    log(`wrote ${name}: ${(last - first).toLocaleString("en")} rows, ${(bytes / 1e6).toFixed(1)} MB`);
  }

  const manifest: SyntheticManifest = {
    generator: SYNTHETIC_GENERATOR_VERSION,
    seed,
    rows: options.rows,
    rowsPerFile,
    reports: layout.reports,
    columns: SYNTHETIC_FUNDING_COLUMNS,
    files,
  };
  await writeFile(join(outDir, "README.md"), readme(manifest));
  await writeFile(join(outDir, SYNTHETIC_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { ok: true, outDir, manifest, seconds: (now() - started) / 1000 };
}

const readme = (m: SyntheticManifest): string =>
  `# SYNTHETIC benchmark data — not real figures

Generated by \`npm run data:synthetic -- --rows ${m.rows} --seed ${m.seed}\` (etl/synthetic/) for benchmarks only.
${m.rows.toLocaleString("en")} project-level funding rows in ${m.files.length} file(s), one project (đề án) per row, from
${m.reports} synthetic source(s); every row's source_url starts with \`synthetic:khuyen-cong/${m.seed}\`. Never load this into the default
warehouse. provinces.csv and activities.csv are verbatim copies of data/published.
`;
