import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashFiles } from "../../../etl/extract/hash-files.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hash-files-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("hashFiles", () => {
  it("gives the sha256 of each file in order, across read chunks, and the error of a missing one", async () => {
    // 9 MiB: more than two of the worker's 4 MiB reads.
    const big = Buffer.alloc(9 * 2 ** 20 + 7, "năm 2024,");
    await writeFile(join(dir, "big.csv"), big);
    await writeFile(join(dir, "empty.csv"), "");
    const hashed = await hashFiles([join(dir, "big.csv"), join(dir, "missing.csv"), join(dir, "empty.csv")]);
    expect(hashed[0]).toBe(createHash("sha256").update(big).digest("hex"));
    expect(hashed[1]).toBeInstanceOf(Error);
    expect((hashed[1] as NodeJS.ErrnoException).code).toBe("ENOENT");
    expect(hashed[2]).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
