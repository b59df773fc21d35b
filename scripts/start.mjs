// npm start: builds the web UI if it is missing or stale, then runs the server with tsx. UV_THREADPOOL_SIZE is set
// here, before Node starts, because @duckdb/node-api runs queries on libuv's threadpool (default 4 threads):
// with it full, express.static, fs and crypto stall behind long queries.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Newest modification time of the files the web UI is built from (its sources, the notebook library, schema/). */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "dist" || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return newest;
}

const built = join(root, "src/web/dist/index.html");
const stale =
  !existsSync(built) ||
  !existsSync(join(root, "src/web/dist/playground/index.html")) ||
  newestSource(["src/web", "src/notebook", "src/shared", "schema"].map((d) => join(root, d))) >
    statSync(built).mtimeMs;
if (stale) {
  console.log("The web UI is missing or older than its sources: running `npm run build:web`.");
  const build = spawnSync(npm, ["run", "--silent", "build:web"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? "16" };
const server = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts", ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
