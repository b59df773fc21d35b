import { describe, expect, it } from "vitest";
import { decimalPlaces, parseVietnameseNumber, readNumber } from "../../src/shared/vietnamese-number.js";

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
    ["0.125", "0.125"],
    ["1,234.5", "1234.5"],
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
    ["1.234", "it is 1.234 where numbers are written 1,234.5 and 1234 where they are written 1.234,5"],
    ["12.345", "it is 12.345 where numbers are written 1,234.5 and 12345 where they are written 1.234,5"],
    ["1,436", "it is 1436 where numbers are written 1,234.5 and 1.436 where they are written 1.234,5"],
    ["1.234 567", "it mixes spaces and dots"],
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

describe("readNumber", () => {
  it.each([
    ["170,8", "170.8", "decimal-comma"],
    ["1.234,5", "1234.5", "decimal-comma"],
    ["1.234.567", "1234567", "decimal-comma"],
    ["0,5", "0.5", "decimal-comma"],
    ["170.8", "170.8", "decimal-point"],
    ["1,234.5", "1234.5", "decimal-point"],
    ["101 112.7", "101112.7", "decimal-point"],
    ["0.125", "0.125", "decimal-point"],
    ["1234", "1234", null],
    ["1 234", "1234", null],
    ["-3", "-3", null],
  ])("reads %j as %j, a text that shows the format %j", (text, value, shows) => {
    expect(readNumber(text)).toEqual({ kind: "number", value, shows });
  });

  it("gives both readings of a text the two formats read differently", () => {
    expect(readNumber("12.345")).toEqual({
      kind: "ambiguous",
      readings: { "decimal-comma": "12345", "decimal-point": "12.345" },
    });
    expect(readNumber("-1.234")).toEqual({
      kind: "ambiguous",
      readings: { "decimal-comma": "-1234", "decimal-point": "-1.234" },
    });
  });

  it("reads an ambiguous text under a declared format, and refuses a text only the other format reads", () => {
    expect(readNumber("12.345", "decimal-comma")).toEqual({ kind: "number", value: "12345", shows: null });
    expect(readNumber("12.345", "decimal-point")).toEqual({ kind: "number", value: "12.345", shows: null });
    expect(readNumber("1.234,5", "decimal-comma")).toEqual({
      kind: "number",
      value: "1234.5",
      shows: "decimal-comma",
    });
    expect(readNumber("170.8", "decimal-comma")).toEqual({
      kind: "invalid",
      reason: "it is written with a decimal point, but the numbers here are declared decimal-comma",
    });
    expect(readNumber("170,8", "decimal-point")).toEqual({
      kind: "invalid",
      reason: "it is written with a decimal comma, but the numbers here are declared decimal-point",
    });
  });
});
