// `npm run bench [-- NAME] [-- args…]`: runs every bench/*.bench.ts, or only bench/NAME.bench.ts, each in its
// own Node process (with tsx), one after another: benchmarks never share a process or run concurrently.
// Arguments after NAME go to that benchmark; `--cpu-prof` is understood by the benchmarks that support it.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const BENCH_DIR = new URL(".", import.meta.url).pathname;
const available = readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.slice(0, -".bench.ts".length))
  .sort();

const [first, ...rest] = process.argv.slice(2);
const named = first !== undefined && !first.startsWith("-");
const selected = named ? [first] : available;
const args = named ? rest : process.argv.slice(2);
for (const name of selected) {
  if (!available.includes(name)) {
    console.error(
      `No benchmark "${name}": bench/${name}.bench.ts does not exist. Available: ${available.join(", ")}.`,
    );
    process.exit(2);
  }
}
let failed = 0;
for (const name of selected) {
  console.error(`\n# bench/${name}.bench.ts ${args.join(" ")}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(BENCH_DIR, `${name}.bench.ts`), ...args], {
    stdio: "inherit",
  });
  if (r.status !== 0) {
    console.error(`bench/${name}.bench.ts exited with ${r.status ?? r.signal}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
