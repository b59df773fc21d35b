import { describe, expect, it } from "vitest";
import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { foldDiacritics, normalizeName } from "../../src/shared/vietnamese-text.js";

describe("foldDiacritics", () => {
  it("drops marks and turns đ into d", () => {
    expect(foldDiacritics("Đắk Lắk đồng")).toBe("Dak Lak dong");
    expect(foldDiacritics("Hoà Bình")).toBe(foldDiacritics("Hòa Bình"));
  });
});

describe("normalizeName", () => {
  it.each([
    ["TP. Hồ Chí Minh", "ho chi minh"],
    ["Thành phố Hà Nội", "ha noi"],
    ["Tỉnh Hà Giang", "ha giang"],
    ["tp HCM", "hcm"],
    ["Bà Rịa - Vũng Tàu", "ba ria vung tau"],
    ["BR-VT", "br vt"],
    ["  Thừa   Thiên-Huế ", "thua thien hue"],
  ])("normalizes %j to %j", (text, key) => {
    expect(normalizeName(text)).toBe(key);
  });
});

describe("didYouMean", () => {
  it("suggests the closest candidate ignoring diacritics and case", () => {
    expect(didYouMean("Ha Giangg", ["Hà Giang", "Hậu Giang", "An Giang", "Hà Nam"])).toEqual(["Hà Giang"]);
    expect(didYouMean("notes", ["note", "year", "period"])).toEqual(["note"]);
  });

  it("suggests nothing for an unrelated input", () => {
    expect(didYouMean("xyz", ["Hà Giang", "Hà Nam"])).toEqual([]);
  });

  it("formats none, one, two and three suggestions", () => {
    expect(formatDidYouMean([])).toBe("");
    expect(formatDidYouMean(["A"])).toBe(' Did you mean "A"?');
    expect(formatDidYouMean(["A", "B"])).toBe(' Did you mean "A" or "B"?');
    expect(formatDidYouMean(["A", "B", "C"])).toBe(' Did you mean "A", "B", or "C"?');
  });
});
