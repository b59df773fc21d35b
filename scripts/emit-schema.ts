/**
 * npm run schema:emit: writes schema/schema.graphql from the code-first schema, sorted so that the file only
 * changes when the API does. test/graphql/schema-drift.test.ts fails when the committed file is stale.
 */
import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildAppSchema } from "../src/graphql/index.js";
import { printAppSchema } from "./print-app-schema.js";

const path = fileURLToPath(new URL("../schema/schema.graphql", import.meta.url));
await writeFile(path, printAppSchema(await buildAppSchema()), "utf8");
console.log(`Wrote ${path}`);
