import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { GraphQLFormattedError } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/server/config.js";
import type { Logger } from "../../src/server/logger.js";
import { startServer } from "../../src/server/start-server.js";
import { SESSION_MAX_AGE_SECONDS, WriteAccess } from "../../src/server/write-access.js";
import { operation } from "../support/operations.js";
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from "../support/test-server.js";
import { buildTestWarehouse, copyTestWarehouse, PROJECT_ROOT } from "../support/test-warehouse.js";

// Who may change notebooks, over real HTTP: reading is open; every change needs the write token (or the admin
// token) as a Bearer credential, or the browser session cookie POST /session gives for it. Also the quotas and
// the names Windows reserves, and the start that refuses a network address without a chosen write token.

const MAX_NOTEBOOKS = 3;
const MAX_BYTES = 2_000;
const NOTEBOOK = "---\ntitle: A notebook\n---\n\nText.\n";

let server: TestServer;
let dir: string;

beforeAll(async () => {
  await mkdir(join(PROJECT_ROOT, "test/.tmp"), { recursive: true });
  dir = await mkdtemp(join(PROJECT_ROOT, "test/.tmp/write-auth-"));
  server = await startTestServer({
    warehousePath: await buildTestWarehouse(),
    webDir: join(dir, "no-web"),
    notebooksDir: join(dir, "notebooks"),
    notebookQuota: { maxNotebooks: MAX_NOTEBOOKS, maxNotebookBytes: MAX_BYTES },
  });
});

afterAll(async () => {
  await server?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await rm(join(dir, "notebooks"), { recursive: true, force: true });
  await mkdir(join(dir, "notebooks"));
});

const CREATE = operation("notebook-ui", "CreateNotebook");
const SAVE = operation("notebook-ui", "SaveNotebook");
const RENAME = operation("notebook-ui", "RenameNotebook");
const DELETE = operation("notebook-ui", "DeleteNotebook");

type Headers = Readonly<Record<string, string>>;

/** createNotebook's result: the file's name and version, or the single error. */
async function create(name: string, headers: Headers = server.asWriter) {
  const result = await server.execute<{ createNotebook: { name: string; version: string } }>(
    CREATE,
    { name, title: `Notebook ${name}` },
    headers,
  );
  return { file: result.data?.createNotebook ?? null, error: onlyError(result.errors) };
}

function onlyError(errors: ReadonlyArray<GraphQLFormattedError> | undefined): GraphQLFormattedError | null {
  if (errors === undefined) return null;
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

async function files(): Promise<string[]> {
  return (await readdir(join(dir, "notebooks"))).sort();
}

async function postSession(body: string, contentType = "application/json"): Promise<Response> {
  return fetch(new URL("session", server.url), {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
}

/** `kc_session=<value>` from a POST /session answer with the write token. */
async function sessionCookie(): Promise<string> {
  const response = await postSession(JSON.stringify({ token: server.writeToken }));
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(";")[0]!;
}

function expectUnauthenticated(error: GraphQLFormattedError | null, field: string): void {
  expect(error?.extensions?.code).toBe("UNAUTHENTICATED");
  expect(error?.message).toMatch(
    new RegExp(`^${field} changes the notebooks folder, so it needs write access\\.`),
  );
  expect(error?.message).toContain("?token=");
  expect(error?.message).toContain('"Authorization: Bearer <token>"');
  expect(error?.message).toContain("KC_WRITE_TOKEN");
}

describe("reading", () => {
  it("lists and opens notebooks without any token", async () => {
    await writeFile(join(dir, "notebooks", "open.md"), NOTEBOOK);
    const list = await server.execute<{ notebooks: { name: string }[] }>("{ notebooks { name } }");
    expect(list.data).toEqual({ notebooks: [{ name: "open" }] });
    const one = await server.execute<{ notebook: { text: string } }>('{ notebook(name: "open") { text } }');
    expect(one.data?.notebook.text).toBe(NOTEBOOK);
    expect(await (await fetch(new URL("session", server.url))).json()).toEqual({ canWrite: false });
  });
});

describe("changing notebooks over the API", () => {
  it("refuses every change without a token, with UNAUTHENTICATED and how to get write access", async () => {
    await writeFile(join(dir, "notebooks", "kept.md"), NOTEBOOK);
    const version = (await server.execute<{ notebook: { version: string } }>(
      '{ notebook(name: "kept") { version } }',
    ))!.data!.notebook.version;
    expectUnauthenticated((await create("new-one", {})).error, "createNotebook");
    const save = await server.execute(SAVE, {
      name: "kept",
      text: `${NOTEBOOK}More.\n`,
      baseVersion: version,
    });
    expectUnauthenticated(onlyError(save.errors), "saveNotebook");
    const rename = await server.execute(RENAME, { name: "kept", newName: "moved", baseVersion: version });
    expectUnauthenticated(onlyError(rename.errors), "renameNotebook");
    const remove = await server.execute(DELETE, { name: "kept", baseVersion: version });
    expectUnauthenticated(onlyError(remove.errors), "deleteNotebook");
    expect(await files()).toEqual(["kept.md"]);
  });

  it("refuses a wrong token, another scheme and the token in another header", async () => {
    for (const headers of [
      { authorization: "Bearer not-the-token-at-all" } as Headers,
      { authorization: `Basic ${server.writeToken}` },
      { authorization: `Bearer ${server.writeToken}x` },
      { "x-token": server.writeToken },
      { cookie: `token=${server.writeToken}` },
    ]) {
      expectUnauthenticated((await create("nope", headers)).error, "createNotebook");
    }
    expect(await files()).toEqual([]);
  });

  it("accepts the write token and the admin token as Bearer credentials for create, save, rename and delete", async () => {
    const created = await create("by-writer");
    expect(created.error).toBeNull();
    const saved = await server.execute<{ saveNotebook: { version: string } }>(
      SAVE,
      { name: "by-writer", text: NOTEBOOK, baseVersion: created.file!.version },
      server.asWriter,
    );
    expect(saved.errors).toBeUndefined();
    const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    const renamed = await server.execute<{ renameNotebook: { version: string } }>(
      RENAME,
      { name: "by-writer", newName: "by-admin", baseVersion: saved.data!.saveNotebook.version },
      admin,
    );
    expect(renamed.errors).toBeUndefined();
    expect(await files()).toEqual(["by-admin.md"]);
    const deleted = await server.execute(
      DELETE,
      { name: "by-admin", baseVersion: renamed.data!.renameNotebook.version },
      server.asWriter,
    );
    expect(deleted.data).toEqual({ deleteNotebook: true });
    expect(await files()).toEqual([]);
  });

  it("keeps reloadWarehouse for the admin token: the write token is not enough", async () => {
    const result = await server.execute("mutation { reloadWarehouse { runId } }", {}, server.asWriter);
    expect(onlyError(result.errors)?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("the browser session (POST /session)", () => {
  it("sets an HttpOnly, SameSite=Strict cookie for the whole site that holds a signed id, not the token", async () => {
    const response = await postSession(JSON.stringify({ token: server.writeToken }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ canWrite: true });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    const [pair, ...attributes] = cookies[0]!.split(/;\s*/);
    expect(pair).toMatch(/^kc_session=\d+\.[\w-]+\.[\w-]{43}$/);
    expect(pair).not.toContain(server.writeToken);
    expect(attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "SameSite=Strict", "Path=/", `Max-Age=${SESSION_MAX_AGE_SECONDS}`]),
    );
    expect(await postSession(JSON.stringify({ token: TEST_ADMIN_TOKEN })).then((r) => r.status)).toBe(200);
  });

  it("lets a cookie session create and save, and says so at GET /session", async () => {
    const cookie = await sessionCookie();
    expect(await (await fetch(new URL("session", server.url), { headers: { cookie } })).json()).toEqual({
      canWrite: true,
    });
    const created = await create("from-browser", { cookie: `other=1; ${cookie}` });
    expect(created.error).toBeNull();
    const saved = await server.execute(
      SAVE,
      { name: "from-browser", text: NOTEBOOK, baseVersion: created.file!.version },
      { cookie },
    );
    expect(saved.errors).toBeUndefined();
    expect(await files()).toEqual(["from-browser.md"]);
  });

  it("refuses a wrong token with 401 and sets no cookie", async () => {
    const response = await postSession(JSON.stringify({ token: "guessed-token-0000" }));
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
    const body = (await response.json()) as { errors: GraphQLFormattedError[] };
    expect(body.errors[0]!.extensions?.code).toBe("UNAUTHENTICATED");
    expect(body.errors[0]!.message).toMatch(/^That token is not this server's write or admin token\. /);
  });

  it("takes the token only as JSON, which another site cannot send without a preflight", async () => {
    const token = server.writeToken;
    for (const [body, type] of [
      [`token=${token}`, "application/x-www-form-urlencoded"],
      [JSON.stringify({ token }), "text/plain"],
      [
        `--x\r\ncontent-disposition: form-data; name="token"\r\n\r\n${token}\r\n--x--`,
        "multipart/form-data; boundary=x",
      ],
    ] as const) {
      const response = await postSession(body, type);
      expect(response.status, type).toBe(415);
      expect(response.headers.getSetCookie(), type).toEqual([]);
    }
    expect((await postSession("{}")).status).toBe(400);
    expect((await postSession("{not json")).status).toBe(400);
  });

  it("lets no forged, altered, foreign or expired cookie write", async () => {
    const good = (await sessionCookie()).slice("kc_session=".length);
    const [issued, id, mac] = good.split(".");
    const flip = (text: string) => (text[0] === "A" ? "B" : "A") + text.slice(1);
    const other = new WriteAccess({ adminToken: "another-admin", writeToken: "another-server-token" });
    const now = Date.now();
    const old = new WriteAccess({
      adminToken: TEST_ADMIN_TOKEN,
      writeToken: server.writeToken,
      now: () => new Date(now - (SESSION_MAX_AGE_SECONDS + 60) * 1000),
    });
    for (const value of [
      `${issued}.${id}.${flip(mac!)}`,
      `${issued}.${flip(id!)}.${mac}`,
      `${Number(issued) + 1}.${id}.${mac}`,
      other.issueSession(),
      old.issueSession(),
      server.writeToken,
      "",
    ]) {
      expectUnauthenticated(
        (await create("forged", { cookie: `kc_session=${value}` })).error,
        "createNotebook",
      );
    }
    expect(await files()).toEqual([]);
  });

  it("signs sessions that last a week, and refuses them after", () => {
    let now = new Date("2025-01-01T00:00:00Z");
    const access = new WriteAccess({
      adminToken: "admin-token",
      writeToken: "write-token-16chars",
      now: () => now,
    });
    const value = access.issueSession();
    now = new Date(now.getTime() + (SESSION_MAX_AGE_SECONDS - 1) * 1000);
    expect(access.verifySession(value)).toBe(true);
    now = new Date(now.getTime() + 2_000);
    expect(access.verifySession(value)).toBe(false);
  });
});

describe("quotas", () => {
  it("refuses a create past the most notebooks allowed, naming the limit and KC_MAX_NOTEBOOKS", async () => {
    for (let i = 1; i <= MAX_NOTEBOOKS; i++) expect((await create(`n${i}`)).error).toBeNull();
    const { error } = await create("one-too-many");
    expect(error?.extensions).toMatchObject({
      code: "QUOTA_EXCEEDED",
      limit: MAX_NOTEBOOKS,
      setting: "KC_MAX_NOTEBOOKS",
    });
    expect(error?.message).toBe(
      `The notebooks folder already holds ${MAX_NOTEBOOKS} notebooks, the most allowed (KC_MAX_NOTEBOOKS). ` +
        "Delete a notebook you no longer need, or ask the server's operator to raise KC_MAX_NOTEBOOKS.",
    );
    expect(await files()).toHaveLength(MAX_NOTEBOOKS);
  });

  it("refuses a text larger than the limit per notebook, in bytes, naming KC_MAX_NOTEBOOK_BYTES", async () => {
    const { file } = await create("big");
    const text = `${NOTEBOOK}${"đ".repeat(1_000)}\n`; // 2 bytes each in UTF-8
    const bytes = Buffer.byteLength(text);
    const saved = await server.execute(
      SAVE,
      { name: "big", text, baseVersion: file!.version },
      server.asWriter,
    );
    const error = onlyError(saved.errors);
    expect(error?.extensions).toMatchObject({ code: "QUOTA_EXCEEDED", limit: MAX_BYTES, bytes });
    expect(error?.message).toBe(
      `Notebook "big" would be ${bytes} bytes, more than the ${MAX_BYTES}-byte limit per notebook ` +
        "(KC_MAX_NOTEBOOK_BYTES). Split it into smaller notebooks, or ask the server's operator to raise KC_MAX_NOTEBOOK_BYTES.",
    );
    const fits = `${NOTEBOOK}${"x".repeat(MAX_BYTES - Buffer.byteLength(NOTEBOOK))}`;
    const ok = await server.execute(
      SAVE,
      { name: "big", text: fits, baseVersion: file!.version },
      server.asWriter,
    );
    expect(ok.errors).toBeUndefined();
  });

  it("reads the limits from KC_MAX_NOTEBOOKS and KC_MAX_NOTEBOOK_BYTES, which must fit in a request body", () => {
    expect(loadConfig([], {})).toMatchObject({ maxNotebooks: 200, maxNotebookBytes: 65_536 });
    expect(loadConfig([], { KC_MAX_NOTEBOOKS: "5", KC_MAX_NOTEBOOK_BYTES: "4096" })).toMatchObject({
      maxNotebooks: 5,
      maxNotebookBytes: 4096,
    });
    expect(() => loadConfig([], { KC_MAX_NOTEBOOK_BYTES: "200000" })).toThrow(
      new ConfigError(
        "KC_MAX_NOTEBOOK_BYTES is 200000, more than KC_BODY_LIMIT_BYTES (102400): a notebook that large could not be sent. " +
          "Raise KC_BODY_LIMIT_BYTES too, or give a smaller KC_MAX_NOTEBOOK_BYTES.",
      ),
    );
    expect(() => loadConfig([], { KC_MAX_NOTEBOOKS: "0" })).toThrow(/KC_MAX_NOTEBOOKS is "0"/);
  });
});

describe("names Windows reserves", () => {
  it.each([
    "con",
    "prn",
    "aux",
    "nul",
    "com1",
    "com9",
    "lpt1",
    "lpt9",
    "CON",
    "Nul",
    "con.md",
    "AUX.txt",
    "com1.tar.gz",
  ])("refuses %s as a notebook name, saying why and suggesting another", async (name) => {
    const { error } = await create(name);
    expect(error?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "name" });
    expect(error?.message).toContain(
      `Notebook name "${name}" in argument "name" is a device name on Windows`,
    );
    expect(error?.message).toMatch(/Choose another name such as "[a-z0-9-]+"\.$/);
    const suggested = /such as "([a-z0-9-]+)"/.exec(error!.message)![1]!;
    expect((await create(suggested)).error).toBeNull();
    await rm(join(dir, "notebooks", `${suggested}.md`));
  });

  it("accepts names that only start like one, and lists no reserved file put there by hand", async () => {
    for (const name of ["console", "com10", "lpt0", "nul-results", "auxiliary"]) {
      if ((await files()).length === MAX_NOTEBOOKS) await rm(join(dir, "notebooks"), { recursive: true });
      expect((await create(name)).error, name).toBeNull();
    }
    await writeFile(join(dir, "notebooks", "nul.md"), NOTEBOOK);
    const list = await server.execute<{ notebooks: { name: string }[] }>("{ notebooks { name } }");
    expect(list.data?.notebooks.map((n) => n.name)).not.toContain("nul");
  });
});

describe("starting on a network address", () => {
  const logs: string[] = [];
  const logger: Logger = {
    info: (message) => logs.push(message),
    warn: (message) => logs.push(`warning: ${message}`),
    error: (message) => logs.push(`error: ${message}`),
  };
  const noEtl = () => Promise.reject(new Error("the ETL was started"));

  it("refuses --host 0.0.0.0 without a write token, in one sentence with exit code 2", async () => {
    for (const env of [{ HOST: "0.0.0.0" }, { HOST: "192.168.1.20", KC_ADMIN_TOKEN: "admin-token-chosen" }]) {
      const started = await startServer(["--port", "0"], { env, logger, runEtl: noEtl });
      expect(started).toEqual({
        state: "stopped",
        exitCode: 2,
        message:
          `--host ${env.HOST} lets other machines reach the server, so choose its write token: set KC_WRITE_TOKEN ` +
          "(or --write-token) to a secret of at least 16 characters, or pass --allow-generated-token to use a " +
          "random one printed at start.",
      });
    }
    expect(await startServer(["--write-token", "short"], { env: {}, logger, runEtl: noEtl })).toMatchObject({
      state: "stopped",
      exitCode: 2,
      message: expect.stringMatching(/^--write-token \/ KC_WRITE_TOKEN has 5 characters: give at least 16 /),
    });
  });

  it("starts on 0.0.0.0 with --allow-generated-token and prints the address whose token opens a session", async () => {
    const db = await copyTestWarehouse();
    const notebooks = join(dirname(db), "notebooks");
    try {
      const started = await startServer(
        ["--db", db, "--port", "0", "--host", "0.0.0.0", "--allow-generated-token", "--notebooks", notebooks],
        { env: {}, logger, runEtl: noEtl },
      );
      expect(started.state).toBe("serving");
      if (started.state !== "serving") return;
      try {
        const line = logs.find((l) => l.startsWith("To edit notebooks, open "));
        const address = /open (http:\/\/localhost:(\d+)\/\?token=([\w%-]+)) /.exec(line ?? "");
        expect(address?.[2]).toBe(started.url.port);
        const token = decodeURIComponent(address![3]!);
        expect(token.length).toBeGreaterThanOrEqual(32);
        const session = await fetch(new URL("/session", address![1]), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ token }),
        });
        expect(session.status).toBe(200);
      } finally {
        await started.stop();
      }
    } finally {
      await rm(dirname(db), { recursive: true, force: true });
    }
  });
});
