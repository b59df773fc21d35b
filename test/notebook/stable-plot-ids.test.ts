import { describe, expect, it } from "vitest";
import { stablePlotIds } from "../../src/notebook/report/stable-plot-ids.js";

describe("stablePlotIds", () => {
  it("renumbers Plot's ids in order of appearance, per kind, keeping each chart's references to its own", () => {
    const html =
      '<marker id="plot-marker-7"/><path marker-end="url(#plot-marker-7)"/><clipPath id="plot-clip-3"/>' +
      '<marker id="plot-marker-9"/><path marker-end="url(#plot-marker-9)" clip-path="url(#plot-clip-3)"/>';
    expect(stablePlotIds(html)).toBe(
      '<marker id="plot-marker-1"/><path marker-end="url(#plot-marker-1)"/><clipPath id="plot-clip-1"/>' +
        '<marker id="plot-marker-2"/><path marker-end="url(#plot-marker-2)" clip-path="url(#plot-clip-1)"/>',
    );
  });

  it("leaves text that only looks alike untouched", () => {
    expect(stablePlotIds("plot-markers-2 and xplot-marker-2")).toBe("plot-markers-2 and xplot-marker-2");
  });
});
