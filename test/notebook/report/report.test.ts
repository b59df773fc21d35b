import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { parseNotebook, resolveParameters } from "../../../src/notebook/index.js";
import {
  formatNumber,
  formatValue,
  renderReportHtml,
  renderReportMarkdown,
  runNotebook,
  type ExecuteQuery,
} from "../../../src/notebook/report/index.js";

const NOTEBOOK = `---
title: Report test
parameters:
  region: { type: area, default: north }
---

Intro <b>text</b>.

\`\`\`graphql id=trend
query T($area: String!) { trend { points { year value } } }
\`\`\`
\`\`\`json variables
{ "area": "{{region}}" }
\`\`\`

\`\`\`graphql id=down
{ snapshot { hash } }
\`\`\`
`;

const SNAPSHOT = { hash: "abc", runId: "run-1", loadedAt: "2024-05-16T03:00:00.000Z" };

const fakeServer: ExecuteQuery = async (query, variables) => {
  if (query.includes("snapshot")) throw new Error("connect ECONNREFUSED 127.0.0.1:4000");
  expect(variables).toEqual({ area: "north" });
  return {
    data: {
      trend: {
        points: [
          { year: 2021, value: 1234.5 },
          { year: 2022, value: null },
        ],
      },
    },
    extensions: { snapshot: SNAPSHOT },
  };
};

async function sampleRun() {
  const notebook = parseNotebook(NOTEBOOK);
  return runNotebook(notebook, resolveParameters(notebook.parameters), fakeServer);
}

describe("formatNumber", () => {
  it.each([
    [41.8618, "vi", "41,86"],
    [41.8618, "en", "41.86"],
    [170_800_000_000, "vi", "170.800.000.000"],
    [-15.7, "en", "-15.7"],
    [0.08181, "vi", "0,0818"],
    [0, "en", "0"],
  ] as const)("writes %d in %s as %s", (value, locale, text) => {
    expect(formatNumber(value, locale)).toBe(text);
  });

  it("writes years and ids without grouping", () => {
    expect(formatValue(2024, "points.year", "vi")).toBe("2024");
    expect(formatValue(2024, "points.value", "vi")).toBe("2.024");
  });
});

describe("runNotebook and the reports", () => {
  it("records data, the snapshot and a rejected request as the cell's error", async () => {
    const run = await sampleRun();
    const [intro, trend, down] = run.cells;
    expect(intro).toEqual({ kind: "markdown", id: "markdown-1", source: "Intro <b>text</b>." });
    expect(trend).toMatchObject({
      id: "trend",
      snapshot: SNAPSHOT,
      errors: [],
      chart: { mark: "line", x: "year", y: "value" },
      chartFromCell: false,
    });
    expect(down).toMatchObject({
      id: "down",
      snapshot: null,
      errors: [{ message: "The request failed: connect ECONNREFUSED 127.0.0.1:4000", line: null }],
    });
  });

  it("renders Markdown with formatted tables, the snapshot and the failures", async () => {
    const text = renderReportMarkdown(await sampleRun(), { locale: "vi", ranAt: null });
    expect(text).toContain("| year | value |\n| ---: | ---: |\n| 2021 | 1.234,5 |\n| 2022 |  |");
    expect(text).toContain(
      "Snapshot (bản dữ liệu): hash abc, ETL run run-1, loaded 2024-05-16T03:00:00.000Z.",
    );
    expect(text).toContain("1 cell(s) failed: down.");
    expect(text).not.toContain("Ran at");
    expect(
      renderReportMarkdown(await sampleRun(), { locale: "vi", ranAt: "2025-01-01T00:00:00.000Z" }),
    ).toContain("> Ran at (chạy lúc): 2025-01-01T00:00:00.000Z");
  });

  it("renders HTML with an inline chart and narrative HTML escaped", async () => {
    const { document } = parseHTML("<!doctype html><html><body></body></html>");
    const html = renderReportHtml(await sampleRun(), { locale: "en", ranAt: null, document });
    expect(html).toContain("<p>Intro &lt;b&gt;text&lt;/b&gt;.</p>");
    expect(html).toContain('<td class="num">1,234.5</td>');
    expect(html).toMatch(/<div class="chart"><svg [^>]*class="plot-/);
    expect(html).toContain("<li>The request failed: connect ECONNREFUSED 127.0.0.1:4000</li>");
  });
});
