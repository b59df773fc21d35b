import { describe, expect, it } from "vitest";
import { addCell, moveCell, NotebookEditError, parseNotebook, updateCell } from "../../src/notebook/index.js";
import { lines } from "./notebook-harness.js";

const nb = parseNotebook(
  lines(
    "---",
    "title: T",
    "parameters:",
    "  region: { type: area, default: north }",
    "---",
    "",
    "```graphql id=plan",
    "{ a }",
    "```",
    "",
  ),
);

describe("editing helpers", () => {
  it("refuses a variable that refers to an unknown parameter", () => {
    expect(() => addCell(nb, { kind: "graphql", query: "{ b }", variables: { a: "{{regon}}" } })).toThrow(
      new NotebookEditError(
        'Cell "graphql-1" variable "a" refers to unknown parameter "regon". Did you mean "region"? Declare it under parameters in the front matter or use a declared one (declared: region).',
      ),
    );
  });

  it("refuses a duplicate id, an unknown id and a patch of the wrong kind", () => {
    expect(() => addCell(nb, { kind: "markdown", id: "plan", source: "x" })).toThrow(
      'A cell with id "plan" already exists; choose another id.',
    );
    expect(() => moveCell(nb, "plam", 0)).toThrow(
      'No cell with id "plam". Did you mean "plan"? Cells: plan.',
    );
    expect(() => updateCell(nb, "plan", { source: "x" })).toThrow(
      'Cell "plan" is a graphql cell and has no "source"; change query, variables, chart.',
    );
  });

  it("removes a block when its patch value is undefined", () => {
    const withChart = updateCell(nb, "plan", { chart: { mark: "bar", x: "area", y: "value" } });
    expect(updateCell(withChart, "plan", { chart: undefined }).cells[0]).toEqual({
      kind: "graphql",
      id: "plan",
      query: "{ a }",
    });
  });
});
