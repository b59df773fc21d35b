// Lint enforces the layer rules of docs/architecture.md: lower layers never import higher ones.
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const layer = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "src/web/dist/",
      "src/generated/",
      "data/",
      "bench/out/",
      "test/.tmp/",
    ],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })] },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            layer(
              "./src/shared",
              [
                "./src/warehouse",
                "./src/analytics",
                "./src/graphql",
                "./src/server",
                "./src/web",
                "./src/notebook",
                "./src/model",
                "./etl",
              ],
              "src/shared depends on nothing of ours.",
            ),
            layer(
              "./src/model",
              [
                "./src/warehouse",
                "./src/analytics",
                "./src/graphql",
                "./src/server",
                "./src/web",
                "./src/notebook",
                "./etl",
              ],
              "src/model (the vocabularies and dimensions) may import only src/shared.",
            ),
            layer(
              "./src/warehouse",
              ["./src/analytics", "./src/graphql", "./src/server", "./src/web", "./src/notebook", "./etl"],
              "src/warehouse may import only src/shared and src/model.",
            ),
            layer(
              "./src/analytics",
              ["./src/graphql", "./src/server", "./src/web", "./src/notebook", "./etl"],
              "src/analytics may import src/shared and src/warehouse types.",
            ),
            layer(
              "./src/graphql",
              ["./src/server", "./src/web", "./etl"],
              "src/graphql may import analytics, warehouse and shared.",
            ),
            layer(
              "./src/server",
              ["./src/web"],
              "src/server serves the built web UI, it never imports its sources.",
            ),
            layer(
              "./src/notebook",
              ["./src/warehouse", "./src/analytics", "./src/graphql", "./src/server", "./src/web", "./etl"],
              "src/notebook (the format) may import only src/shared and src/model.",
            ),
            layer(
              "./src/web",
              ["./src/warehouse", "./src/analytics", "./src/graphql", "./src/server", "./etl"],
              "src/web runs in the browser: it may import src/shared, src/model, src/notebook and schema/ only.",
            ),
            layer(
              "./etl",
              ["./src/analytics", "./src/graphql", "./src/server", "./src/web"],
              "etl/ may import src/shared, src/model and src/warehouse only.",
            ),
            layer("./src", ["./test", "./bench"], "Nothing imports from test/ or bench/."),
          ],
        },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/server/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Only src/server reads process.env." },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/warehouse/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@duckdb/node-api", message: "Only src/warehouse talks to DuckDB." }] },
      ],
    },
  },
);
