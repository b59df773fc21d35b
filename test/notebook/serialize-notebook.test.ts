import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  addCell,
  deleteCell,
  moveCell,
  parseNotebook,
  renameNotebook,
  serializeNotebook,
  setParameterDefault,
  updateCell,
  type Notebook,
} from "../../src/notebook/index.js";
import { lines } from "./notebook-harness.js";

const fixture = readFileSync(new URL("../fixtures/notebooks/north-plan.md", import.meta.url), "utf8");

const roundTrip = (text: string): string => serializeNotebook(parseNotebook(text));

const small = lines(
  "---",
  "title: Kế hoạch miền Bắc # phase 2021–2025",
  "parameters:",
  "  region: { type: area, default: north }",
  "  years:",
  "    type: yearRange",
  "    default: [2021, 2025]",
  "---",
  "Intro về khuyến công.",
  "",
  "```graphql",
  "{ plan }",
  "```",
  "",
  "",
  "Outro.",
  "",
);

describe("serializeNotebook round trip", () => {
  it.each([
    ["the example notebook (LF)", fixture],
    ["the example notebook with CRLF", fixture.replace(/\n/g, "\r\n")],
    ["the example notebook without a trailing newline", fixture.trimEnd()],
    ["CRLF without a trailing newline", fixture.trimEnd().replace(/\n/g, "\r\n")],
    ["extra blank lines at the end", `${fixture}\n\n`],
    ["cells without ids and irregular blank lines", small],
    ["a byte order mark", `\uFEFF${small}`],
    ["front matter only", "---\ntitle: T\n---"],
    ["mixed line endings", "---\r\ntitle: T\n---\r\nA\n\r\n```graphql\r\n{ a }\n```"],
    ["an unclosed narrative fence", `${small}\n~~~\nnot closed\n`],
  ])("reproduces %s byte for byte", (_, text) => {
    expect(roundTrip(text)).toBe(text);
  });
});

describe("serializeNotebook after edits", () => {
  const nb = parseNotebook(small);

  it("replaces only the title's value in the front matter, keeping comments and layout", () => {
    expect(serializeNotebook(renameNotebook(nb, "Miền Bắc: kế hoạch"))).toBe(
      small.replace(
        "title: Kế hoạch miền Bắc # phase 2021–2025",
        'title: "Miền Bắc: kế hoạch" # phase 2021–2025',
      ),
    );
  });

  it("replaces only the default that changed", () => {
    const edited = setParameterDefault(setParameterDefault(nb, "years", "2022-2024"), "region", "02");
    expect(edited.parameters[1]!.default).toEqual({ from: 2022, to: 2024 });
    expect(serializeNotebook(edited)).toBe(
      small
        .replace("default: north", "default: '02'".replace(/'/g, '"'))
        .replace("[2021, 2025]", "[2022, 2024]"),
    );
  });

  it("writes an added query cell canonically and keeps the rest", () => {
    const edited = addCell(
      nb,
      {
        kind: "graphql",
        id: "share",
        query: "{ share }",
        variables: { area: "{{region}}", from: "{{years.from}}" },
        chart: { mark: "barX", x: "value", y: "area.name" },
      },
      2,
    );
    expect(serializeNotebook(edited)).toBe(
      lines(
        ...small.split("\n").slice(0, 13),
        "",
        "```graphql id=share",
        "{ share }",
        "```",
        "```json variables",
        '{ "area": "{{region}}", "from": "{{years.from}}" }',
        "```",
        "```json chart",
        '{ "mark": "barX", "x": "value", "y": "area.name" }',
        "```",
        "",
        "Outro.",
        "",
      ),
    );
  });

  it("separates a markdown cell added after another with a marker, without adding ids", () => {
    const edited = addCell(nb, { kind: "markdown", source: "Nguồn: Bộ Công Thương." });
    expect(edited.cells.at(-1)!.id).toBe("markdown-3");
    expect(serializeNotebook(edited)).toBe(`${small.trimEnd()}\n\n<!-- cell -->\nNguồn: Bộ Công Thương.\n`);
  });

  it("rewrites an updated query cell and keeps its neighbours' spacing", () => {
    const edited = updateCell(nb, "graphql-1", {
      query: "{ plan { year } }",
      variables: { area: "{{region}}" },
    });
    expect(serializeNotebook(edited)).toBe(
      small.replace(
        "{ plan }\n```",
        '{ plan { year } }\n```\n```json variables\n{ "area": "{{region}}" }\n```',
      ),
    );
  });

  it("removes a cell and the blank lines before it", () => {
    expect(serializeNotebook(deleteCell(nb, "graphql-1"))).toBe(
      lines(...small.split("\n").slice(0, 9), "", "<!-- cell -->", "Outro.", ""),
    );
  });

  it("moves a cell, writing canonical blank lines around it", () => {
    expect(serializeNotebook(moveCell(nb, "markdown-2", 0))).toBe(
      lines(
        ...small.split("\n").slice(0, 8),
        "",
        "Outro.",
        "",
        "<!-- cell -->",
        "Intro về khuyến công.",
        "",
        "```graphql",
        "{ plan }",
        "```",
        "",
      ),
    );
  });

  it("keeps CRLF line endings in edited parts", () => {
    const crlf = parseNotebook(small.replace(/\n/g, "\r\n"));
    const edited = updateCell(crlf, "markdown-2", { source: "Hết.\nCảm ơn." });
    expect(serializeNotebook(edited)).toBe(small.replace("Outro.", "Hết.\nCảm ơn.").replace(/\n/g, "\r\n"));
  });

  it("writes a notebook built in code in the canonical form", () => {
    const built: Notebook = {
      title: "So sánh: Bắc và Nam",
      description: "North vs south, 2024",
      parameters: [
        { name: "areas", type: "areas", default: ["north", "south"], label: "Regions, two" },
        { name: "year", type: "year", default: 2024 },
        { name: "stage", type: "stage", default: "PLAN" },
      ],
      cells: [
        { kind: "markdown", id: "intro", source: "# Bắc và Nam" },
        {
          kind: "graphql",
          id: "graphql-1",
          query: "{ compare }",
          variables: { areas: "{{areas}}", year: "{{year}}" },
        },
      ],
    };
    const text = serializeNotebook(built);
    expect(text).toBe(
      lines(
        "---",
        'title: "So sánh: Bắc và Nam"',
        "description: North vs south, 2024",
        "parameters:",
        '  areas: { type: areas, default: [north, south], label: "Regions, two" }',
        "  year: { type: year, default: 2024 }",
        "  stage: { type: stage, default: PLAN }",
        "---",
        "",
        "<!-- cell id=intro -->",
        "# Bắc và Nam",
        "",
        "```graphql",
        "{ compare }",
        "```",
        "```json variables",
        '{ "areas": "{{areas}}", "year": "{{year}}" }',
        "```",
        "",
      ),
    );
    expect(parseNotebook(text)).toEqual(built);
  });

  it("leaves the input notebook unchanged", () => {
    renameNotebook(nb, "Khác");
    expect(serializeNotebook(nb)).toBe(small);
  });
});
