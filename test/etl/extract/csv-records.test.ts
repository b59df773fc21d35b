import { describe, expect, it } from "vitest";
import { CsvFault, CsvRecordParser, type CsvRecord } from "../../../etl/extract/csv-records.js";

/** Parses `text` fed in chunks of `size` characters (every split point is exercised with size 1). */
function parse(text: string, size = text.length): CsvRecord[] {
  const parser = new CsvRecordParser();
  const out: CsvRecord[] = [];
  for (let at = 0; at < text.length; at += size) out.push(...parser.push(text.slice(at, at + size), false));
  out.push(...parser.push("", true));
  return out;
}

const fault = (text: string): Pick<CsvFault, "code" | "line" | "field"> => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof CsvFault) return { code: error.code, line: error.line, field: error.field };
    throw error;
  }
  throw new Error("no fault");
};

describe("CsvRecordParser", () => {
  const text = '\ufeffa,b,c\r\n1,"x, ""y""",3\r\n\r\n4,"two\r\nlines",6\n7,8,"9"\n"",,last-without-newline';
  const expected = [
    { line: 1, cells: ["a", "b", "c"] },
    { line: 2, cells: ["1", 'x, "y"', "3"] },
    { line: 4, cells: ["4", "two\nlines", "6"] },
    { line: 6, cells: ["7", "8", "9"] },
    { line: 7, cells: ["", "", "last-without-newline"] },
  ];

  it("reads quoted fields, doubled quotes, CRLF, blank lines and a last line without a newline", () => {
    expect(parse(text)).toEqual(expected);
  });

  it("gives the same records however the input is split into chunks", () => {
    for (const size of [1, 2, 3, 7]) expect(parse(text, size)).toEqual(expected);
  });

  it("reports a quote never closed at the line of the record that opens it, with its field", () => {
    expect(fault('a,b,c\n1,2,3\n4,5,"open\n7,8,9\n')).toEqual({ code: "unclosed-quote", line: 3, field: 2 });
  });

  it("reports a closing quote followed by other characters, and a quote inside an unquoted field", () => {
    expect(fault('a,b\n"x"y,1\n')).toEqual({ code: "invalid-closing-quote", line: 2, field: 0 });
    expect(fault('a,b\n1,x"y\n')).toEqual({ code: "invalid-opening-quote", line: 2, field: 1 });
  });

  it("reports a record with a different number of fields from the first", () => {
    expect(fault("a,b\n1,2\n3\n")).toEqual({ code: "field-count", line: 3, field: undefined });
  });
});
