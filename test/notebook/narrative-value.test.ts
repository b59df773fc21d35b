import { describe, expect, it } from "vitest";
import {
  deleteCell,
  narrativeValueText,
  parseNarrativeReference,
  parseNotebook,
  renderMarkdown,
  updateCell,
  type NarrativeReference,
  type ResultTable,
} from "../../src/notebook/index.js";
import { renderReportMarkdown } from "../../src/notebook/report/index.js";
import { expectFormatError, lines } from "./notebook-harness.js";

const trend: ResultTable = {
  columns: ["points.year", "points.value", "area.name"],
  rows: [
    { "points.year": 2023, "points.value": 186.5, "area.name": "Miền Bắc" },
    { "points.year": 2024, "points.value": 1170.8, "area.name": "<img src=x onerror=alert(1)>" },
    { "points.year": 2025, "points.value": null, "area.name": "Miền Bắc" },
  ],
};
const ref = (text: string): NarrativeReference => parseNarrativeReference(text)!;
const value = (text: string, locale: "vi" | "en" = "vi"): string =>
  narrativeValueText(ref(text), { kind: "table", table: trend }, locale);

describe("values inside narrative", () => {
  it("parses the cell, column, row choice and unit of a reference", () => {
    expect(parseNarrativeReference("{{@plan-trend.points.value[points.year=2024] | tỷ đồng}}")).toEqual({
      text: "{{@plan-trend.points.value[points.year=2024] | tỷ đồng}}",
      cellId: "plan-trend",
      column: "points.value",
      row: { kind: "match", column: "points.year", value: "2024" },
      unit: "tỷ đồng",
    });
    expect(parseNarrativeReference("{{@plan-cagr.cagrPercent[2]|%}}")?.row).toEqual({
      kind: "index",
      index: 2,
    });
    expect(parseNarrativeReference("{{region}}")).toBeNull();
    expect(parseNarrativeReference("{{@plan-trend}}")).toBeNull();
  });

  it("writes the value as the tables do, in the chosen number format and unit", () => {
    expect(value("{{@t.points.value[points.year=2024] | tỷ đồng}}")).toBe("1.170,8\u00A0tỷ đồng");
    expect(value("{{@t.points.value[points.year=2024] | tỷ đồng}}", "en")).toBe("1,170.8\u00A0tỷ đồng");
    expect(value("{{@t.points.value[1] | %}}")).toBe("186,5%");
    expect(value("{{@t.points.year[2]}}")).toBe("2024");
    expect(value("{{@t.points.value[points.year=2025] | %}}")).toBe("—");
  });

  it("says why there is no value rather than inventing one", () => {
    expect(value("{{@t.points.value}}")).toBe("[t has 3 rows; choose one, e.g. {{@t.points.value[1]}}]");
    expect(value("{{@t.points.valeu[1]}}")).toBe(
      '[t has no column "points.valeu". Did you mean "points.value"?]',
    );
    expect(value("{{@t.points.value[points.year=2030]}}")).toBe("[t has no row with points.year = 2030]");
    expect(value("{{@t.points.value[9]}}")).toBe("[t has no row 9; it has 3]");
    expect(narrativeValueText(ref("{{@t.a}}"), { kind: "failed" }, "vi")).toBe("[t failed; see its errors]");
    expect(narrativeValueText(ref("{{@t.a}}"), { kind: "pending" }, "vi")).toBe("…");
  });

  it("renders a value from the data as text, never as markup, and leaves code alone", () => {
    const html = renderMarkdown("Area: **{{@t.area.name[2]}}**, code `{{@t.area.name[2]}}`", (reference) =>
      narrativeValueText(reference, { kind: "table", table: trend }, "vi"),
    );
    expect(html).toBe(
      "<p>Area: <strong>&lt;img src=x onerror=alert(1)&gt;</strong>, code <code>{{@t.area.name[2]}}</code></p>\n",
    );
  });

  it("escapes a value in the Markdown report so it stays text", () => {
    const text = renderReportMarkdown(
      {
        title: "T",
        description: null,
        parameters: [],
        values: {},
        cells: [
          {
            kind: "markdown",
            id: "markdown-1",
            source:
              "Area: {{@t.area.name[2]}}. Code: `{{@t.area.name[2]}}`\n\n```\n{{@t.points.year[1]}}\n```",
          },
          {
            kind: "graphql",
            id: "t",
            query: "{ a }",
            variables: {},
            data: {},
            errors: [],
            snapshot: null,
            table: trend,
            chart: null,
            chartFromCell: false,
          },
        ],
      },
      { locale: "vi", ranAt: null },
    );
    expect(text).toContain(
      "Area: \\<img src=x onerror=alert\\(1\\)\\>. Code: `{{@t.area.name[2]}}`\n\n```\n{{@t.points.year[1]}}\n```",
    );
  });

  const notebook = (narrative: string): string =>
    lines("---", "title: T", "---", "", "Intro.", narrative, "", "```graphql id=plan", "{ a }", "```", "");

  it("checks every reference when parsing, at its line and column", () => {
    expectFormatError(
      notebook("The plan: {{@plam.value}}."),
      6,
      11,
      '"{{@plam.value}}" refers to "plam", which is not a query cell of this notebook. Did you mean "plan"? Query cells: plan.',
    );
    expectFormatError(
      notebook("Bad: {{@plan.value[}}"),
      6,
      6,
      '"{{@plan.value[}}" is not a value reference;',
    );
    expect(parseNotebook(notebook("The plan: {{@plan.value}}.")).cells).toHaveLength(2);
  });

  it("refuses edits that would leave a reference without its cell", () => {
    const parsed = parseNotebook(notebook("The plan: {{@plan.value}}."));
    expect(() => deleteCell(parsed, "plan")).toThrow(
      'Text cell "markdown-1": "{{@plan.value}}" refers to "plan", which is not a query cell of this notebook. Query cells: none.',
    );
    expect(() => updateCell(parsed, "markdown-1", { source: "{{@plna.value}}" })).toThrow(
      'Text cell "markdown-1": "{{@plna.value}}" refers to "plna"',
    );
  });
});
