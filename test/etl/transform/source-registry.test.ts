import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EtlIssue } from "../../../etl/etl-issue.js";
import { SourceRegistry } from "../../../etl/transform/source-registry.js";

const DATA = join(import.meta.dirname, "../../../data");
const at = (line: number) => ({ file: "published/funding.csv", line, column: "source_url" });

describe("SourceRegistry", () => {
  it("numbers urls 1, 2, 3 in first-seen order and reuses the id of a known url", () => {
    const registry = new SourceRegistry(DATA);
    const issues: EtlIssue[] = [];
    const ids = [
      registry.intern({ url: "https://a.vn/x", title: "A", published: "2024" }, at(2), issues),
      registry.intern({ url: "https://b.vn/y", title: "B", published: "2025" }, at(3), issues),
      registry.intern({ url: "https://a.vn/x", title: "A", published: "2024" }, at(4), issues),
    ];
    expect(ids).toEqual([1, 2, 1]);
    expect(issues).toEqual([]);
  });

  it("accepts a local file under the data folder and refuses a missing one", () => {
    const registry = new SourceRegistry(DATA);
    const issues: EtlIssue[] = [];
    const local = {
      url: "sources/2024-05-north-conference-xviii.txt",
      title: "XVIII",
      published: "2024-05-16",
    };
    expect(registry.intern(local, at(2), issues)).toBe(1);
    expect(
      registry.intern({ url: "sources/none.txt", title: "None", published: "" }, at(3), issues),
    ).toBeNull();
    expect(
      registry.intern({ url: "../package.json", title: "Outside", published: "" }, at(4), issues),
    ).toBeNull();
    expect(issues.map((i) => [i.line, i.column, i.message.split(":")[0]])).toEqual([
      [
        3,
        "source_url",
        'Missing local source file "sources/none.txt" in published/funding.csv line 3, column source_url',
      ],
      [
        4,
        "source_url",
        'Missing local source file "../package.json" in published/funding.csv line 4, column source_url',
      ],
    ]);
    expect(registry.rows()[0]).toMatchObject({ is_local: true, is_synthetic: false });
  });

  it("marks synthetic sources by url prefix or title", () => {
    const registry = new SourceRegistry(DATA);
    const issues: EtlIssue[] = [];
    registry.intern(
      { url: "synthetic:funding-1", title: "Generated rows", published: "2026" },
      at(2),
      issues,
    );
    registry.intern(
      { url: "https://x.vn", title: "SYNTHETIC benchmark data", published: "2026" },
      at(3),
      issues,
    );
    expect(registry.rows().map((s) => [s.is_synthetic, s.is_local])).toEqual([
      [true, false],
      [true, false],
    ]);
  });

  it("warns when one url comes with two titles, and titles a url first cited without one", () => {
    const registry = new SourceRegistry(DATA);
    const issues: EtlIssue[] = [];
    registry.intern({ url: "https://a.vn/x", title: null, published: null }, at(2), issues);
    registry.intern({ url: "https://a.vn/x", title: "First title", published: "2024" }, at(3), issues);
    registry.intern({ url: "https://a.vn/x", title: "Other title", published: "2024" }, at(4), issues);
    expect(registry.rows()).toEqual([
      {
        source_id: 1,
        url: "https://a.vn/x",
        title: "First title",
        published: "2024",
        is_local: false,
        is_synthetic: false,
      },
    ]);
    expect(issues.map((i) => [i.severity, i.line, i.column])).toEqual([["warning", 4, "source_title"]]);
  });
});
