// The API before and after a change, side by side: the server of another checkout (`--base`, e.g. a git worktree
// of the commit before) and the server of this working tree, each on a warehouse built by its own ETL, loaded
// alternately with the same requests (autocannon), so a shared, noisy machine affects both alike.
//   npx tsx bench/api-before-after.ts --base /tmp/kc-base [--duration 6] [--connections 1,16] [--rounds 2]
//     [--datasets published,synthetic,synthetic-activities] [--operations trend,share,compare,funding,executionRate,floor]
//     [--rows 1M] [--seed 1] [--base-dbs /tmp/bench-base] [--current-dbs /tmp/bench-now]
//     [--synthetic-data /tmp/bench-syn-1m] [--no-sql] [--cpu-prof] [--no-record]
// Setup (once): git worktree add /tmp/kc-base <commit>; ln -s "$PWD/node_modules" /tmp/kc-base/node_modules.
// Warehouses missing from --base-dbs / --current-dbs are built with each checkout's own `npm run etl`; the
// synthetic CSVs are generated once with the base checkout's generator (an older ETL may reject columns a newer
// generator writes) and loaded by both ETLs. Servers: src/server/main.ts of each checkout (bench/api-server.ts
// of each checkout), NODE_ENV=production, UV_THREADPOOL_SIZE=16, KC_POOL_SIZE=4, KC_RESULT_CACHE_ENTRIES=0.
// Writes the "Semantic-model rebuild: API before and after, side by side" section of BENCHMARKS.md and
// bench/out/api-before-after.json.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { Kind, parse, print, visit, type FieldNode, type SelectionNode } from "graphql";
import { isLoadRun, readRunLog } from "../etl/load/run-log.js";
import { parseCount } from "../etl/synthetic/index.js";
import { httpLoad, postOnce, type LoadStats } from "./api-load.js";
import { apiOperations, requestBody, type ApiOperation } from "./api-operations.js";
import type { ApiServer, StartApiServerOptions } from "./api-server.js";
import { startApiServer as startCurrentServer } from "./api-server.js";
import type { SqlBaseline } from "./api-sql-baseline.js";
import { startSqlBaseline as startCurrentSql } from "./api-sql-baseline.js";
import { rowsLabel } from "./api-warehouses.js";
import { machineInfo } from "./machine.js";

const ROOT = resolve(new URL("../", import.meta.url).pathname);
const OUT = join(ROOT, "bench/out");
const log = (line: string): void => console.error(line);

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    duration: { type: "string", default: "6" },
    connections: { type: "string", default: "1,16" },
    rounds: { type: "string", default: "2" },
    interleave: { type: "string", default: "1" },
    datasets: { type: "string", default: "published,synthetic,synthetic-activities" },
    operations: { type: "string", default: "trend,share,compare,funding,executionRate,floor" },
    rows: { type: "string", default: "1M" },
    seed: { type: "string", default: "1" },
    "base-dbs": { type: "string", default: "/tmp/bench-base" },
    "current-dbs": { type: "string", default: "/tmp/bench-now" },
    "synthetic-data": { type: "string" },
    "no-sql": { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
    "no-record": { type: "boolean", default: false },
  },
});
const seconds = Number(values.duration);
const connectionCounts = values.connections.split(",").map(Number);
const rounds = Number(values.rounds);
// Each cell's time split into this many windows, the variants alternating window by window (the order reversed
// every other window), so that on a shared, busy machine both sides meet the same load.
const interleave = Number(values.interleave);
/**
 * published: data/ of each checkout; synthetic: the synthetic project register (every row a project's figure);
 * synthetic-activities: the same rows summed per activity (no project), about 200,000 activity figures.
 */
type Dataset = "published" | "synthetic" | "synthetic-activities";
const DATASETS: ReadonlyArray<Dataset> = ["published", "synthetic", "synthetic-activities"];
const datasets = values.datasets.split(",") as Dataset[];
const kinds = values.operations.split(",");
const rows = parseCount(values.rows);
const seed = Number(values.seed);
if (
  values.base === undefined ||
  !existsSync(join(values.base, "src/server/main.ts")) ||
  !(seconds > 0) ||
  !Number.isInteger(rounds) ||
  rounds < 1 ||
  connectionCounts.some((c) => !Number.isInteger(c) || c < 1) ||
  datasets.some((d) => !DATASETS.includes(d)) ||
  rows === null ||
  !Number.isInteger(seed)
) {
  console.error(
    "Usage: npx tsx bench/api-before-after.ts --base CHECKOUT [--duration S] [--connections 1,16] [--rounds 2] [--interleave 1] [--datasets published,synthetic,synthetic-activities] [--operations trend,share,compare,funding,executionRate,floor] [--rows 1M] [--seed 1] [--base-dbs DIR] [--current-dbs DIR] [--synthetic-data DIR] [--no-sql] [--cpu-prof] [--no-record]\n  CHECKOUT: another checkout of this repository (with src/server/main.ts and bench/api-server.ts), e.g. a git worktree of the commit before.",
  );
  process.exit(2);
}
const BASE = resolve(values.base);
const syntheticData = resolve(
  values["synthetic-data"] ??
    `/tmp/bench-syn-${rowsLabel(rows).toLowerCase()}${seed === 1 ? "" : `-seed-${seed}`}`,
);
const warmupSeconds = Math.min(3, Math.max(1, seconds / 3));

/**
 * before: the base checkout's server; after: this working tree's; afterProvenance: the same with alternatives and
 * quality { notes }; beforeSql / afterSql: the statements each side's resolvers run, alone (@duckdb/node-api).
 */
type Side = "before" | "after";
type Variant = "before" | "after" | "afterProvenance" | "beforeSql" | "afterSql";
const VARIANT_LABEL: Record<Variant, string> = {
  before: "before",
  after: "after",
  afterProvenance: "after, + alternatives, quality { notes }",
  beforeSql: "before, SQL alone",
  afterSql: "after, SQL alone",
};
const CHECKOUT: Record<Side, string> = { before: BASE, after: ROOT };

// ---------------------------------------------------------------------------------------------------------------
// Warehouses

function run(command: string, args: ReadonlyArray<string>, cwd: string): void {
  log(`$ (cd ${cwd} && ${command} ${args.join(" ")})`);
  const r = spawnSync(command, args, { cwd, stdio: ["ignore", 2, 2] });
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(" ")} in ${cwd} exited with ${r.status ?? r.signal}`);
}

/** The warehouse of `side` for `dataset`, built with that checkout's own ETL when missing, and its data folder. */
function warehouse(side: Side, dataset: Dataset): { path: string; dataDir: string } {
  const dir = resolve(side === "before" ? values["base-dbs"] : values["current-dbs"]);
  const checkout = CHECKOUT[side];
  if (dataset === "published") {
    const path = join(dir, "published.duckdb");
    if (!existsSync(path)) run("npm", ["run", "-s", "etl", "--", "--db", path], checkout);
    return { path, dataDir: join(checkout, "data") };
  }
  if (!existsSync(join(syntheticData, SYNTHETIC_MANIFEST))) {
    run(
      "npm",
      [
        "run",
        "-s",
        "data:synthetic",
        "--",
        "--rows",
        String(rows),
        "--seed",
        String(seed),
        "--out",
        syntheticData,
      ],
      BASE,
    );
  }
  const label = rowsLabel(rows as number).toLowerCase();
  const dataDir = dataset === "synthetic" ? syntheticData : `${syntheticData}-activities`;
  const path = join(dir, `synthetic-${label}${dataset === "synthetic" ? "" : "-activities"}.duckdb`);
  if (!existsSync(path)) run("npm", ["run", "-s", "etl", "--", "--data", dataDir, "--db", path], checkout);
  return { path, dataDir };
}

const SYNTHETIC_MANIFEST = "synthetic-funding.json";
const ACTIVITY_CSV = "funding-synthetic-activities.csv";

/**
 * `<synthetic>-activities/`: the synthetic rows summed per activity (province, year, activity, funding source,
 * stage) with no project, so every figure is an activity's, which share, compare and execution rates of both
 * versions count alike (the rebuilt model never adds project figures into them).
 */
async function ensureActivityTotals(): Promise<void> {
  const out = `${syntheticData}-activities`;
  if (existsSync(join(out, ACTIVITY_CSV))) return;
  await mkdir(out, { recursive: true });
  for (const file of ["activities.csv", "provinces.csv"]) {
    await writeFile(join(out, file), await readFile(join(syntheticData, file)));
  }
  log(`summing ${syntheticData} per activity into ${out}`);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
  await connection.run(`COPY (
    SELECT year, period, geo_level, geo_code, geo_name, funding_source, budget_level, measure,
      CAST(sum(CAST(amount_billion_vnd AS DECIMAL(18,3))) AS DECIMAL(18,3)) AS amount_billion_vnd,
      source_url, source_title, source_date, 'synthetic activity total' AS note, activity
    FROM read_csv(${quote(join(syntheticData, "funding-synthetic-*.csv"))}, header = true, all_varchar = true)
    GROUP BY ALL
    ORDER BY year, geo_code, activity, funding_source, measure
  ) TO ${quote(join(out, `${ACTIVITY_CSV}.tmp`))} (FORMAT csv, HEADER)`);
  connection.closeSync();
  instance.closeSync();
  await rename(join(out, `${ACTIVITY_CSV}.tmp`), join(out, ACTIVITY_CSV));
}

// ---------------------------------------------------------------------------------------------------------------
// Operations

const OPERATIONS_DIR = join(ROOT, "schema/operations");

/** The named operation of schema/operations/<file> with just the fragments it spreads. */
async function operationText(file: string, name: string): Promise<string> {
  const document = parse(await readFile(join(OPERATIONS_DIR, file), "utf8"));
  const used = new Set<string>();
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (op === undefined) throw new Error(`schema/operations/${file} has no operation ${name}`);
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
  const collect = (node: unknown): void => {
    visit(node as Parameters<typeof visit>[0], {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        collect(fragments.get(spread.name.value));
      },
    });
  };
  collect(op);
  return [op, ...[...used].map((n) => fragments.get(n))].map((d) => print(d as never)).join("\n\n");
}

function activityCodes(): Promise<string[]> {
  return readFile(join(ROOT, "data/published/activities.csv"), "utf8").then((text) =>
    text
      .split("\n")
      .slice(1)
      .map((line) => line.split(",")[0]?.trim() ?? "")
      .filter((code) => code !== ""),
  );
}

type Kind5 = "trend" | "share" | "compare" | "funding" | "executionRate" | "floor";
interface Operation {
  readonly kind: Kind5;
  readonly description: string;
  readonly body: string;
  /** The same with alternatives and quality { notes } on every summed figure (this working tree only). */
  readonly provenanceBody: string | null;
}

/** Fields (with a selection set) whose objects are summed figures that carry alternatives and quality. */
const FIGURE_FIELDS = new Set(["points", "parts", "whole", "total", "lastYear", "rows", "rates"]);
const PROVENANCE_SELECTIONS = (
  parse("{ alternatives { source { id } value chosenValue difference figureCount } quality { notes } }")
    .definitions[0] as { selectionSet: { selections: ReadonlyArray<SelectionNode> } }
).selectionSet.selections;

/** `query` with alternatives and quality { notes } added to every summed figure's selection. */
function withProvenance(query: string): string {
  return print(
    visit(parse(query), {
      Field(node: FieldNode) {
        if (!FIGURE_FIELDS.has(node.name.value) || node.selectionSet === undefined) return undefined;
        return {
          ...node,
          selectionSet: {
            ...node.selectionSet,
            selections: [...node.selectionSet.selections, ...PROVENANCE_SELECTIONS],
          },
        };
      },
    }),
  );
}

function body(operationName: string, query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, operationName, variables });
}

/** The api bench's trend, share, compare and floor (bench/api-operations.ts), a funding slice by year and execution rates. */
async function operations(dataset: Dataset): Promise<Operation[]> {
  const fromApiBench = (o: ApiOperation): Operation => ({
    kind: o.kind,
    description: o.description,
    body: requestBody(o),
    provenanceBody:
      o.kind === "floor"
        ? null
        : body(o.operationName, withProvenance(o.query), o.variables as Record<string, unknown>),
  });
  const ops = apiOperations(dataset === "published" ? "published" : "synthetic").map(fromApiBench);
  const slice = await operationText("slice.graphql", "FundingSlice");
  const rates = await operationText("compare.graphql", "ExecutionRate");
  const activities = await activityCodes();
  const fundingVariables =
    dataset === "published"
      ? { filter: { areas: ["north"], stages: ["PLAN"] }, groupBy: ["YEAR"] }
      : {
          filter: {
            regions: ["north"],
            levels: ["PROVINCE"],
            stages: ["PLAN"],
            fundingSources: ["NATIONAL"],
            periods: ["FY"],
            activities,
          },
          groupBy: ["YEAR"],
        };
  const rateVariables =
    dataset === "published"
      ? { filter: {} }
      : {
          filter: {
            regions: ["north"],
            levels: ["PROVINCE"],
            fundingSources: ["NATIONAL"],
            periods: ["FY"],
            activities,
            years: { from: 2024, to: 2024 },
          },
        };
  ops.push(
    {
      kind: "funding",
      description:
        dataset === "published"
          ? "`FundingSlice` grouped by YEAR: the north's plan, every year and funding source"
          : "`FundingSlice` grouped by YEAR: the national plan of the north's provinces (every activity), 2008–2025",
      body: body("FundingSlice", slice, fundingVariables),
      provenanceBody: body("FundingSlice", withProvenance(slice), fundingVariables),
    },
    {
      kind: "executionRate",
      description:
        dataset === "published"
          ? "`ExecutionRate` with no filter: every executed figure over its plan"
          : "`ExecutionRate`: the north's provinces, national, FY 2024, every activity",
      body: body("ExecutionRate", rates, rateVariables),
      provenanceBody: body("ExecutionRate", withProvenance(rates), rateVariables),
    },
  );
  const order: Kind5[] = ["trend", "share", "compare", "funding", "executionRate", "floor"];
  return order.flatMap((k) => ops.filter((o) => o.kind === k && kinds.includes(k)));
}

// ---------------------------------------------------------------------------------------------------------------
// Checking the answers

/** Numeric fields both schemas have, compared between the two versions. */
const COMPARED = new Set([
  "value",
  "amount",
  "factCount",
  "ratePercent",
  "sharePercent",
  "executed",
  "plan",
  "change",
  "changePercent",
  "index",
  "cagr",
  "difference",
  "ratio",
]);

function numbers(json: unknown, path = "", into: [string, number | null][] = []): [string, number | null][] {
  if (Array.isArray(json)) json.forEach((v, i) => numbers(v, `${path}[${i}]`, into));
  else if (json !== null && typeof json === "object") {
    for (const [k, v] of Object.entries(json)) {
      if (COMPARED.has(k) && (typeof v === "number" || v === null)) into.push([`${path}.${k}`, v]);
      else numbers(v, `${path}.${k}`, into);
    }
  }
  return into;
}

const close = (a: number | null, b: number | null): boolean =>
  a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

/**
 * Whether the two answers carry the same numbers: the same fields in the same order, or else the same values per
 * field name in another order (`reordered`); `differs` says what differs.
 */
function compareNumbers(before: string, after: string): { differs: string | null; reordered: boolean } {
  const a = numbers((JSON.parse(before) as { data: unknown }).data);
  const b = numbers((JSON.parse(after) as { data: unknown }).data);
  if (a.length !== b.length) {
    return {
      differs: `${a.length} numbers before, ${b.length} after (e.g. before ${JSON.stringify(a.slice(0, 2))}, after ${JSON.stringify(b.slice(0, 2))})`,
      reordered: false,
    };
  }
  const inOrder = a.every(([pa, va], i) => {
    const [pb, vb] = b[i] as [string, number | null];
    return pa === pb && close(va, vb);
  });
  if (inOrder) return { differs: null, reordered: false };
  // The same values per field name, whatever their order.
  const byField = (list: [string, number | null][]): Map<string, number[]> => {
    const map = new Map<string, number[]>();
    for (const [path, v] of list) {
      const field = path.slice(path.lastIndexOf(".") + 1);
      map.set(field, [...(map.get(field) ?? []), v ?? Number.NEGATIVE_INFINITY]);
    }
    for (const values of map.values()) values.sort((x, y) => x - y);
    return map;
  };
  const fa = byField(a);
  const fb = byField(b);
  for (const [field, va] of fa) {
    const vb = fb.get(field) ?? [];
    const i = va.findIndex((v, k) => !close(v, vb[k] ?? Number.NaN));
    if (va.length !== vb.length || i >= 0) {
      return {
        differs: `${field}: ${va.length} values before, ${vb.length} after; sorted, the first difference is ${String(va[i])} before, ${String(vb[i])} after`,
        reordered: false,
      };
    }
  }
  return { differs: null, reordered: true };
}

function answerError(status: number, text: string): string | null {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 300)}`;
  const parsed = JSON.parse(text) as { errors?: { message: string }[]; data?: unknown };
  if (parsed.errors !== undefined)
    return parsed.errors
      .map((e) => e.message)
      .join("; ")
      .slice(0, 300);
  if (parsed.data == null) return "no data";
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

interface Measurement {
  readonly dataset: Dataset;
  readonly kind: Kind5;
  readonly variant: Variant;
  readonly connections: number;
  readonly round: number;
  readonly position: number;
  readonly stats: LoadStats;
}

interface DatasetResult {
  readonly dataset: Dataset;
  readonly warehouses: Record<Side, string>;
  readonly factRows: string;
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly operations: ReadonlyArray<{
    kind: Kind5;
    description: string;
    bytes: Partial<Record<Variant, number>>;
    firstMs: Partial<Record<Variant, number>>;
    /** The statements one request runs (captured in process by each checkout's bench/api-sql-worker.ts). */
    statements: Partial<Record<Side, ReadonlyArray<{ rows: number; sqlChars: number }>>>;
    /** When the two versions list the same numbers in another order. */
    reordered: boolean;
    /** Why it was not measured (an error, or the two versions' numbers differ). */
    skipped: string | null;
  }>;
  /** Why the plain SQL was not measured, if it was not. */
  readonly sqlNote: string | null;
  readonly measurements: ReadonlyArray<Measurement>;
}

const load1 = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

/** bench/<file> of the side's checkout: this working tree's, or the base checkout's. */
async function benchModule<T>(side: Side, file: string, current: T): Promise<T> {
  if (side === "after") return current;
  return (await import(pathToFileURL(join(BASE, "bench", file)).href)) as T;
}

async function startServer(
  side: Side,
  dataset: Dataset,
  w: { path: string; dataDir: string },
): Promise<ApiServer> {
  const { startApiServer } = await benchModule(side, "api-server.ts", {
    startApiServer: startCurrentServer,
  });
  const server = await startApiServer({
    warehousePath: w.path,
    dataDir: w.dataDir,
    env: { KC_RESULT_CACHE_ENTRIES: "0" },
    nodeFlags:
      values["cpu-prof"] && side === "after"
        ? [
            "--cpu-prof",
            "--cpu-prof-dir",
            join(OUT, "profiles"),
            "--cpu-prof-name",
            `api-before-after-${dataset}-after.cpuprofile`,
          ]
        : [],
    log: (line: string) => log(`[${side}] ${line}`),
  } satisfies StartApiServerOptions);
  log(`[${dataset}] ${side}: pid ${server.pid} at ${server.graphqlUrl} (${w.path})`);
  return server;
}

/**
 * The side's plain-SQL process (its checkout's bench/api-sql-worker.ts, which imports that checkout's src/), run
 * from that checkout so that tsx reads its tsconfig (decorators).
 */
async function startSql(side: Side, warehousePath: string): Promise<SqlBaseline> {
  const { startSqlBaseline } = await benchModule(side, "api-sql-baseline.ts", {
    startSqlBaseline: startCurrentSql,
  });
  const cwd = process.cwd();
  process.chdir(CHECKOUT[side]);
  try {
    return await startSqlBaseline(warehousePath);
  } finally {
    process.chdir(cwd);
  }
}

/** The operation as bench/api-sql-worker.ts takes it. */
function asApiOperation(o: Operation): ApiOperation {
  const { query, operationName, variables } = JSON.parse(o.body) as {
    query: string;
    operationName: string;
    variables: Record<string, unknown>;
  };
  return {
    kind: o.kind as ApiOperation["kind"],
    description: o.description,
    operationName,
    query,
    variables,
  };
}

const variantsOf = (o: Operation, sql: boolean): Variant[] => [
  "before",
  "after",
  ...(o.provenanceBody === null ? [] : (["afterProvenance"] as const)),
  ...(sql && o.kind !== "floor" ? (["beforeSql", "afterSql"] as const) : []),
];

async function measureDataset(dataset: Dataset): Promise<DatasetResult> {
  if (dataset === "synthetic-activities") {
    warehouse("before", "synthetic"); // the synthetic folder it is summed from
    await ensureActivityTotals();
  }
  const w = { before: warehouse("before", dataset), after: warehouse("after", dataset) };
  const ops = await operations(dataset);
  const servers: Partial<Record<Side, ApiServer>> = {};
  const sqls: Partial<Record<Side, SqlBaseline>> = {};
  const loadStart = load1();
  try {
    servers.before = await startServer("before", dataset, w.before);
    servers.after = await startServer("after", dataset, w.after);
    const urlOf = (v: Variant): string => (v === "before" ? servers.before : servers.after)?.graphqlUrl ?? "";
    const bodyOf = (o: Operation, v: Variant): string =>
      v === "afterProvenance" ? (o.provenanceBody ?? "") : o.body;
    // First answers: no errors, the two versions' numbers equal, and each variant's body, which every later
    // response of that server must repeat byte for byte.
    const expected = new Map<string, string>();
    const described: Array<DatasetResult["operations"][number]> = [];
    const measured: Operation[] = [];
    for (const o of ops) {
      const variants = variantsOf(o, false);
      const bytes: Partial<Record<Variant, number>> = {};
      const firstMs: Partial<Record<Variant, number>> = {};
      let skipped: string | null = null;
      let reordered = false;
      for (const v of variants) {
        const t0 = performance.now();
        const { status, text } = await postOnce(urlOf(v), bodyOf(o, v));
        firstMs[v] = performance.now() - t0;
        const error = answerError(status, text);
        if (error !== null) skipped ??= `${VARIANT_LABEL[v]} answered with an error: ${error}`;
        bytes[v] = Buffer.byteLength(text);
        expected.set(`${o.kind}/${v}`, text);
      }
      if (skipped === null) {
        const c = compareNumbers(
          expected.get(`${o.kind}/before`) ?? "",
          expected.get(`${o.kind}/after`) ?? "",
        );
        if (c.differs !== null) skipped = `the two versions answer different numbers: ${c.differs}`;
        reordered = c.reordered;
      }
      if (skipped === null && o.provenanceBody !== null) {
        const c = compareNumbers(
          expected.get(`${o.kind}/after`) ?? "",
          expected.get(`${o.kind}/afterProvenance`) ?? "",
        );
        if (c.differs !== null || c.reordered) {
          skipped = `alternatives and notes change the numbers: ${c.differs ?? "their order"}`;
        }
      }
      log(
        `  ${o.kind}: ${variants.map((v) => `${v} ${bytes[v]} bytes, first ${firstMs[v]?.toFixed(1)} ms`).join("; ")}${reordered ? " (same numbers, another order)" : ""}${skipped === null ? "" : ` — NOT MEASURED: ${skipped}`}`,
      );
      described.push({
        kind: o.kind,
        description: o.description,
        bytes,
        firstMs,
        statements: {},
        reordered,
        skipped,
      });
      if (skipped === null) measured.push(o);
    }
    // The plain SQL of each side: the statements its resolvers run, captured in process, run alone.
    let sqlNote: string | null = values["no-sql"] ? "not asked for (--no-sql)" : null;
    if (sqlNote === null) {
      try {
        for (const side of ["before", "after"] as const) {
          sqls[side] = await startSql(side, w[side].path);
          const captured = await (sqls[side] as SqlBaseline).capture(measured.map(asApiOperation));
          for (const d of described) {
            const statements = captured.queries[d.kind];
            if (statements !== undefined) {
              d.statements[side] = statements.map((s) => ({ rows: s.rows, sqlChars: s.sql.length }));
            }
          }
        }
      } catch (error) {
        sqlNote = `the SQL could not be captured: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
        log(`  plain SQL: ${sqlNote}`);
      }
    }
    const withSql = sqlNote === null;
    const load = async (o: Operation, v: Variant, connections: number, s: number): Promise<LoadStats> => {
      if (v === "beforeSql" || v === "afterSql") {
        const side = v === "beforeSql" ? "before" : "after";
        return (sqls[side] as SqlBaseline).run(o.kind as ApiOperation["kind"], "duckdb", connections, s);
      }
      const stats = await httpLoad({
        url: urlOf(v),
        body: bodyOf(o, v),
        expectBody: expected.get(`${o.kind}/${v}`) ?? "",
        connections,
        seconds: s,
      });
      // Requests autocannon left queued in the server: one more waits behind them, so the next window starts idle.
      await postOnce(urlOf(v), bodyOf(o, v));
      return stats;
    };
    for (const o of measured) for (const v of variantsOf(o, withSql)) await load(o, v, 16, warmupSeconds);
    const measurements: Measurement[] = [];
    for (let round = 1; round <= rounds; round++) {
      log(`[${dataset}] round ${round} of ${rounds} (load ${load1()})`);
      let cell = 0;
      for (const o of measured) {
        for (const connections of connectionCounts) {
          // before first in half the cells, after first in the other half; swapped in the next round.
          const forward = (cell++ + round) % 2 === 0;
          const all = variantsOf(o, withSql);
          const windows = new Map<Variant, LoadStats[]>();
          for (let window = 0; window < interleave; window++) {
            const order = forward === (window % 2 === 0) ? all : [...all].reverse();
            for (const [position, v] of order.entries()) {
              const stats = await load(o, v, connections, seconds / interleave);
              measurements.push({ dataset, kind: o.kind, variant: v, connections, round, position, stats });
              windows.set(v, [...(windows.get(v) ?? []), stats]);
            }
          }
          const line = [...windows].map(([v, ws]) => {
            const completed = ws.reduce((n, w) => n + w.completed, 0);
            const time = ws.reduce((n, w) => n + w.seconds, 0);
            const failures = ws.reduce((n, w) => n + w.failures, 0);
            const p50 = ws.map((w) => w.p50Ms).sort((a, b) => a - b)[Math.floor(ws.length / 2)] ?? NaN;
            return `${v} ${(completed / time).toFixed(1)}/s p50 ${p50.toFixed(2)} ms${failures > 0 ? ` (${failures} FAILED)` : ""}`;
          });
          log(`  ${o.kind} c=${connections}: ${line.join("; ")}`);
        }
      }
    }
    const facts = { before: await factCount(w.before.path), after: await factCount(w.after.path) };
    const factRows = (["before", "after"] as const)
      .map((side) => `${side} ${facts[side]?.toLocaleString("en") ?? "?"}`)
      .join(", ");
    return {
      dataset,
      warehouses: { before: w.before.path, after: w.after.path },
      factRows,
      loadAverage: { start: loadStart, end: load1() },
      operations: described,
      sqlNote,
      measurements,
    };
  } finally {
    for (const side of ["before", "after"] as const) {
      await sqls[side]?.close();
      await servers[side]?.stop();
    }
  }
}

/** The funding facts of a warehouse, from its ETL run history (`<warehouse>.runs.jsonl`, the last load). */
async function factCount(warehousePath: string): Promise<number | null> {
  try {
    const last = (await readRunLog(warehousePath)).filter(isLoadRun).at(-1);
    return (JSON.parse(last?.rows_per_table ?? "{}") as { funding_fact?: number }).funding_fact ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

interface Summary {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly failures: number;
}

/** Over the rounds: completed ÷ time, and the median of the rounds' medians. */
function summarize(ms: ReadonlyArray<Measurement>): Summary | null {
  if (ms.length === 0) return null;
  const completed = ms.reduce((s, m) => s + m.stats.completed, 0);
  const time = ms.reduce((s, m) => s + m.stats.seconds, 0);
  const p50s = ms.map((m) => m.stats.p50Ms).sort((a, b) => a - b);
  const mid = Math.floor(p50s.length / 2);
  const p50 =
    p50s.length % 2 === 1 ? (p50s[mid] as number) : ((p50s[mid - 1] as number) + (p50s[mid] as number)) / 2;
  return { perSecond: completed / time, p50Ms: p50, failures: ms.reduce((s, m) => s + m.stats.failures, 0) };
}

const fmtRate = (n: number): string =>
  n >= 100 ? n.toLocaleString("en", { maximumFractionDigits: 0 }) : n.toFixed(1);
const fmtMs = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const fmtRatio = (n: number): string => `${n.toFixed(2)}×`;

interface Row {
  readonly kind: Kind5;
  readonly connections: number;
  readonly summaries: Readonly<Record<Variant, Summary | null>>;
  /** after ÷ before req/s over all rounds, and per round. */
  readonly ratio: number;
  readonly roundRatios: ReadonlyArray<number>;
}

function rowsOf(r: DatasetResult): Row[] {
  const out: Row[] = [];
  const kindsMeasured = [...new Set(r.measurements.map((m) => m.kind))];
  for (const kind of kindsMeasured) {
    for (const connections of connectionCounts) {
      const pick = (v: Variant) =>
        r.measurements.filter((m) => m.kind === kind && m.connections === connections && m.variant === v);
      const summaries = {
        before: summarize(pick("before")),
        after: summarize(pick("after")),
        afterProvenance: summarize(pick("afterProvenance")),
        beforeSql: summarize(pick("beforeSql")),
        afterSql: summarize(pick("afterSql")),
      };
      if (summaries.before === null || summaries.after === null) continue;
      const roundRatios = pick("after").map((a) => {
        const b = pick("before").find((m) => m.round === a.round);
        return b === undefined ? Number.NaN : a.stats.perSecond / b.stats.perSecond;
      });
      out.push({
        kind,
        connections,
        summaries,
        ratio: summaries.after.perSecond / summaries.before.perSecond,
        roundRatios,
      });
    }
  }
  return out;
}

const DATASET_HEADING: Record<Dataset, string> = {
  published: "Published data",
  synthetic: `Synthetic data: ${rowsLabel(rows as number)} project figures`,
  "synthetic-activities": `Synthetic data summed per activity (from the ${rowsLabel(rows as number)} project figures)`,
};

function formatSection(
  results: ReadonlyArray<DatasetResult>,
  meta: { started: Date; finished: Date; baseCommit: string; afterCommit: string; dirty: number },
): string {
  const m = machineInfo();
  const lines: string[] = [];
  const utc = (d: Date): string => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  lines.push(
    `Measured by \`npx tsx bench/api-before-after.ts --base <checkout>\`, ${utc(meta.started)} to ${utc(meta.finished)} on ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}; Node ${m.node}; @duckdb/node-api ${m.duckdbNodeApi}. Load average (1 min) ${m.loadAverage} at the start: a shared, busy machine, so read the ratios, not the absolute numbers.`,
    "",
    `**before** is commit ${meta.baseCommit} (a git worktree with the same node_modules), **after** is ${meta.afterCommit}${meta.dirty > 0 ? ` with the working tree's uncommitted changes (${meta.dirty} files) as they were when the server started` : ""}. Each side runs its own src/server/main.ts in a child process (NODE_ENV=production, UV_THREADPOOL_SIZE=16, KC_POOL_SIZE=4, KC_RESULT_CACHE_ENTRIES=0, so every request runs its SQL) on a warehouse its own ETL built from the same inputs. Both servers stay up throughout. autocannon runs in the benchmark process on the same cores and repeats one request for ${seconds} s per cell${interleave > 1 ? `, in ${interleave} windows of ${(seconds / interleave).toFixed(2)} s with the variants alternating window by window (so that both sides meet the same load on a busy machine)` : ""}, for ${rounds} round(s). Which side goes first alternates per cell${interleave > 1 ? " and window" : ""} and swaps between rounds. Every response must equal that server's first byte for byte. Before measuring, the two sides' first answers are compared: they must have no GraphQL errors and the same numbers (value, amount, factCount, ratePercent, sharePercent, plan, executed, change, index, cagr, …). An operation whose numbers differ is not measured and is listed with the difference. The requests select only fields both schemas have: the api bench's operations from schema/operations, which did not change between the two commits, plus \`FundingSlice\` and \`ExecutionRate\` from the same files. **after + prov.** is the after server with \`alternatives { … }\` and \`quality { notes }\` added to every summed figure (trend points, share parts and whole, compared totals, slice rows, rates). **SQL** is the statements each side's resolvers run (captured in process by that checkout's bench/api-sql-worker.ts), run alone with @duckdb/node-api on a pool of 4, with as many in flight as there are connections.`,
    "",
    "req/s and q/s: completed requests over all rounds ÷ their time; p50: the median of the rounds' medians. **after ÷ before** is the ratio of req/s (below 1 means after is slower; ⚠ below 0.9), with each round's ratio beside it. **SQL after ÷ before** is the same for the SQL alone, and **prov. ÷ after** compares the provenance fields with the plain after request.",
  );
  for (const r of results) {
    lines.push(
      "",
      `### ${DATASET_HEADING[r.dataset]}`,
      "",
      `Warehouses: before \`${r.warehouses.before}\`, after \`${r.warehouses.after}\` (funding facts: ${r.factRows}). Load average ${r.loadAverage.start} at the start, ${r.loadAverage.end} at the end.${r.sqlNote === null ? "" : ` Plain SQL: ${r.sqlNote}.`}`,
      "",
    );
    for (const o of r.operations) {
      const first = (["before", "after", "afterProvenance"] as const)
        .filter((v) => o.firstMs[v] !== undefined)
        .map(
          (v) =>
            `${v === "afterProvenance" ? "after + prov." : v} ${o.bytes[v]} bytes (first request ${fmtMs(o.firstMs[v] as number)} ms)`,
        )
        .join(", ");
      const statements = (["before", "after"] as const)
        .filter((side) => o.statements[side] !== undefined)
        .map(
          (side) =>
            `${side} ${o.statements[side]?.length} (rows ${o.statements[side]?.map((s) => s.rows).join(" + ")})`,
        )
        .join(", ");
      lines.push(
        `- \`${o.kind}\`: ${o.description}. ${first}.${statements === "" ? "" : ` Statements per request: ${statements}.`}${o.reordered ? " The same numbers in another order." : ""}${o.skipped === null ? "" : ` **Not measured**: ${o.skipped}.`}`,
      );
    }
    lines.push(
      "",
      "| operation | conns | before req/s | p50 ms | after req/s | p50 ms | **after ÷ before** (rounds) | SQL before q/s | SQL after q/s | **SQL after ÷ before** | after + prov. req/s | p50 ms | prov. ÷ after |",
      "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    );
    for (const row of rowsOf(r)) {
      const s = row.summaries;
      const failures = (Object.values(s) as Array<Summary | null>).reduce(
        (n, x) => n + (x?.failures ?? 0),
        0,
      );
      const after = s.after as Summary;
      const before = s.before as Summary;
      const cell = (x: Summary | null, f: (x: Summary) => string): string => (x === null ? "—" : f(x));
      lines.push(
        `| \`${row.kind}\`${failures > 0 ? ` (${failures} failed)` : ""} | ${row.connections} | ${fmtRate(before.perSecond)} | ${fmtMs(before.p50Ms)} | ${fmtRate(after.perSecond)} | ${fmtMs(after.p50Ms)} | **${fmtRatio(row.ratio)}**${row.ratio < 0.9 ? " ⚠" : ""} (${row.roundRatios.map((x) => x.toFixed(2)).join(", ")}) | ${cell(s.beforeSql, (x) => fmtRate(x.perSecond))} | ${cell(s.afterSql, (x) => fmtRate(x.perSecond))} | ${s.beforeSql === null || s.afterSql === null ? "—" : `**${fmtRatio(s.afterSql.perSecond / s.beforeSql.perSecond)}**`} | ${cell(s.afterProvenance, (x) => fmtRate(x.perSecond))} | ${cell(s.afterProvenance, (x) => fmtMs(x.p50Ms))} | ${cell(s.afterProvenance, (x) => fmtRatio(x.perSecond / after.perSecond))} |`,
      );
    }
  }
  lines.push("", "Raw numbers: bench/out/api-before-after.json.");
  return lines.join("\n");
}

const SECTION_ID = "api-before-after";
const HEADING = "Semantic-model rebuild: API before and after, side by side";

/** Replaces this script's part of its BENCHMARKS.md section (between its markers), or appends the section. */
async function recordSection(text: string): Promise<void> {
  const path = join(ROOT, "BENCHMARKS.md");
  const begin = `<!-- bench:${SECTION_ID}:begin (written by npx tsx bench/api-before-after.ts; edits inside are overwritten) -->`;
  const end = `<!-- bench:${SECTION_ID}:end -->`;
  const current = await readFile(path, "utf8");
  const section = `${begin}\n${text.trim()}\n${end}`;
  const pattern = new RegExp(
    `<!-- bench:${SECTION_ID}:begin[^\\n]*-->[\\s\\S]*?<!-- bench:${SECTION_ID}:end -->`,
  );
  const next = pattern.test(current)
    ? current.replace(pattern, () => section)
    : `${current.trimEnd()}\n\n## ${HEADING}\n\n${section}\n`;
  await writeFile(`${path}.tmp`, next);
  await rename(`${path}.tmp`, path);
}

// ---------------------------------------------------------------------------------------------------------------

const git = (cwd: string, ...args: string[]): string =>
  spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8" }).stdout.trim();
const baseCommit = git(BASE, "rev-parse", "--short", "HEAD") || "(not a git checkout)";
const afterCommit = git(ROOT, "rev-parse", "--short", "HEAD") || "(not a git checkout)";
// Uncommitted changes the after server runs with (BENCHMARKS.md, which this script writes, does not count).
const dirty = git(ROOT, "status", "--porcelain")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.endsWith(" BENCHMARKS.md")).length;
const started = new Date();
const machine = machineInfo();
log(
  `${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}, load ${machine.loadAverage}; before ${baseCommit} (${BASE}), after ${afterCommit} + ${dirty} changed files (${ROOT})`,
);
await mkdir(join(OUT, "profiles"), { recursive: true });
const results: DatasetResult[] = [];
for (const dataset of datasets) results.push(await measureDataset(dataset));
const finished = new Date();
await writeFile(
  join(OUT, "api-before-after.json"),
  `${JSON.stringify({ machine, started, finished, baseCommit, afterCommit, dirty, seconds, rounds, results }, null, 2)}\n`,
);
const section = formatSection(results, { started, finished, baseCommit, afterCommit, dirty });
console.log(section);
if (!values["no-record"]) {
  await recordSection(section);
  log(`updated BENCHMARKS.md (section ${HEADING})`);
}
