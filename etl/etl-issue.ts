/**
 * A problem the ETL found in its inputs. Errors reject the whole load; warnings are reported and recorded.
 * `message` is a full sentence that quotes the culprit and suggests the fix, for example:
 * `Unknown province "Ha Giangg" in published/funding.csv line 12, column geo_name. Did you mean "Hà Giang" (02)?`
 */
export interface EtlIssue {
  readonly severity: "error" | "warning";
  /** Path relative to the data folder, with `#Sheet` for a workbook sheet: `published/funding.xlsx#funding`. */
  readonly file: string;
  /** 1-based line in the file, counting the header as line 1 (for XLSX: the sheet's row number). */
  readonly line?: number;
  readonly column?: string;
  readonly value?: string;
  readonly message: string;
}

export const etlError = (issue: Omit<EtlIssue, "severity">): EtlIssue => ({ severity: "error", ...issue });
export const etlWarning = (issue: Omit<EtlIssue, "severity">): EtlIssue => ({
  severity: "warning",
  ...issue,
});
