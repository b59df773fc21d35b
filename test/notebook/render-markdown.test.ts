import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/notebook/index.js";

describe("renderMarkdown", () => {
  it("renders markdown with Vietnamese text", () => {
    expect(renderMarkdown("# Kế hoạch\n\n**41,9%** là *quốc gia*.")).toBe(
      "<h1>Kế hoạch</h1>\n<p><strong>41,9%</strong> là <em>quốc gia</em>.</p>\n",
    );
  });

  it("escapes raw HTML blocks and inline tags", () => {
    expect(renderMarkdown('<script>alert("x")</script>\n\nA <b onclick="x()">b</b>')).toBe(
      // Quotes in text come back unescaped: the sanitizer serializes its DOM, and they mean the same there.
      '<p>&lt;script&gt;alert("x")&lt;/script&gt;</p>\n<p>A &lt;b onclick="x()"&gt;b&lt;/b&gt;</p>\n',
    );
  });

  it("renders unsafe links and images as text and keeps safe ones", () => {
    expect(
      renderMarkdown("[x](javascript:alert(1)) ![y](data:image/png;base64,AA) [moit](https://moit.gov.vn)"),
    ).toBe('<p>x y <a href="https://moit.gov.vn">moit</a></p>\n');
  });
});
