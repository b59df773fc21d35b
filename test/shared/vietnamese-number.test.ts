import { describe, expect, it } from "vitest";
import { decimalPlaces, parseVietnameseNumber } from "../../src/shared/vietnamese-number.js";

const value = (text: string) => {
  const parsed = parseVietnameseNumber(text);
  return parsed.ok ? parsed.value : `refused: ${parsed.reason}`;
};

describe("parseVietnameseNumber", () => {
  it.each([
    ["170,8", "170.8"],
    ["1.234,5", "1234.5"],
    ["1 234,5", "1234.5"],
    ["1\u00a0234,5", "1234.5"],
    ["170.8", "170.8"],
    ["17.816", "17.816"],
    ["1.234", "1.234"],
    ["1.234.567", "1234567"],
    ["1 234", "1234"],
    ["101 112.7", "101112.7"],
    ["-3", "-3"],
    ["-0", "0"],
    ["+4", "4"],
    ["007", "7"],
    ["8.0", "8.0"],
    ["  42 ", "42"],
  ])("reads %j as the exact decimal %j", (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it.each([
    ["", "the value is empty"],
    ["abc", "it is not a number"],
    ["12,3,4", "more than one comma"],
    ["1,234.5", "a comma comes before a dot"],
    ["12.34.5", "three digits each"],
    [".5", "start and end with a digit"],
    ["5.", "start and end with a digit"],
    ["1 23,5", "three digits each"],
    ["7O5.3", "it is not a number"],
  ])("refuses %j because %s", (text, reason) => {
    expect(value(text)).toContain(reason);
  });

  it("counts the digits after the point as printed", () => {
    expect([decimalPlaces("8.0"), decimalPlaces("12"), decimalPlaces("17.816")]).toEqual([1, 0, 3]);
  });
});
