import { describe, expect, it } from "vitest";
import {
  bindVariables,
  cellsUsingParameter,
  parseNotebook,
  ParameterError,
  resolveParameters,
  type QueryCell,
} from "../../src/notebook/index.js";
import { lines } from "./notebook-harness.js";

const nb = parseNotebook(
  lines(
    "---",
    "title: T",
    "parameters:",
    "  region: { type: area, default: north }",
    "  areas: { type: areas, default: [north, south] }",
    "  year: { type: year, default: 2024 }",
    "  years: { type: yearRange, default: [2021, 2025] }",
    "  source: { type: fundingSource, default: total }",
    "  stage: { type: stage, default: plan }",
    "  note: { type: text, default: '' }",
    "---",
    "```graphql id=trend",
    "{ a }",
    "```",
    "```json variables",
    '{ "area": "{{region}}", "from": "{{ years.from }}", "filter": { "areas": "{{areas}}", "span": ["{{years}}", "{{year}}"] }, "label": "{{region}} {{years}} {{areas}}", "n": 3 }',
    "```",
    "",
    "```graphql id=plain",
    "{ b }",
    "```",
    "",
    "```graphql id=by-source",
    "{ c }",
    "```",
    "```json variables",
    '{ "source": "{{source}}", "year": "{{year}}" }',
    "```",
  ),
);
const cell = (id: string): QueryCell => nb.cells.find((c) => c.id === id) as QueryCell;

describe("bindVariables", () => {
  it("keeps the type of whole-string references and interpolates embedded ones", () => {
    expect(bindVariables(cell("trend"), resolveParameters(nb.parameters))).toEqual({
      area: "north",
      from: 2021,
      filter: { areas: ["north", "south"], span: [{ from: 2021, to: 2025 }, 2024] },
      label: "north 2021-2025 north,south",
      n: 3,
    });
  });

  it("binds a cell without variables to an empty object", () => {
    expect(bindVariables(cell("plain"), resolveParameters(nb.parameters))).toEqual({});
  });

  it("names the cell and the unknown parameter", () => {
    const values = { region: "north" };
    expect(() => bindVariables(cell("by-source"), values)).toThrow(
      new ParameterError(
        'Cell "by-source" variable "source" refers to unknown parameter "source". Declare it under parameters in the front matter or use a declared one (declared: region).',
        "source",
        "by-source",
      ),
    );
  });
});

describe("resolveParameters", () => {
  it("uses the defaults without overrides", () => {
    expect(resolveParameters(nb.parameters)).toEqual({
      region: "north",
      areas: ["north", "south"],
      year: 2024,
      years: { from: 2021, to: 2025 },
      source: "TOTAL",
      stage: "PLAN",
      note: "",
    });
  });

  it("parses command-line strings into typed values", () => {
    expect(
      resolveParameters(nb.parameters, {
        region: "02",
        areas: "north, central,2025-08",
        year: "2023",
        years: "2022..2024",
        source: "National",
        stage: "estimated",
        note: " 41,9% ",
      }),
    ).toEqual({
      region: "02",
      areas: ["north", "central", "2025-08"],
      year: 2023,
      years: { from: 2022, to: 2024 },
      source: "NATIONAL",
      stage: "ESTIMATED",
      note: " 41,9% ",
    });
  });

  it.each([
    ["years", "2021-2025", { from: 2021, to: 2025 }],
    ["years", "2021–2025", { from: 2021, to: 2025 }],
    ["years", "2024", { from: 2024, to: 2024 }],
    ["years", [2020, 2021], { from: 2020, to: 2021 }],
    ["areas", ["VN"], ["VN"]],
    ["year", 2030, 2030],
  ])("reads %s=%j", (name, value, expected) => {
    expect(resolveParameters(nb.parameters, { [name]: value })[name]).toEqual(expected);
  });

  it.each([
    [
      "years",
      "2025-2021",
      'Parameter "years" (yearRange) expects the first year not after the second; got 2025 to 2021.',
    ],
    [
      "years",
      "2021-25",
      'Parameter "years" (yearRange) expects a year range such as [2021, 2025] (on the command line: 2021-2025); got "2021-25".',
    ],
    ["year", "năm 2024", 'Parameter "year" (year) expects a year such as 2024; got "năm 2024".'],
    [
      "source",
      "nationl",
      'Parameter "source" (fundingSource) expects one of NATIONAL, LOCAL, TOTAL; got "nationl". Did you mean "NATIONAL"?',
    ],
    [
      "areas",
      "north,,south",
      'Parameter "areas" (areas) expects a list of area ids such as [north, south] (on the command line: north,south); the item "" is not an area id (quote ids like \'02\').',
    ],
    [
      "regoin",
      "north",
      'Unknown parameter "regoin". Did you mean "region"? Parameters: region, areas, year, years, source, stage, note.',
    ],
  ])("rejects %s=%j with a clear message", (name, value, message) => {
    expect(() => resolveParameters(nb.parameters, { [name]: value })).toThrow(
      new ParameterError(message, name),
    );
  });
});

describe("cellsUsingParameter", () => {
  it("lists the query cells whose variables refer to the parameter", () => {
    expect(cellsUsingParameter(nb, "year")).toEqual(["trend", "by-source"]);
    expect(cellsUsingParameter(nb, "years")).toEqual(["trend"]);
    expect(cellsUsingParameter(nb, "stage")).toEqual([]);
  });
});
