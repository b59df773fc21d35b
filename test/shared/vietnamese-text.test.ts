import { describe, expect, it } from "vitest";
import { didYouMean, formatDidYouMean } from "../../src/shared/did-you-mean.js";
import { foldDiacritics, matchName, normalizeName } from "../../src/shared/vietnamese-text.js";

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

describe("matchName", () => {
  it.each([
    ["hanoi", "Hà Nội", "exact"],
    ["Ha Noi", "Thành phố Hà Nội", "exact"],
    ["daklak", "Đắk Lắk", "exact"],
    ["dak lak", "Đắk Lắk", "exact"],
    ["DAK-LAK", "Đắk Lắk", "exact"],
    ["TP.HCM", "TP HCM", "exact"],
    ["tphcm", "TP HCM", "exact"],
    ["tphcm", "Thành phố Hồ Chí Minh", "abbreviation"],
    ["hcm", "Hồ Chí Minh", "abbreviation"],
    ["brvt", "Bà Rịa - Vũng Tàu", "abbreviation"],
    ["giang", "Hà Giang", "partial"],
    ["hagi", "Hà Giang", "partial"],
    ["hanoi", "Hà Nam", null],
    ["h", "Hà Nội", "partial"],
    ["-", "Hà Nội", null],
    ["Hà Nội", "", null],
  ] as const)("matches %j against %j as %s", (typed, name, match) => {
    expect(matchName(typed, name)).toBe(match);
  });

  it("does not take one letter for the initials of a one-word name", () => {
    expect(matchName("h", "Huế")).toBe("partial");
    expect(matchName("hu", "Huế")).toBe("partial");
  });
});

describe("didYouMean", () => {
  it("prefers the names that hold every typed word over names closer by letters", () => {
    const names = ["Thái Nguyên", "Tây Ninh", "Khu vực miền Trung - Tây Nguyên", "miền Trung Tây Nguyên"];
    expect(didYouMean("Tây Nguyên", names)).toEqual([
      "miền Trung Tây Nguyên",
      "Khu vực miền Trung - Tây Nguyên",
    ]);
    expect(didYouMean("tay nguyen", ["Thái Nguyên", "Tây Ninh"])).toEqual(["Thái Nguyên"]);
    expect(
      didYouMean("north conference", ["sources/2024-05-north-conference-xviii.txt", "https://x.vn/north"]),
    ).toEqual(["sources/2024-05-north-conference-xviii.txt"]);
  });

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
