// Rollups on and off, side by side: two servers on the same warehouse (KC_ROLLUPS=on, KC_ROLLUPS=off), both with
// the result cache off, loaded alternately with the same requests, beside the plain SQL the rollup server runs.
//   npm run bench -- rollups [--rows 1M] [--seed 1] [--duration 5] [--connections 1] [--rounds 2]
//     [--datasets published,synthetic] [--db-dir bench/out/db-rollups] [--no-record]
// Warehouses are built into --db-dir with this checkout's ETL (so they have rollups; bench/out/db is left to the
// other benchmarks) from data/ and from the synthetic folder of `npm run data:synthetic -- --rows N`.
// Writes the "Rollups" section of BENCHMARKS.md and bench/out/rollups.json.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { defaultSyntheticOutDir, parseCount, writeSyntheticFunding } from "../etl/synthetic/index.js";
import { readSyntheticManifest } from "../etl/synthetic/index.js";
import { httpLoad, postOnce, type LoadStats } from "./api-load.js";
import { apiOperations, requestBody, type ApiDataset, type ApiOperation } from "./api-operations.js";
import { startApiServer, type ApiServer } from "./api-server.js";
import { startSqlBaseline } from "./api-sql-baseline.js";
import { rowsLabel } from "./api-warehouses.js";
import { replaceBenchmarkSection } from "./benchmarks-md.js";
import { machineInfo } from "./machine.js";

const ROOT = resolve(new URL("../", import.meta.url).pathname);
const log = (line: string): void => console.error(line);

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1M" },
    seed: { type: "string", default: "1" },
    duration: { type: "string", default: "5" },
    connections: { type: "string", default: "1" },
    rounds: { type: "string", default: "2" },
    datasets: { type: "string", default: "published,synthetic" },
    "db-dir": { type: "string", default: "bench/out/db-rollups" },
    "no-record": { type: "boolean", default: false },
  },
});
const parsedRows = parseCount(values.rows);
if (parsedRows === null)
  throw new Error(`--rows ${values.rows} is not a row count: give one such as 1M or 200k.`);
const rows: number = parsedRows;
const seed = Number(values.seed);
const seconds = Number(values.duration);
const rounds = Number(values.rounds);
const connectionCounts = values.connections.split(",").map(Number);
const datasets = values.datasets.split(",") as ApiDataset[];
const dbDir = resolve(ROOT, values["db-dir"]);

/** Builds `dbPath` from `dataDir` with this checkout's ETL CLI, unless it is there. */
function ensureWarehouse(dataDir: string, dbPath: string): void {
  if (existsSync(dbPath)) return;
  log(`building ${dbPath} from ${dataDir}`);
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", join(ROOT, "etl/cli.ts"), "--data", dataDir, "--db", dbPath],
    { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (result.status !== 0)
    throw new Error(`The ETL could not build ${dbPath} (exit ${String(result.status)}).`);
}

async function warehouseOf(dataset: ApiDataset): Promise<{ path: string; dataDir: string }> {
  await mkdir(dbDir, { recursive: true });
  if (dataset === "published") {
    const path = join(dbDir, "published.duckdb");
    ensureWarehouse(join(ROOT, "data"), path);
    return { path, dataDir: join(ROOT, "data") };
  }
  const dataDir = join(ROOT, defaultSyntheticOutDir(rows, seed));
  const manifest = await readSyntheticManifest(dataDir);
  if (manifest === null || manifest.rows !== rows || manifest.seed !== seed) {
    const generated = await writeSyntheticFunding({ rows, seed, outDir: dataDir, log });
    if (!generated.ok) throw new Error(generated.error);
  }
  const path = join(dbDir, `synthetic-${rowsLabel(rows).toLowerCase()}.duckdb`);
  ensureWarehouse(dataDir, path);
  return { path, dataDir };
}

interface Cell {
  readonly dataset: ApiDataset;
  readonly kind: ApiOperation["kind"];
  readonly connections: number;
  readonly on: LoadStats;
  readonly off: LoadStats;
  readonly sql: LoadStats | null;
  /** What the rollup server's answer says it read (`extensions.rollups`). */
  readonly rollups: ReadonlyArray<string | null>;
}

/** The best (highest req/s) of the rounds of one side. */
const best = (runs: ReadonlyArray<LoadStats>): LoadStats =>
  runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

async function measure(dataset: ApiDataset): Promise<Cell[]> {
  const { path, dataDir } = await warehouseOf(dataset);
  const env = { KC_RESULT_CACHE_ENTRIES: "0", KC_POOL_SIZE: "4" };
  const servers: ApiServer[] = [];
  const sql = await startSqlBaseline(path);
  try {
    const on = await startApiServer({ warehousePath: path, dataDir, env: { ...env, KC_ROLLUPS: "on" }, log });
    servers.push(on);
    const off = await startApiServer({
      warehousePath: path,
      dataDir,
      env: { ...env, KC_ROLLUPS: "off" },
      log,
    });
    servers.push(off);
    const operations = apiOperations(dataset);
    await sql.capture(operations);
    const cells: Cell[] = [];
    for (const operation of operations) {
      const body = requestBody(operation);
      const [first, firstOff] = [await postOnce(on.graphqlUrl, body), await postOnce(off.graphqlUrl, body)];
      const [a, b] = [JSON.parse(first.text), JSON.parse(firstOff.text)] as {
        data?: unknown;
        errors?: unknown;
        extensions?: { rollups?: Array<string | null> };
      }[];
      if (
        first.status !== 200 ||
        a.errors !== undefined ||
        JSON.stringify(a.data) !== JSON.stringify(b.data)
      ) {
        throw new Error(
          `${dataset} ${operation.kind}: the two servers answer differently or fail: ${first.text.slice(0, 300)}`,
        );
      }
      for (const connections of connectionCounts) {
        const runs = { on: [] as LoadStats[], off: [] as LoadStats[], sql: [] as LoadStats[] };
        for (let round = 0; round < rounds; round++) {
          const order = round % 2 === 0 ? (["on", "off", "sql"] as const) : (["sql", "off", "on"] as const);
          for (const side of order) {
            if (side === "sql") {
              if (operation.kind !== "floor")
                runs.sql.push(await sql.run(operation.kind, "duckdb", connections, seconds));
            } else {
              const server = side === "on" ? on : off;
              const expectBody = side === "on" ? first.text : firstOff.text;
              runs[side].push(
                await httpLoad({ url: server.graphqlUrl, body, expectBody, connections, seconds }),
              );
            }
          }
        }
        const cell: Cell = {
          dataset,
          kind: operation.kind,
          connections,
          on: best(runs.on),
          off: best(runs.off),
          sql: runs.sql.length === 0 ? null : best(runs.sql),
          rollups: a.extensions?.rollups ?? [],
        };
        log(
          `${dataset} ${operation.kind} c=${connections}: on p50 ${cell.on.p50Ms.toFixed(2)} ms, off p50 ${cell.off.p50Ms.toFixed(2)} ms` +
            (cell.sql === null ? "" : `, SQL p50 ${cell.sql.p50Ms.toFixed(2)} ms`),
        );
        cells.push(cell);
      }
    }
    return cells;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await sql.close();
  }
}

function report(cells: ReadonlyArray<Cell>, load: { before: number; after: number }): string {
  const m = machineInfo();
  const f = (n: number, digits = 1) => n.toFixed(digits);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB, ${m.os}, Node ${m.node}, @duckdb/node-api ${m.duckdbNodeApi}; load average ${f(load.before, 2)} before, ${f(load.after, 2)} after (a shared machine).`,
    "",
    `Two servers on the same warehouse (src/server/main.ts, NODE_ENV=production, UV_THREADPOOL_SIZE=16, KC_POOL_SIZE=4, KC_RESULT_CACHE_ENTRIES=0): **on** (KC_ROLLUPS=on, the default) and **off** (KC_ROLLUPS=off, the facts only), and **SQL**: the statements the rollup server's resolver runs, with @duckdb/node-api alone. ${rounds} rounds of ${seconds} s per side, alternating the order; best round each. Every answer checked byte for byte against the server's first; both servers' data equal. Synthetic: ${rows.toLocaleString("en")} funding rows.`,
    "",
    "| data | operation | conn. | rollup read | on req/s | on p50 ms | off req/s | off p50 ms | off ÷ on p50 | SQL p50 ms | on ÷ SQL p50 |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const c of cells) {
    const names = [
      ...new Set(
        c.rollups.map((r) => (r === null ? "facts" : r.replace(/^rollup_funding_/, "").replace(/_/g, " "))),
      ),
    ];
    lines.push(
      `| ${c.dataset} | ${c.kind} | ${c.connections} | ${c.kind === "floor" ? "—" : names.join("; ")} | ${f(c.on.perSecond)} | ${f(c.on.p50Ms, 2)} | ${f(c.off.perSecond)} | ${f(c.off.p50Ms, 2)} | ${f(c.off.p50Ms / c.on.p50Ms, 2)}× | ${c.sql === null ? "—" : f(c.sql.p50Ms, 2)} | ${c.sql === null ? "—" : `${f(c.on.p50Ms / c.sql.p50Ms, 2)}×`} |`,
    );
  }
  return lines.join("\n");
}

const before = machineInfo().loadAverage;
const cells: Cell[] = [];
for (const dataset of datasets) cells.push(...(await measure(dataset)));
const text = report(cells, { before, after: machineInfo().loadAverage });
console.log(text);
await mkdir(join(ROOT, "bench/out"), { recursive: true });
await writeFile(join(ROOT, "bench/out/rollups.json"), JSON.stringify(cells, null, 2));
if (!values["no-record"])
  await replaceBenchmarkSection(join(ROOT, "BENCHMARKS.md"), "rollups", "Rollups", text);
