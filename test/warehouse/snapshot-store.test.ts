import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DirectorySnapshotStore, parseManifest } from "../../src/warehouse/index.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kc-store-"));
  dirs.push(dir);
  return dir;
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

describe("DirectorySnapshotStore", () => {
  it("stores a snapshot under the sha256 of its bytes and names it in the manifest", async () => {
    const work = await folder();
    const store = new DirectorySnapshotStore(join(work, "store"));
    expect(await store.readManifest()).toBeNull();
    await writeFile(join(work, "a.duckdb"), "snapshot A");
    const manifest = await store.publish(join(work, "a.duckdb"), { snapshotHash: "h-a", etlRunId: "run-a" });
    expect(manifest).toMatchObject({
      sha256: sha256("snapshot A"),
      bytes: 10,
      snapshotHash: "h-a",
      etlRunId: "run-a",
    });
    expect((await readdir(join(work, "store"))).sort()).toEqual([
      `${sha256("snapshot A")}.duckdb`,
      "manifest.json",
    ]);
    expect(await store.readManifest()).toEqual(manifest);

    await store.download(manifest, join(work, "copy.duckdb"));
    expect(await readFile(join(work, "copy.duckdb"), "utf8")).toBe("snapshot A");
  });

  it("publishing the same bytes twice keeps one file; new bytes get a new file and the manifest", async () => {
    const work = await folder();
    const store = new DirectorySnapshotStore(join(work, "store"));
    await writeFile(join(work, "a.duckdb"), "snapshot A");
    await writeFile(join(work, "b.duckdb"), "snapshot B");
    await store.publish(join(work, "a.duckdb"), { snapshotHash: "h-a", etlRunId: "run-a" });
    await store.publish(join(work, "a.duckdb"), { snapshotHash: "h-a", etlRunId: "run-a" });
    const b = await store.publish(join(work, "b.duckdb"), { snapshotHash: "h-b", etlRunId: "run-b" });
    expect((await readdir(join(work, "store"))).sort()).toEqual(
      [`${sha256("snapshot A")}.duckdb`, `${sha256("snapshot B")}.duckdb`, "manifest.json"].sort(),
    );
    expect((await store.readManifest())?.sha256).toBe(b.sha256);
  });

  it("refuses a download whose bytes are not its name's, and leaves nothing behind", async () => {
    const work = await folder();
    const store = new DirectorySnapshotStore(join(work, "store"));
    await writeFile(join(work, "a.duckdb"), "snapshot A");
    const manifest = await store.publish(join(work, "a.duckdb"), { snapshotHash: "h-a", etlRunId: "run-a" });
    await writeFile(join(work, "store", `${manifest.sha256}.duckdb`), "snapshot A, damaged");
    await expect(store.download(manifest, join(work, "copy.duckdb"))).rejects.toThrow(
      `The snapshot ${manifest.sha256}.duckdb in ${join(work, "store")} has sha256 ${sha256("snapshot A, damaged")}: it is damaged or was written over. Publish the snapshot again from the writer.`,
    );
    expect((await readdir(work)).sort()).toEqual(["a.duckdb", "store"]);
  });

  it("names the field a manifest gets wrong", () => {
    expect(() => parseManifest("{", "m.json")).toThrow(
      "The snapshot manifest m.json is not JSON: publish a snapshot again from the writer.",
    );
    expect(() => parseManifest(JSON.stringify({ sha256: "../../etc/passwd", bytes: 1 }), "m.json")).toThrow(
      "The snapshot manifest m.json has no valid sha256 (64 hex digits): publish a snapshot again from the writer.",
    );
  });
});
