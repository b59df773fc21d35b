import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringifyYielding } from "../../src/server/yielding-json.js";

const unbounded = { maxBytes: Number.MAX_SAFE_INTEGER, sliceMs: 0 };

describe("stringifyYielding", () => {
  it("writes exactly what JSON.stringify writes, for any JSON value", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 7 }), async (value) => {
        expect(await stringifyYielding(value, unbounded)).toEqual({
          kind: "json",
          json: JSON.stringify(value),
          bytes: Buffer.byteLength(JSON.stringify(value), "utf8"),
        });
      }),
    );
  });

  it("follows JSON.stringify's rules for undefined, functions, toJSON and non-finite numbers", async () => {
    const value = {
      data: {
        a: undefined,
        b: [undefined, () => 1, Symbol("s"), Number.NaN, -0, "é\u2028"],
        c: { toJSON: () => ({ d: [new Date(0)] }) },
        e: [[[[{ deep: [undefined, 1] }]]]],
      },
      f: () => 2,
    };
    const written = await stringifyYielding(value, unbounded);
    expect(written).toMatchObject({ kind: "json", json: JSON.stringify(value) });
  });

  it("stops at the byte limit without writing the rest", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ i, text: "ơ".repeat(10) }));
    const written = await stringifyYielding({ data: { rows } }, { maxBytes: 1000 });
    expect(written.kind).toBe("tooLarge");
    expect(written.kind === "tooLarge" && written.bytes).toBeLessThan(1100);
  });

  it("lets the event loop run while it writes a large value", async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ i, text: "x".repeat(40) }));
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const written = await stringifyYielding({ data: { rows } }, { maxBytes: 100 << 20, sliceMs: 1 });
    clearInterval(ticking);
    expect(written).toMatchObject({ kind: "json", json: JSON.stringify({ data: { rows } }) });
    expect(turns).toBeGreaterThan(1);
  });
});
