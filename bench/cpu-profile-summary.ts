// Summarizes a V8 .cpuprofile (from `node --cpu-prof`, e.g. `npm run bench -- etl --cpu-prof`):
//   tsx bench/cpu-profile-summary.ts bench/out/profiles/etl-1000000-1.cpuprofile [--top 25]
// Prints self time by function and by file or package, the hot spots to look at first.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: ReadonlyArray<number>;
}
interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>;
  readonly samples: ReadonlyArray<number>;
  readonly timeDeltas: ReadonlyArray<number>;
  readonly startTime: number;
  readonly endTime: number;
}

/** Where a frame comes from: a package under node_modules, a file of ours, node internals or V8. */
export function frameOrigin(url: string): string {
  if (url === "") return "(v8/native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg !== undefined) return pkg;
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\//, "").replace(/^.*?\/(etl|src|bench)\//, "$1/");
}

/** Self time (ms) per key, largest first. */
export function selfTimes(profile: CpuProfile, key: (n: ProfileNode) => string): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (node === undefined) return;
    const k = key(node);
    totals.set(k, (totals.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" } },
});
const top = Number(values.top);
for (const file of positionals) {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const pct = (ms: number): string => `${((100 * ms) / totalMs).toFixed(1).padStart(5)}%`;
  console.log(`\n${file}: ${(totalMs / 1000).toFixed(1)} s sampled on the main thread`);
  console.log("\nSelf time by file or package:");
  for (const [k, ms] of selfTimes(profile, (n) => frameOrigin(n.callFrame.url)).slice(0, top)) {
    console.log(`${pct(ms)} ${(ms / 1000).toFixed(2).padStart(8)} s  ${k}`);
  }
  console.log("\nSelf time by function:");
  const fn = (n: ProfileNode): string =>
    `${n.callFrame.functionName || "(anonymous)"}  ${frameOrigin(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  for (const [k, ms] of selfTimes(profile, fn).slice(0, top)) {
    console.log(`${pct(ms)} ${(ms / 1000).toFixed(2).padStart(8)} s  ${k}`);
  }
}
