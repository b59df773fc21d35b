// The one test command (README, .ci/run): installs Debian's chromium (browser tests) and nginx (the replicas
// test) when missing, then generates the typed operations (codegen.yml), type-checks, lints, checks formatting, builds the web UI and runs every
// vitest suite (which also checks that schema/schema.graphql matches the code).
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const run = (cmd) => {
  console.log(`\n$ ${cmd}`);
  const r = spawnSync(cmd, { stdio: "inherit", shell: true });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Debian packages the tests run for real: chromium (browser tests) and nginx (test/scripts/serve-replicas.test.ts).
const missing = [
  ["chromium", "/usr/bin/chromium"],
  ["nginx", "/usr/sbin/nginx"],
].filter(([, path]) => !existsSync(path));
if (missing.length > 0) {
  const sudo = process.getuid?.() === 0 ? "" : "sudo ";
  const names = missing.map(([name]) => name).join(" ");
  console.log(`Debian's ${names} missing: installing for the tests.`);
  execSync(
    `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${names}`,
    { stdio: "inherit" },
  );
}
run("npm run --silent codegen");
run("npm run --silent check:types");
run("npm run --silent check:lint");
run("npm run --silent check:format");
run("npm run --silent build:web");
run("npx vitest run");
