import { parseArgs } from "node:util";

/** What `npm run data:synthetic -- …` asks for, parsed at the boundary. */
export interface SyntheticArgs {
  readonly rows: number;
  readonly outDir: string;
  readonly seed: number;
  readonly rowsPerFile: number | undefined;
}

export type ParsedSyntheticArgs =
  { readonly ok: true; readonly args: SyntheticArgs } | { readonly ok: false; readonly error: string };

export const SYNTHETIC_USAGE =
  "Usage: npm run data:synthetic -- --rows N [--out DIR] [--seed S] [--rows-per-file M]\n" +
  "  N and M accept 1000000, 1_000_000, 1,000,000, 1000k or 1M; M is at most 1M (the default).\n" +
  "  DIR defaults to bench/out/synthetic/<N>-seed-<S> and may not be inside data/; S defaults to 1.";

/** Where a row count and seed go when `--out` is not given: git-ignored, and where the benchmark looks. */
export const defaultSyntheticOutDir = (rows: number, seed: number): string =>
  `bench/out/synthetic/${rows}-seed-${seed}`;

/** `10M` → 10000000, `500k` → 500000, `1_000_000` and `1,000,000` → 1000000; anything else → null. */
export function parseCount(text: string): number | null {
  const match = /^(\d+(?:[_,]\d{3})*)([kKmM]?)$/.exec(text.trim());
  if (match === null) return null;
  const base = Number((match[1] ?? "").replace(/[_,]/g, ""));
  const scale = { "": 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[match[2] ?? ""] ?? 1;
  const value = base * scale;
  return Number.isSafeInteger(value) ? value : null;
}

export function parseSyntheticArgs(argv: ReadonlyArray<string>): ParsedSyntheticArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        rows: { type: "string" },
        out: { type: "string" },
        seed: { type: "string" },
        "rows-per-file": { type: "string" },
      },
      strict: true,
    }));
  } catch (cause) {
    return { ok: false, error: `${(cause as Error).message}\n${SYNTHETIC_USAGE}` };
  }
  if (values.rows === undefined) return { ok: false, error: `--rows is required.\n${SYNTHETIC_USAGE}` };
  const rows = parseCount(values.rows);
  if (rows === null || rows < 1) {
    return {
      ok: false,
      error: `--rows "${values.rows}" is not a positive whole number.\n${SYNTHETIC_USAGE}`,
    };
  }
  const seed = values.seed === undefined ? 1 : /^\d+$/.test(values.seed) ? Number(values.seed) : NaN;
  if (!Number.isSafeInteger(seed)) {
    return {
      ok: false,
      error: `--seed "${values.seed ?? ""}" is not a whole number, for example --seed 42.`,
    };
  }
  const perFile = values["rows-per-file"];
  const rowsPerFile = perFile === undefined ? undefined : parseCount(perFile);
  if (rowsPerFile === null) {
    return { ok: false, error: `--rows-per-file "${perFile ?? ""}" is not a positive whole number.` };
  }
  return {
    ok: true,
    args: { rows, seed, rowsPerFile, outDir: values.out ?? defaultSyntheticOutDir(rows, seed) },
  };
}
