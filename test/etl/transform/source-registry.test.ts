import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EtlIssue } from "../../../etl/etl-issue.js";
import { SourceRegistry, sourceIdOf } from "../../../etl/transform/source-registry.js";
import { transformFolder } from "./transform-harness.js";

const DATA = join(import.meta.dirname, "../../../data");
const at = (line: number) => ({ file: "published/funding.csv", line, column: "source_url" });
const XVIII = "sources/2024-05-north-conference-xviii.txt";

describe("sourceIdOf", () => {
  it("gives a url the first 31 bits of its sha256, whatever else is loaded", () => {
    expect(sourceIdOf("https://a.vn/x")).toBe(1599725007);
    expect(sourceIdOf("https://b.vn/y")).toBe(1246585687);
    expect(sourceIdOf(XVIII)).toBe(1239660138);
  });
});

describe("SourceRegistry", () => {
  it("ids a url by its address and reuses the id of a known url", () => {
    const registry = new SourceRegistry(DATA);
    const issues: EtlIssue[] = [];
    const ids = [
      registry.intern({ url: "https://a.vn/x", title: "A", published: "2024" }, at(2), issues),
      registry.intern({ url: "https://b.vn/y", title: "B", published: "2025" }, at(3), issues),
      registry.intern({ url: "https://a.vn/x", title: "A", published: "2024" }, at(4), issues),
    ];
    expect(ids).toEqual([1599725007, 1246585687, 1599725007]);
    expect(issues).toEqual([]);
  });

  it("gives the same ids in any citation order, and lists sources by id", () => {
    const issues: EtlIssue[] = [];
    const forwards = new SourceRegistry(DATA);
    const backwards = new SourceRegistry(DATA);
    const urls = ["https://a.vn/x", "https://b.vn/y", "https://x.vn"];
    urls.forEach((url, i) => forwards.intern({ url, title: url, published: null }, at(i + 2), issues));
    [...urls]
      .reverse()
      .forEach((url, i) => backwards.intern({ url, title: url, published: null }, at(i + 2), issues));
    expect(forwards.rows()).toEqual(backwards.rows());
    expect(forwards.rows().map((s) => [s.source_id, s.url])).toEqual([
      [1246585687, "https://b.vn/y"],
      [1563259371, "https://x.vn"],
      [1599725007, "https://a.vn/x"],
    ]);
    expect(issues).toEqual([]);
  });

  it("rejects two urls whose ids collide, naming both urls and lines", () => {
    // Found by a birthday search: both urls' sha256 start with the same 31 bits (id 1672763452).
    const registry = new SourceRegistry(DATA);
    const issues: EtlIssue[] = [];
    const first = "https://example.org/report/57502";
    const second = "https://example.org/report/81653";
    expect(registry.intern({ url: first, title: "First", published: null }, at(2), issues)).toBe(1672763452);
    expect(registry.intern({ url: second, title: "Second", published: null }, at(9), issues)).toBeNull();
    expect(issues).toEqual([
      {
        severity: "error",
        file: "published/funding.csv",
        line: 9,
        column: "source_url",
        value: second,
        message:
          'Source "https://example.org/report/81653" in published/funding.csv line 9, column source_url has the same id (1672763452, from the first 31 bits of its sha256) as "https://example.org/report/57502" in published/funding.csv line 2: change one of the two urls (for example, cite the page without its query string).',
      },
    ]);
    expect(registry.rows().map((s) => s.url)).toEqual([first]);
  });

  it("accepts a local file under the data folder and refuses a missing one", () => {
    const registry = new SourceRegistry(DATA);
    const issues: EtlIssue[] = [];
    const local = {
      url: "sources/2024-05-north-conference-xviii.txt",
      title: "XVIII",
      published: "2024-05-16",
    };
    expect(registry.intern(local, at(2), issues)).toBe(1239660138);
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
    expect(registry.rows().map((s) => [s.url, s.is_synthetic, s.is_local])).toEqual([
      ["synthetic:funding-1", true, false],
      ["https://x.vn", true, false],
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
        source_id: 1599725007,
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

describe("source ids across loads", () => {
  it("keeps every published source's id when an input file citing a new source is added", async () => {
    const before = await transformFolder(DATA);
    const dir = await mkdtemp(join(tmpdir(), "kc-sources-"));
    try {
      await cp(DATA, dir, { recursive: true });
      // "added/" sorts before "published/": the new source is the first one the load cites.
      await mkdir(join(dir, "added"));
      await writeFile(
        join(dir, "added/funding-extra.csv"),
        "year,period,geo_level,geo_code,geo_name,funding_source,measure,amount_billion_vnd,source_url,source_title,source_date\n" +
          "2019,FY,province,02,Hà Giang,local,plan,1.5,https://example.org/new-report,A new report,2020-01-02\n",
      );
      const after = await transformFolder(dir);
      expect(after.allIssues).toEqual([]);
      const newId = sourceIdOf("https://example.org/new-report");
      expect(after.sources.filter((s) => s.source_id !== newId)).toEqual(before.sources);
      expect(after.sources.length).toBe(before.sources.length + 1);
      expect(after.funding.find((f) => f.origin === "added/funding-extra.csv:2")?.source_id).toBe(newId);
      const xviii = (d: typeof before) => d.sources.find((s) => s.url === XVIII)?.source_id;
      expect(xviii(after)).toBe(1239660138);
      expect(xviii(before)).toBe(1239660138);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
