import { describe, expect, it } from "vitest";
import { checkHeader } from "../../../etl/extract/input-columns.js";

const FUNDING =
  "year,period,geo_level,geo_code,geo_name,funding_source,budget_level,measure,amount_billion_vnd,source_url,source_title,source_date,note".split(
    ",",
  );
const header = (kind: "funding" | "cpi", columns: string[]) => ({
  file: "f.csv",
  kind,
  header: columns,
  headerLine: 1,
});

describe("checkHeader", () => {
  it("accepts the headers of the default data", () => {
    expect(checkHeader(header("funding", FUNDING))).toEqual([]);
  });

  it("accepts amount + unit and an activity column instead of amount_billion_vnd", () => {
    const columns = FUNDING.filter((c) => c !== "amount_billion_vnd").concat(["amount", "unit", "activity"]);
    expect(checkHeader(header("funding", columns))).toEqual([]);
  });

  it("reports a missing required column at the header line", () => {
    const issues = checkHeader(
      header(
        "funding",
        FUNDING.filter((c) => c !== "measure"),
      ),
    );
    expect(issues.map((i) => [i.line, i.column, i.message.split(":")[0]])).toEqual([
      [1, "measure", 'Missing column "measure" in f.csv line 1 (the header)'],
    ]);
  });

  it("reports a funding table without any amount", () => {
    const issues = checkHeader(
      header(
        "funding",
        FUNDING.filter((c) => c !== "amount_billion_vnd"),
      ),
    );
    expect(issues.map((i) => i.message)).toEqual([
      'Missing column "amount_billion_vnd" in f.csv line 1 (the header): a funding table needs its amount as amount_billion_vnd or amount + unit.',
    ]);
  });

  it("reports an unknown column with a did-you-mean, and a duplicate column", () => {
    const issues = checkHeader(
      header("cpi", [
        "year",
        "cpi_avg_change_pct",
        "source_url",
        "source_title",
        "source_date",
        "notes",
        "year",
      ]),
    );
    expect(issues.map((i) => i.message)).toEqual([
      'Unknown column "notes" in f.csv line 1 (the header). Did you mean "note"?',
      'Duplicate column "year" in f.csv line 1 (the header): remove one of them.',
    ]);
  });
});
