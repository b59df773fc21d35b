import { resolve } from "node:path";
import { defineConfig } from "vite";

// Two pages built into src/web/dist and served by src/server: the notebook UI at / and GraphiQL at
// /playground/. base './' keeps every asset URL relative, so nothing depends on where the server mounts them,
// and nothing is fetched from a CDN (Monaco's workers are bundled through graphiql/setup-workers/vite).
// public/ holds what must keep its name, copied as is: favicon.ico, which browsers ask the site's root for.
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  publicDir: resolve(import.meta.dirname, "public"),
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      input: {
        index: resolve(import.meta.dirname, "index.html"),
        playground: resolve(import.meta.dirname, "playground/index.html"),
      },
      onwarn(warning, warn) {
        // graphiql's and react's "use client" directives mean nothing in this bundle.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  worker: { format: "es" },
});
