// `npm run data:synthetic -- --rows N [--out DIR] [--seed S]`: writes synthetic funding rows for benchmarks.
// The only place in etl/synthetic that prints or sets the exit code.
import { parseSyntheticArgs } from "./parse-synthetic-args.js";
import { writeSyntheticFunding } from "./write-synthetic-funding.js";

const parsed = parseSyntheticArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(2);
}
const { args } = parsed;
console.log(
  `Writing ${args.rows.toLocaleString("en")} synthetic funding rows (seed ${args.seed}) to ${args.outDir}`,
);
const result = await writeSyntheticFunding({ ...args, log: (line) => console.log(`  ${line}`) });
if (!result.ok) {
  console.error(result.error);
  process.exit(1);
}
const { manifest, seconds } = result;
const mb = manifest.files.reduce((sum, f) => sum + f.bytes, 0) / 1e6;
console.log(
  `Done: ${manifest.rows.toLocaleString("en")} rows in ${manifest.files.length} file(s), ${mb.toFixed(0)} MB, ` +
    `${manifest.reports} synthetic source(s), ${seconds.toFixed(1)} s, ` +
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB → ${result.outDir}`,
);
