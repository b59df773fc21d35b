import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseNotebook } from "../../src/notebook/index.js";
import { expectFormatError, lines } from "./notebook-harness.js";

const fixture = readFileSync(new URL("../fixtures/notebooks/north-plan.md", import.meta.url), "utf8");

const header = [
  "---",
  "title: T",
  "parameters:",
  "  region: { type: area, default: north }",
  "  years: { type: yearRange, default: [2021, 2025] }",
  "---",
  "",
];

describe("parseNotebook", () => {
  it("reads the title, description, typed parameters and cells of a notebook", () => {
    const nb = parseNotebook(fixture, "north-plan.md");
    expect(nb.title).toBe("The north's plan, 2021–2025");
    expect(nb.description).toBe(
      "How the northern provinces' khuyến công plan moved through the 2021–2025 phase.",
    );
    expect(nb.parameters).toEqual([
      { name: "region", type: "area", default: "north", label: "Region" },
      { name: "years", type: "yearRange", default: { from: 2021, to: 2025 }, label: "Years" },
      { name: "source", type: "fundingSource", default: "TOTAL" },
    ]);
    expect(nb.cells).toEqual([
      {
        kind: "markdown",
        id: "markdown-1",
        source: "Kế hoạch khuyến công **miền Bắc** (28 tỉnh, từ Hà Tĩnh trở ra).",
      },
      {
        kind: "graphql",
        id: "north-trend",
        query:
          "query NorthTrend($area: String!, $from: Int!, $to: Int!) {\n  trend(area: $area, from: $from, to: $to) { points { year value } }\n}",
        variables: { area: "{{region}}", from: "{{years.from}}", to: "{{years.to}}" },
        chart: { mark: "line", x: "points.year", y: "points.value" },
      },
      {
        kind: "markdown",
        id: "share-note",
        source: "What share of the 2024 plan was national? The conference reported **41.9%**.",
      },
      {
        kind: "graphql",
        id: "graphql-2",
        query:
          "query Share($area: String!, $source: String!) {\n  share(area: $area, year: 2024, source: $source) { value }\n}",
        variables: { area: "{{region}}", source: "{{source}}" },
      },
    ]);
  });

  it("gives cells without an id their kind and position among cells of that kind", () => {
    const nb = parseNotebook(
      lines(
        ...header,
        "Intro",
        "",
        "```graphql",
        "{ a }",
        "```",
        "",
        "Outro",
        "",
        "```graphql",
        "{ b }",
        "```",
        "",
      ),
    );
    expect(nb.cells.map((cell) => cell.id)).toEqual(["markdown-1", "graphql-1", "markdown-2", "graphql-2"]);
  });

  it("keeps graphql fences inside other fences and indented ones as narrative", () => {
    const nb = parseNotebook(
      lines(
        ...header,
        "````markdown",
        "```graphql",
        "{ a }",
        "```",
        "````",
        "",
        "   ```graphql",
        "   { b }",
        "   ```",
      ),
    );
    expect(nb.cells).toEqual([
      {
        kind: "markdown",
        id: "markdown-1",
        source: "````markdown\n```graphql\n{ a }\n```\n````\n\n   ```graphql\n   { b }\n   ```",
      },
    ]);
  });

  it("splits narrative into cells at <!-- cell --> markers", () => {
    const nb = parseNotebook(
      lines(...header, "One", "", "<!-- cell -->", "Two", "<!-- cell id=three -->", "", "Three"),
    );
    expect(nb.cells).toEqual([
      { kind: "markdown", id: "markdown-1", source: "One" },
      { kind: "markdown", id: "markdown-2", source: "Two" },
      { kind: "markdown", id: "three", source: "Three" },
    ]);
  });

  it("reads notebooks with CRLF line endings into LF cell text", () => {
    const nb = parseNotebook(
      lines(...header, "Dòng một", "dòng hai", "", "```graphql", "{", "  a", "}", "```", "").replace(
        /\n/g,
        "\r\n",
      ),
    );
    expect(nb.cells).toEqual([
      { kind: "markdown", id: "markdown-1", source: "Dòng một\ndòng hai" },
      { kind: "graphql", id: "graphql-1", query: "{\n  a\n}" },
    ]);
  });

  it("returns frozen values", () => {
    const nb = parseNotebook(fixture);
    expect(Object.isFrozen(nb) && Object.isFrozen(nb.cells) && Object.isFrozen(nb.cells[1])).toBe(true);
  });
});

describe("parseNotebook errors", () => {
  it("locates a YAML syntax error in the front matter", () => {
    expectFormatError(
      lines("---", "title: T", "parameters:", "  region: { type: area, default: north", "---", ""),
      5,
      1,
      "invalid YAML in the front matter",
    );
  });

  it("asks for front matter when the file does not start with ---", () => {
    expectFormatError(lines("# Title", ""), 1, 1, 'a notebook starts with front matter: a line "---"');
  });

  it("reports front matter that is never closed", () => {
    expectFormatError(lines("---", "title: T", ""), 1, 1, 'never closed; add a line "---" after it');
  });

  it("reports a missing title with an example", () => {
    expectFormatError(
      lines("---", "description: D", "---", ""),
      1,
      1,
      'the front matter has no title; add a line such as "title: ',
    );
  });

  it("suggests the closest key for a misspelled front matter key", () => {
    expectFormatError(
      lines("---", "title: T", "paramters: {}", "---"),
      3,
      1,
      'unknown front matter key "paramters". Did you mean "parameters"?',
    );
  });

  it("points at an unknown parameter type and lists the types", () => {
    expectFormatError(
      lines("---", "title: T", "parameters:", "  region: { type: aera, default: north }", "---"),
      4,
      19,
      'parameter "region" has unknown type "aera". Did you mean "area"? Use one of area, areas, year, yearRange, fundingSource, stage, text.',
    );
  });

  it("points at a default of the wrong type", () => {
    expectFormatError(
      lines("---", "title: T", "parameters:", "  years:", "    type: yearRange", "    default: 2021", "---"),
      6,
      14,
      'parameter "years" default expects a year range such as [2021, 2025] (on the command line: 2021-2025); got the number 2021.',
    );
  });

  it("asks to quote an area id that YAML reads as a number", () => {
    expectFormatError(
      lines("---", "title: T", "parameters:", "  p: { type: area, default: 2 }", "---"),
      4,
      29,
      "Quote it: '2'.",
    );
  });

  it("points at a variable that refers to an unknown parameter", () => {
    expectFormatError(
      lines(
        ...header,
        "```graphql",
        "{ a }",
        "```",
        "```json variables",
        "{",
        '  "area": "{{regoin}}"',
        "}",
        "```",
      ),
      13,
      11,
      'variable "area" refers to unknown parameter "regoin". Did you mean "region"?',
    );
  });

  it("points at a field that a parameter does not have", () => {
    expectFormatError(
      lines(
        ...header,
        "```graphql",
        "{ a }",
        "```",
        "```json variables",
        '{ "from": "{{years.start}}" }',
        "```",
      ),
      12,
      11,
      "use {{years.from}} or {{years.to}}",
    );
  });

  it("points at the character where the variables JSON breaks", () => {
    expectFormatError(
      lines(...header, "```graphql", "{ a }", "```", "```json variables", "{", "  'area': 1", "}", "```"),
      13,
      3,
      `invalid JSON in the "variables" block: expected a key in double quotes but found "'". JSON strings use double quotes.`,
    );
  });

  it("reports a trailing comma in a chart block", () => {
    expectFormatError(
      lines(
        ...header,
        "```graphql",
        "{ a }",
        "```",
        "```json chart",
        '{ "mark": "line", "x": "year", "y": "value", }',
        "```",
      ),
      12,
      46,
      "remove the trailing comma",
    );
  });

  it("points at an unknown chart mark", () => {
    expectFormatError(
      lines(
        ...header,
        "```graphql",
        "{ a }",
        "```",
        "",
        "```json chart",
        '{ "mark": "lines", "x": "year", "y": "value" }',
        "```",
      ),
      13,
      11,
      'chart "mark" must be one of line, bar, barX, dot, area. Did you mean "line"?',
    );
  });

  it("reports a duplicate cell id with the line of its first use", () => {
    expectFormatError(
      lines(...header, "```graphql id=trend", "{ a }", "```", "", "```graphql id=trend", "{ b }", "```"),
      12,
      1,
      'duplicate cell id "trend" (also used at line 8)',
    );
  });

  it("rejects explicit ids that look generated", () => {
    expectFormatError(
      lines(...header, "```graphql id=graphql-1", "{ a }", "```"),
      8,
      12,
      'cell id "graphql-1" is reserved',
    );
  });

  it("rejects a variables block that follows no graphql cell", () => {
    expectFormatError(
      lines(...header, "Text", "", "```json variables", "{}", "```"),
      10,
      1,
      "must directly follow a graphql cell",
    );
  });
});
