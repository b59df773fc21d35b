import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { GraphQLFormattedError } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/server/create-app.js";
import { FileNotebookStore, notebookVersion } from "../../src/server/file-notebook-store.js";
import type { Logger } from "../../src/server/logger.js";
import { EtlReloadService } from "../../src/server/reload-service.js";
import { ServedSnapshots } from "../../src/server/served-snapshots.js";
import { operation } from "../support/operations.js";
import { buildTestWarehouse, DATA_DIR, PROJECT_ROOT } from "../support/test-warehouse.js";

interface Response<T> {
  readonly data: T | null | undefined;
  readonly errors: ReadonlyArray<GraphQLFormattedError> | undefined;
  readonly extensions: Record<string, unknown> | undefined;
}

interface NotebookFile {
  readonly name: string;
  readonly title: string;
  readonly text: string;
  readonly version: string;
  readonly updatedAt: string;
}

let app: App;
let snapshots: ServedSnapshots;
let reloads: EtlReloadService;
let graphqlUrl: URL;
let dir: string;
let rootDir: string;

async function execute<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Response<T>> {
  const response = await fetch(graphqlUrl, {
    method: "POST",
    // The admin token allows writes too (test/server/write-auth.test.ts checks who may write).
    headers: { "content-type": "application/json", authorization: "Bearer token" },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Response<T>;
}

const errorOf = (response: Response<unknown>): GraphQLFormattedError => {
  expect(response.errors).toHaveLength(1);
  return response.errors![0]!;
};

const NOTEBOOK = `---
title: North plan
parameters:
  region: { type: area, default: north }
---

Kế hoạch **miền Bắc**.

\`\`\`graphql id=snap
{ snapshot { hash } }
\`\`\`
`;

async function create(name: string, title = "A notebook"): Promise<NotebookFile> {
  const result = await execute<{ createNotebook: NotebookFile }>(operation("notebook-ui", "CreateNotebook"), {
    name,
    title,
  });
  expect(result.errors).toBeUndefined();
  return result.data!.createNotebook;
}

async function save(
  name: string,
  text: string,
  baseVersion: string,
): Promise<Response<{ saveNotebook: NotebookFile }>> {
  return execute(operation("notebook-ui", "SaveNotebook"), { name, text, baseVersion });
}

beforeAll(async () => {
  const warehousePath = await buildTestWarehouse();
  rootDir = await mkdtemp(join(PROJECT_ROOT, "test/.tmp/notebooks-"));
  const logger: Logger = { info: () => {}, warn: () => {}, error: (m, c) => console.error(m, c) };
  snapshots = await ServedSnapshots.open(warehousePath, { poolSize: 2, queryTimeoutMs: 10_000 });
  reloads = new EtlReloadService({
    snapshots,
    projectRoot: PROJECT_ROOT,
    dataDir: DATA_DIR,
    warehousePath,
    logger,
  });
  dir = join(rootDir, "notebooks");
  app = await createApp({
    snapshots,
    reloads,
    adminToken: "token",
    webDir: join(rootDir, "no-web"),
    logger,
    notebooks: new FileNotebookStore(dir),
  });
  graphqlUrl = new URL("graphql", await app.listen(0, "127.0.0.1"));
});

afterAll(async () => {
  await app?.close();
  await reloads?.settled();
  await snapshots?.close();
  if (rootDir !== undefined) await rm(rootDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("notebooks over HTTP", () => {
  it("lists nothing when the folder does not exist yet", async () => {
    const result = await execute<{ notebooks: unknown[] }>(operation("notebook-ui", "NotebookList"));
    expect(result.data).toEqual({ notebooks: [] });
  });

  it("creates a notebook file with the title in its front matter and lists it", async () => {
    const created = await create("north-plan", "North: plan 2021–2025");
    expect(created.text).toBe('---\ntitle: "North: plan 2021–2025"\n---\n');
    expect(created.version).toBe(notebookVersion(Buffer.from(created.text)));
    expect(await readFile(join(dir, "north-plan.md"), "utf8")).toBe(created.text);
    const list = await execute<{ notebooks: unknown[] }>(operation("notebook-ui", "NotebookList"));
    expect(list.data?.notebooks).toEqual([
      {
        name: "north-plan",
        title: "North: plan 2021–2025",
        version: created.version,
        updatedAt: created.updatedAt,
        parameterCount: 0,
        cellCount: 0,
      },
    ]);
  });

  it("refuses to create a notebook whose name is taken", async () => {
    await create("taken");
    const error = errorOf(
      await execute(operation("notebook-ui", "CreateNotebook"), { name: "taken", title: "Again" }),
    );
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.message).toBe(
      'A notebook named "taken" already exists. Choose another name, or open that notebook.',
    );
  });

  it("saves text with the version it was loaded at and returns the new version", async () => {
    const created = await create("north");
    const saved = await save("north", NOTEBOOK, created.version);
    expect(saved.errors).toBeUndefined();
    expect(saved.data?.saveNotebook).toMatchObject({ name: "north", title: "North plan", text: NOTEBOOK });
    expect(saved.data?.saveNotebook.version).toBe(notebookVersion(Buffer.from(NOTEBOOK)));
    expect(await readFile(join(dir, "north.md"), "utf8")).toBe(NOTEBOOK);
    const opened = await execute<{ notebook: NotebookFile }>(operation("notebook-ui", "OpenNotebook"), {
      name: "north",
    });
    expect(opened.data?.notebook.text).toBe(NOTEBOOK);
    const list = await execute<{ notebooks: Array<Record<string, unknown>> }>(
      operation("notebook-ui", "NotebookList"),
    );
    expect(list.data?.notebooks[0]).toMatchObject({ parameterCount: 1, cellCount: 2 });
  });

  it("keeps the bytes of a CRLF file without a final newline", async () => {
    const created = await create("crlf");
    const text = NOTEBOOK.replace(/\n/g, "\r\n").trimEnd();
    const saved = await save("crlf", text, created.version);
    expect(saved.data?.saveNotebook.text).toBe(text);
    expect(await readFile(join(dir, "crlf.md"), "utf8")).toBe(text);
  });

  it("fails with CONFLICT when the file changed since the version the client loaded, and keeps the other edit", async () => {
    const created = await create("shared");
    const first = await save("shared", NOTEBOOK, created.version);
    expect(first.errors).toBeUndefined();
    const stale = await save("shared", NOTEBOOK.replace("North plan", "Mine"), created.version);
    const error = errorOf(stale);
    expect(error.extensions?.code).toBe("CONFLICT");
    expect(error.extensions?.currentVersion).toBe(first.data!.saveNotebook.version);
    expect(error.message).toMatch(
      /^Notebook "shared" changed since you loaded it \(you had version [0-9a-f]{12}, the file is now at [0-9a-f]{12}\)\. Reload it to see the other edit, or overwrite it by sending baseVersion "[0-9a-f]{64}"\.$/,
    );
    expect(await readFile(join(dir, "shared.md"), "utf8")).toBe(NOTEBOOK);
  });

  it("sees an edit made on disk by another program as a conflict", async () => {
    const created = await create("on-disk");
    await writeFile(join(dir, "on-disk.md"), NOTEBOOK);
    expect(errorOf(await save("on-disk", NOTEBOOK, created.version)).extensions?.code).toBe("CONFLICT");
  });

  it("lets exactly one of two concurrent saves from the same version win", async () => {
    const created = await create("race");
    const results = await Promise.all([
      save("race", NOTEBOOK.replace("North plan", "One"), created.version),
      save("race", NOTEBOOK.replace("North plan", "Two"), created.version),
    ]);
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? "OK").sort();
    expect(codes).toEqual(["CONFLICT", "OK"]);
  });

  it("fails with CONFLICT when saving a notebook deleted since it was loaded", async () => {
    const created = await create("gone");
    await rm(join(dir, "gone.md"));
    const error = errorOf(await save("gone", NOTEBOOK, created.version));
    expect(error.extensions?.code).toBe("CONFLICT");
    expect(error.message).toContain('Notebook "gone" was deleted or renamed since you loaded it.');
  });

  it("refuses text that does not parse, naming its line and column", async () => {
    const created = await create("broken");
    const text = "---\ntitle: Broken\nparamters:\n  region: { type: area, default: north }\n---\n";
    const error = errorOf(await save("broken", text, created.version));
    expect(error.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argumentName: "text",
      line: 3,
      column: 1,
    });
    expect(error.message).toMatch(
      /^The text in argument "text" is not a valid notebook: broken\.md:3:1: .*parameters/,
    );
    expect(await readFile(join(dir, "broken.md"), "utf8")).toBe(created.text);
  });

  it("renames a notebook at its version and refuses a taken or stale one", async () => {
    const created = await create("old-name", "Rename me");
    const renamed = await execute<{ renameNotebook: NotebookFile }>(
      operation("notebook-ui", "RenameNotebook"),
      {
        name: "old-name",
        newName: "new-name",
        baseVersion: created.version,
      },
    );
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data?.renameNotebook).toMatchObject({
      name: "new-name",
      title: "Rename me",
      version: created.version,
    });
    expect((await readdir(dir)).sort()).toEqual(["new-name.md"]);

    await create("other");
    const taken = await execute(operation("notebook-ui", "RenameNotebook"), {
      name: "new-name",
      newName: "other",
      baseVersion: created.version,
    });
    expect(errorOf(taken).message).toBe(
      'A notebook named "other" already exists. Choose another name, or open that notebook.',
    );
    const stale = await execute(operation("notebook-ui", "RenameNotebook"), {
      name: "new-name",
      newName: "third",
      baseVersion: "0".repeat(64),
    });
    expect(errorOf(stale).extensions?.code).toBe("CONFLICT");
  });

  it("deletes a notebook at its version and refuses a stale version or a missing notebook", async () => {
    const created = await create("doomed");
    const stale = await execute(operation("notebook-ui", "DeleteNotebook"), {
      name: "doomed",
      baseVersion: "f".repeat(64),
    });
    expect(errorOf(stale).extensions?.code).toBe("CONFLICT");
    const deleted = await execute(operation("notebook-ui", "DeleteNotebook"), {
      name: "doomed",
      baseVersion: created.version,
    });
    expect(deleted).toMatchObject({ data: { deleteNotebook: true } });
    expect(await readdir(dir)).toEqual([]);
    const again = await execute(operation("notebook-ui", "DeleteNotebook"), {
      name: "doomed",
      baseVersion: created.version,
    });
    expect(errorOf(again)).toMatchObject({
      message: 'There is no notebook "doomed". List them with the notebooks query.',
      extensions: { code: "NOT_FOUND" },
    });
  });

  it("returns null for a notebook that does not exist", async () => {
    const result = await execute(operation("notebook-ui", "OpenNotebook"), { name: "nothing-here" });
    expect(result.data).toEqual({ notebook: null });
  });

  it.each([["../etc/passwd"], ["North Plan"], ["a.md"], [""], ["-lead"]])(
    "refuses the unsafe name %j with BAD_USER_INPUT",
    async (name) => {
      const error = errorOf(await execute(operation("notebook-ui", "CreateNotebook"), { name, title: "X" }));
      expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "name" });
      expect(error.message).toContain("Use lower-case letters, digits and hyphens");
    },
  );

  it("suggests a slug for a name with capitals and diacritics", async () => {
    const error = errorOf(
      await execute(operation("notebook-ui", "CreateNotebook"), { name: "Kế hoạch Bắc", title: "X" }),
    );
    expect(error.message).toBe(
      'Notebook name "Kế hoạch Bắc" in argument "name" is not allowed. Use lower-case letters, digits and hyphens (a-z, 0-9, -), at most 100 characters such as "ke-hoach-bac".',
    );
  });

  it("carries the answering snapshot in extensions.snapshot of every response", async () => {
    const result = await execute<{ snapshot: { hash: string; etlRunId: string; loadedAt: string } }>(
      "{ snapshot { hash etlRunId loadedAt } }",
    );
    const { hash, etlRunId, loadedAt } = result.data!.snapshot;
    expect(result.extensions?.snapshot).toEqual({ hash, runId: etlRunId, loadedAt });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const failing = await execute("{ nope }");
    expect(failing.extensions?.snapshot).toEqual({ hash, runId: etlRunId, loadedAt });
  });
});
