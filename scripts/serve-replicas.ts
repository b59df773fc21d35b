/**
 * npm run serve:replicas -- [--replicas N] [--port P] [--db FILE] [--notebooks DIR] [--dir DIR]
 *
 * The layout of docs/deploy.md on this one machine, for trying it and for tests: Debian's nginx on port P in
 * front of one writer (port P+1: serves --db, runs reloads and notebook changes, publishes every snapshot it
 * serves to a snapshot store) and N read replicas (ports P+2…P+1+N: follow the store, never write). The nginx
 * configuration is deploy/nginx/khuyen-cong.conf with the lines marked `serve:replicas` rewritten for these
 * addresses. Everything it makes (store, replica copies, nginx's files) goes to --dir (default: a new folder in
 * the system's temporary folder). Ctrl-C stops nginx, then the replicas, then the writer.
 * Exit codes: 0 after a stop, 1 when something could not start (the sentence says what), 2 on bad usage.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const USAGE =
  "Usage: npm run serve:replicas -- [--replicas N] [--port P] [--db FILE] [--notebooks DIR] [--dir DIR]";
const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((path) => existsSync(path));

let args;
try {
  args = parseArgs({
    options: {
      replicas: { type: "string", default: "2" },
      port: { type: "string", default: "8080" },
      db: { type: "string", default: ".warehouse/khuyen-cong.duckdb" },
      notebooks: { type: "string", default: "notebooks" },
      dir: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const replicas = Number(args.replicas);
const port = Number(args.port);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 16) {
  console.error(`--replicas is "${args.replicas}": give a whole number from 1 to 16.\n${USAGE}`);
  process.exit(2);
}
if (!Number.isInteger(port) || port < 1 || port + 1 + replicas > 65_535) {
  console.error(`--port is "${args.port}": give a port with ${replicas + 1} free ports after it.\n${USAGE}`);
  process.exit(2);
}
if (NGINX === undefined) {
  console.error(
    "nginx is not installed: install Debian's package with `apt-get install -y nginx`, then try again.",
  );
  process.exit(1);
}

const dir = resolve(args.dir ?? (await mkdtemp(join(tmpdir(), "kc-replicas-"))));
const store = join(dir, "store");
const nginxDir = join(dir, "nginx");
await mkdir(store, { recursive: true });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? "16",
  // One release and one pair of tokens for every process: same ETags, and a session valid on the writer.
  KC_RELEASE: process.env.KC_RELEASE ?? randomBytes(9).toString("base64url"),
  KC_ADMIN_TOKEN: process.env.KC_ADMIN_TOKEN ?? randomBytes(24).toString("base64url"),
  KC_WRITE_TOKEN: process.env.KC_WRITE_TOKEN ?? randomBytes(24).toString("base64url"),
};
const children: Array<{ name: string; child: ChildProcess }> = [];
let stopping = false;

/** Starts `src/server/main.ts` with `flags`; resolves when it prints its health address. */
function startServer(name: string, flags: ReadonlyArray<string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts", ...flags], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push({ name, child });
  return new Promise((resolveStart, reject) => {
    let ready = false;
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.setEncoding("utf8");
      let partial = "";
      stream.on("data", (chunk: string) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          console.log(`[${name}] ${line}`);
          if (!ready && /Health: /.test(line)) {
            ready = true;
            console.log(`${name} (pid ${child.pid}) ready`);
            resolveStart(child);
          }
        }
      });
    }
    child.once("exit", (code, signal) => {
      if (!ready)
        reject(new Error(`The ${name} stopped before it was ready (${signal ?? `exit code ${code}`}).`));
      else if (!stopping)
        console.log(`${name} (pid ${child.pid}) stopped (${signal ?? `exit code ${code}`}).`);
    });
  });
}

/** deploy/nginx/khuyen-cong.conf with the addresses, port and cache folder of this machine. */
async function nginxConfig(): Promise<string> {
  const site = await readFile(join(ROOT, "deploy/nginx/khuyen-cong.conf"), "utf8");
  const replicaLines = Array.from(
    { length: replicas },
    (_, i) => `    server 127.0.0.1:${port + 2 + i} max_fails=2 fail_timeout=5s;`,
  ).join("\n");
  let replicasWritten = false;
  const lines = site.split("\n").flatMap((line) => {
    const mark = /# serve:replicas (\w+)$/.exec(line)?.[1];
    if (mark === undefined) return [line];
    if (mark === "replica") {
      if (replicasWritten) return [];
      replicasWritten = true;
      return [replicaLines];
    }
    if (mark === "writer") return [line.replace(/\d+\.\d+\.\d+\.\d+:\d+/, `127.0.0.1:${port + 1}`)];
    if (mark === "listen") return [`    listen 127.0.0.1:${port};`];
    if (mark === "cache")
      return [line.replace(/proxy_cache_path \S+/, `proxy_cache_path ${join(nginxDir, "cache")}`)];
    throw new Error(`deploy/nginx/khuyen-cong.conf marks a line "serve:replicas ${mark}", which is unknown.`);
  });
  await writeFile(join(nginxDir, "khuyen-cong.conf"), lines.join("\n"));
  const temp = (name: string): string => join(nginxDir, "temp", name);
  return `# Written by scripts/serve-replicas.ts: Debian's nginx, as an unprivileged process of this session.
daemon off;
worker_processes 2;
${process.getuid?.() === 0 ? "user nobody nogroup;" : ""}
pid ${join(nginxDir, "nginx.pid")};
error_log ${join(nginxDir, "error.log")} warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path ${temp("body")};
    proxy_temp_path ${temp("proxy")};
    fastcgi_temp_path ${temp("fastcgi")};
    uwsgi_temp_path ${temp("uwsgi")};
    scgi_temp_path ${temp("scgi")};
    include ${join(nginxDir, "khuyen-cong.conf")};
}
`;
}

async function stopAll(code: number): Promise<never> {
  stopping = true;
  // nginx first (QUIT: finish requests in flight), then the replicas, then the writer.
  for (const { child } of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill(child === nginx ? "SIGQUIT" : "SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
  process.exit(code);
}

let nginx: ChildProcess | undefined;
/** Flags every server gets: the notebooks folder is shared (the replicas read it, the writer changes it). */
const shared = ["--notebooks", resolve(args.notebooks)];
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    if (!stopping) void stopAll(0);
  });

try {
  await startServer("writer", [
    "--port",
    String(port + 1),
    "--db",
    resolve(args.db),
    "--publish-to",
    store,
    ...shared,
  ]);
  // The writer publishes the snapshot it serves at start; the replicas need it.
  for (let i = 0; !existsSync(join(store, "manifest.json")); i++) {
    if (i > 600) throw new Error(`The writer published no snapshot to ${store} within 60 s.`);
    await new Promise((done) => setTimeout(done, 100));
  }
  await Promise.all(
    Array.from({ length: replicas }, (_, i) =>
      startServer(`replica ${i + 1}`, [
        "--port",
        String(port + 2 + i),
        "--db",
        join(dir, `replica-${i + 1}`, "khuyen-cong.duckdb"),
        "--follow",
        store,
        ...shared,
      ]),
    ),
  );

  for (const name of ["body", "proxy", "fastcgi", "uwsgi", "scgi"])
    await mkdir(join(nginxDir, "temp", name), { recursive: true });
  await mkdir(join(nginxDir, "cache"), { recursive: true });
  const config = await nginxConfig();
  await writeFile(join(nginxDir, "nginx.conf"), config);
  if (process.getuid?.() === 0) {
    // nginx's workers run as nobody: they need the temporary and cache folders, nothing else.
    await chmod(dir, 0o755);
    await chmod(nginxDir, 0o755);
    for (const sub of [
      "temp",
      "cache",
      ...["body", "proxy", "fastcgi", "uwsgi", "scgi"].map((n) => `temp/${n}`),
    ])
      await chown(join(nginxDir, sub), 65_534, 65_534);
  }
  const check = spawnSync(NGINX, ["-t", "-q", "-p", nginxDir, "-c", join(nginxDir, "nginx.conf")], {
    encoding: "utf8",
  });
  if (check.status !== 0) throw new Error(`nginx refuses the configuration: ${check.stderr.trim()}`);
  nginx = spawn(NGINX, ["-p", nginxDir, "-c", join(nginxDir, "nginx.conf")], { stdio: "inherit" });
  children.push({ name: "nginx", child: nginx });
  nginx.once("exit", (code, signal) => {
    if (!stopping) {
      console.error(`nginx stopped (${signal ?? `exit code ${code}`}); stopping the servers.`);
      void stopAll(1);
    }
  });
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 100)
      throw new Error(`nginx does not answer on port ${port}; see ${join(nginxDir, "error.log")}.`);
    await new Promise((done) => setTimeout(done, 100));
  }
  console.log(
    [
      `nginx (pid ${nginx.pid}) on http://localhost:${port}/ in front of the writer (port ${port + 1}) and ` +
        `${replicas} read replica(s) (ports ${port + 2}-${port + 1 + replicas}); files in ${dir}`,
      `Snapshot store: ${store} (the writer publishes each snapshot it serves; the replicas follow it)`,
      `Admin token: ${env.KC_ADMIN_TOKEN}   Write token: ${env.KC_WRITE_TOKEN}`,
      `Ready.`,
    ].join("\n"),
  );
} catch (error) {
  console.error((error as Error).message);
  await stopAll(1);
}
