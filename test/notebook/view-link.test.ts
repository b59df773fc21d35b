import { describe, expect, it } from "vitest";
import { parseNotebook, parseViewHash, resolveParameters, viewHash } from "../../src/notebook/index.js";
import { lines } from "./notebook-harness.js";

const nb = parseNotebook(
  lines(
    "---",
    "title: T",
    "parameters:",
    "  region: { type: area, default: north }",
    "  areas: { type: areas, default: [north, south] }",
    "  years: { type: yearRange, default: [2021, 2025] }",
    "  note: { type: text, default: 'a & b = c?' }",
    "---",
    "",
  ),
);

describe("a view as an address", () => {
  it("writes every parameter as the command line does, then the number format", () => {
    const values = resolveParameters(nb.parameters, { region: "02", years: "2022-2024" });
    expect(viewHash("north-plan", nb.parameters, values, "en")).toBe(
      "#/north-plan?region=02&areas=north%2Csouth&years=2022-2024&note=a+%26+b+%3D+c%3F&number-format=en",
    );
  });

  it("reads back the same values, and an address without a query as the defaults", () => {
    const values = resolveParameters(nb.parameters, { areas: "south", note: "x#y" });
    const request = parseViewHash(viewHash("north-plan", nb.parameters, values, "vi"));
    expect(request.name).toBe("north-plan");
    expect(request.locale).toBe("vi");
    expect(resolveParameters(nb.parameters, request.parameters)).toEqual(values);
    expect(parseViewHash("#/north-plan")).toEqual({ name: "north-plan", parameters: {}, locale: null });
    expect(parseViewHash("#/north-plan?number-format=fr").locale).toBeNull();
  });
});
