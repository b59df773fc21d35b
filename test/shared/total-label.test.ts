import { describe, expect, it } from "vitest";
import { isTotalLabel } from "../../src/shared/total-label.js";

describe("isTotalLabel", () => {
  it.each([
    "Tổng cộng",
    "TỔNG CỘNG",
    "Cộng",
    "cong:",
    "Tổng số",
    "Tổng cộng (I+II)",
    "Total",
    "Grand total",
    "Subtotal - north",
    "Tong cong toan quoc",
  ])("recognises %j as a total row's label", (label) => {
    expect(isTotalLabel(label)).toBe(true);
  });

  it.each(["Tổng công ty May 10", "Cộng hòa", "Hà Giang", "Đề án A", "Total Nuclear", ""])(
    "takes %j for a name",
    (label) => {
      expect(isTotalLabel(label)).toBe(false);
    },
  );
});
