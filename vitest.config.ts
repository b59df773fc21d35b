import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql 16 ships CJS (main) and ESM (module) without an exports map: Node loads one, Vite the other.
  // One alias keeps type-graphql, Apollo and the tests on the same copy ("another module or realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }] },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
    env: { TZ: "UTC" },
    testTimeout: 60_000,
    // expect.poll waits up to 10 s (vitest's default is 1 s): browser and process tests poll pages and servers
    // that a busy 2-core machine can take seconds to update.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
