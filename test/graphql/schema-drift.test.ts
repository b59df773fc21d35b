import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildAppSchema } from "../../src/graphql/index.js";
import { printAppSchema } from "../../scripts/print-app-schema.js";

describe("schema/schema.graphql", () => {
  it("matches the schema built from the code (run `npm run schema:emit` when this fails)", async () => {
    const committed = await readFile(new URL("../../schema/schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(printAppSchema(await buildAppSchema()));
  });
});
