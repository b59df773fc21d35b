import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanCsvShape } from "../../../etl/load/csv-shape.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "csv-shape-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CASES: ReadonlyArray<readonly [string, string, string | null]> = [
  ["plain rows", "a,b,c\n1,2,3\n4,5,6\n", null],
  ["quoted cells with commas and doubled quotes", 'a,b,c\n1,"x, ""y""",3\n"",5,"6"\n', null],
  ["a last line without a line feed", 'a,b\n1,"2"', null],
  ["a quote still open at the end (DuckDB refuses it)", 'a,b\n1,"2\n', "a quoted field spans lines"],
  ["CRLF line ends", "a,b\r\n1,2\r\n", "it has carriage returns (CRLF line ends)"],
  ["a blank line", "a,b\n1,2\n\n3,4\n", "it has a blank line or a line break inside a quoted field"],
  ["a blank first line", "\na,b\n1,2\n", "it has a blank line or a line break inside a quoted field"],
  ["a line break inside quotes", 'a,b\n1,"x\ny"\n', "a quoted field spans lines"],
  ["a quote inside an unquoted cell", 'a,b\n1,x"y\n', "a quote is inside a field"],
  ["a space before an opening quote", 'a,b\n1, "y"\n', "a quote is inside a field"],
  ["text after a closing quote", 'a,b\n1,"y" \n', "a closing quote is followed by text"],
];

describe("scanCsvShape", () => {
  it.each(CASES)("reads %s as %s", async (name, text, reason) => {
    const path = join(dir, `${name.replaceAll(" ", "-")}.csv`);
    await writeFile(path, text);
    // Every chunk size, so that each quote and line feed also falls on a chunk's edge.
    for (const chunkBytes of [1, 2, 3, 5, 64]) {
      const shape = await scanCsvShape(path, chunkBytes);
      expect({ chunkBytes, shape }).toEqual({
        chunkBytes,
        shape: reason === null ? { simple: true } : { simple: false, reason },
      });
    }
  });
});
